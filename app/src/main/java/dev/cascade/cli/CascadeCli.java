package dev.cascade.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `cascade` command. Exit codes: 0 ok, 1 failed, 2 bad usage, 3 done but some input was rejected (counted). */
@Command(name = "cascade", mixinStandardHelpOptions = true, version = "cascade 0.1.0",
        description = "Crypto-derivatives liquidation intelligence: ingest, store, analyze, simulate, serve.",
        subcommands = {DemoCommand.class, ReplayCommand.class, QueryCommand.class, VolumeCommand.class, ExportCommand.class,
                AutopsyCommand.class, IngestCommand.class, ServeCommand.class, SimulateCommand.class, StressCommand.class, LiqmapCommand.class,
                CommandLine.HelpCommand.class})
public final class CascadeCli implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INPUT_REJECTED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        return withErrorHandling(new CommandLine(new CascadeCli()));
    }

    /** Expected failures (missing file, closed store, bad data) print one line, not a stack trace (-Dcascade.trace=true shows it). */
    public static CommandLine withErrorHandling(CommandLine cl) {
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (Boolean.getBoolean("cascade.trace")) {
                ex.printStackTrace(cmd.getErr());
            }
            return EXIT_FAILED;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
