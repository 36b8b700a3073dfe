package dev.cascade.scaleout;

import dev.cascade.cli.CascadeCli;
import dev.cascade.cli.IngestCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cascade-scaleout}: the distributed-mode commands (publish recorded feeds or live feeds ({@code ingest --bus},
 * the embedded command with the bus adapters on the classpath) onto the bus, consume the bus into a
 * store, run a local broker, measure the bus). A separate entry point because the Kafka/ClickHouse adapters live in
 * their own module, which the embedded {@code cascade} jar does not carry. Exit codes as {@code cascade}: 0 ok,
 * 1 failed, 2 bad usage, 3 done but some input was rejected.
 */
@Command(name = "cascade-scaleout", mixinStandardHelpOptions = true, version = "cascade-scaleout 0.1.0",
        description = "Distributed mode: collectors -> Kafka (raw frames) -> consumers (same normalizers) -> ClickHouse or DuckDB.",
        subcommands = {PublishCommand.class, ConsumeCommand.class, BrokerCommand.class, ClickHouseCommand.class, ClickHouseDdlCommand.class,
                BenchCommand.class, IngestCommand.class,
                CommandLine.HelpCommand.class})
public final class ScaleoutCli implements Runnable {
    static final int EXIT_FAILED = CascadeCli.EXIT_FAILED;
    static final int EXIT_INPUT_REJECTED = CascadeCli.EXIT_INPUT_REJECTED;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        return CascadeCli.withErrorHandling(new CommandLine(new ScaleoutCli()));
    }

    public static void main(String[] args) {
        // The Kafka server and clients log a great deal at INFO; keep Cascade's own lines and everyone's warnings.
        defaultProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        defaultProperty("org.slf4j.simpleLogger.log.dev.cascade", "info");
        System.exit(commandLine().execute(args));
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
