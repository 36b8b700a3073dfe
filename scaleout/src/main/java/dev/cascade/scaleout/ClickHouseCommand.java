package dev.cascade.scaleout;

import dev.cascade.scaleout.clickhouse.LocalClickHouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "clickhouse", mixinStandardHelpOptions = true,
        description = {"Run a real ClickHouse server (" + LocalClickHouse.SERVER_VERSION + ", HTTP interface) on 127.0.0.1 for trying",
                "distributed mode on one machine. The first run downloads the engine (" + LocalClickHouse.PACKAGE + "@"
                        + LocalClickHouse.PACKAGE_VERSION + ", 178 MB, npm registry) into $CASCADE_CACHE or ~/.cache/cascade and",
                "compiles its launcher with gcc. Production uses a ClickHouse cluster: point --store at it."})
final class ClickHouseCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8123", paramLabel = "PORT", description = "HTTP port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--dir", defaultValue = "cascade-clickhouse", paramLabel = "DIR", description = "Data directory (default ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() throws InterruptedException {
        if (port <= 0 || port > 65_535) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--port must be in 1..65535, got " + port);
        }
        LocalClickHouse ch = LocalClickHouse.start(port, dir);
        Runtime.getRuntime().addShutdownHook(new Thread(ch::close, "clickhouse-shutdown"));
        System.out.println("ClickHouse " + LocalClickHouse.SERVER_VERSION + " ready: --store " + ch.url("cascade") + " (data in "
                + dir.toAbsolutePath() + "; Ctrl-C stops)");
        System.out.flush();
        int rc = ch.awaitExit();
        System.err.println("the ClickHouse engine stopped (exit " + rc + "); its log: " + dir.resolve("engine.log"));
        return rc == 0 ? 0 : ScaleoutCli.EXIT_FAILED;
    }
}
