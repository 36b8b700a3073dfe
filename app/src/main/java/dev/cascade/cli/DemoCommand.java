package dev.cascade.cli;

import dev.cascade.core.port.QueryStore;
import dev.cascade.replay.Replayer;
import dev.cascade.store.DuckDbStore;
import dev.cascade.store.SqlQueryStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Offline demo: replay the bundled real data (data/) into a store and report the 10-11 Oct 2025 crash:",
                "liquidation totals by side, the 4-hour buckets around it and the aggregated open-interest drawdown."})
final class DemoCommand implements Callable<Integer> {
    static final long CRASH_FROM = Instant.parse("2025-10-10T00:00:00Z").toEpochMilli();
    static final long CRASH_TO = Instant.parse("2025-10-12T00:00:00Z").toEpochMilli();

    @Option(names = "--data", paramLabel = "DIR", description = "Bundled data directory (default: data/ of the Cascade checkout).")
    Path data;

    @Option(names = "--db", paramLabel = "FILE", defaultValue = "cascade-demo.duckdb", description = "Store file (default: ${DEFAULT-VALUE}).")
    Path db;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for the autopsy files (default: out/ beside the store file).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, SQLException {
        Path dir = data != null ? data : defaultDataDir();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches(".*\\.jsonl(\\.gz)?")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no recorded-feed files (*.jsonl, *.jsonl.gz) in " + dir);
        }
        PrintStream out = System.out;
        out.println("Cascade demo: replaying " + files.size() + " bundled files from " + dir + " into " + db);
        int exit;
        try (DuckDbStore store = DuckDbStore.open(db)) {
            Replayer.Result r = ReplayCommand.run(files, store, System.err);
            ReplayCommand.printSummary(out, r, store.stats());
            exit = ReplayCommand.exitCode(r);
            out.println();
            try (Connection c = store.connect()) {
                report(out, c);
                out.println();
                out.println("== Autopsy of the 10-11 Oct 2025 crash (cascade autopsy --from 2025-10-10 --to 2025-10-12 --symbol BTC) ==");
                Path outDir = this.out != null ? this.out : db.toAbsolutePath().getParent().resolve("out");
                AutopsyCommand.run(c, CRASH_FROM, CRASH_TO, "BTC", outDir, AutopsyCommand.ReportFormat.all, out);
            }
        }
        return exit;
    }

    static Path defaultDataDir() {
        String home = System.getProperty("cascade.home");
        Path base = home != null ? Path.of(home) : Path.of("");
        return base.resolve("data");
    }

    static void report(PrintStream out, Connection c) throws SQLException {
        TimeArgs.Window crash = new TimeArgs.Window(CRASH_FROM, CRASH_TO);
        out.println("== 10-11 Oct 2025 crash (BTC; CoinGlass aggregate over its exchange subset) ==");
        QueryCommand.printTable(out, crash, new SqlQueryStore(c).liquidationTotals(CRASH_FROM, CRASH_TO,
                EnumSet.of(QueryStore.Dimension.EXCHANGE, QueryStore.Dimension.SIDE),
                // Only the real aggregate here: the bundle's synthetic event-level rows would count the same liquidations twice.
                new QueryStore.LiquidationFilter("COINGLASS", null, null)));
        // The 4-hour buckets and the OI flush follow in the autopsy, from the same store queries.
    }
}
