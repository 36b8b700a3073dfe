package dev.cascade.cli;

import dev.cascade.core.port.ReadStore;
import dev.cascade.replay.Replayer;
import dev.cascade.store.DuckDbStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Offline demo: replay the bundled data (data/) into a store and tell two crashes from it:",
                "19 May 2021 (real: BitMEX one-minute bars, CoinGlass daily liquidations and OI for 7 coins, Binance funding)",
                "and 10-11 Oct 2025 (real CoinGlass 4-hour rows; its minute-level feed is SYNTHETIC and labelled so)."})
final class DemoCommand implements Callable<Integer> {
    /** A crash the demo tells, and the window its autopsy covers. */
    record Crash(String title, String dir, long from, long to) {
        Crash(String title, String dir, String from, String to) {
            this(title, dir, Instant.parse(from).toEpochMilli(), Instant.parse(to).toEpochMilli());
        }
    }

    static final Crash MAY_2021 = new Crash("19 May 2021", "may-2021", "2021-05-18T00:00:00Z", "2021-05-21T00:00:00Z");
    static final Crash OCT_2025 = new Crash("10-11 Oct 2025", "oct-2025", "2025-10-10T00:00:00Z", "2025-10-12T00:00:00Z");

    @Option(names = "--data", paramLabel = "DIR", description = "Bundled data directory (default: data/ of the Cascade checkout).")
    Path data;

    @Option(names = "--db", paramLabel = "FILE", defaultValue = "cascade-demo.duckdb", description = "Store file (default: ${DEFAULT-VALUE}).")
    Path db;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for the autopsy files (default: out/ beside the store file; "
            + "one sub-directory per crash).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path dir = data != null ? data : defaultDataDir();
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--data: no such directory: " + dir);
        }
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
            Path outDir = this.out != null ? this.out : db.toAbsolutePath().getParent().resolve("out");
            try (ReadStore reads = store.reader()) {
                for (Crash crash : List.of(MAY_2021, OCT_2025)) {
                    out.println();
                    out.println("== Autopsy of the " + crash.title() + " crash (cascade autopsy --from " + day(crash.from())
                            + " --to " + day(crash.to()) + " --symbol BTC) ==");
                    AutopsyCommand.run(reads.queries(), crash.from(), crash.to(), "BTC", outDir.resolve(crash.dir()), AutopsyCommand.ReportFormat.all, out);
                }
            }
        }
        return exit;
    }

    private static String day(long ts) {
        return Instant.ofEpochMilli(ts).toString().substring(0, 10);
    }

    static Path defaultDataDir() {
        String home = System.getProperty("cascade.home");
        Path base = home != null ? Path.of(home) : Path.of("");
        return base.resolve("data");
    }
}
