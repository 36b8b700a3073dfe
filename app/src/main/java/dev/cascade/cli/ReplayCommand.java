package dev.cascade.cli;

import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.feed.FrameQueue;
import dev.cascade.ingest.FlushPolicy;
import dev.cascade.ingest.ReplayFileSource;
import dev.cascade.ingest.Spine;
import dev.cascade.ingest.SpineSink;
import dev.cascade.ingest.StoreSink;
import dev.cascade.replay.RecordedFeedReader;
import dev.cascade.replay.RejectionTally;
import dev.cascade.replay.Replayer;
import dev.cascade.store.DuckDbStore;
import dev.cascade.wire.WireJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay recorded-feed files (JSON lines of raw frames, optionally .gz) through the normalizers into the store.",
                "Replaying the same file twice stores each event once."})
final class ReplayCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Recorded-feed files (.jsonl or .jsonl.gz).")
    List<Path> files;

    @Option(names = "--max-line-mib", paramLabel = "MIB", defaultValue = "16",
            description = "Cap on one decompressed line, checked while reading: a longer line is skipped and counted (default: ${DEFAULT-VALUE}).")
    int maxLineMib;

    @Mixin
    OutputOption output = new OutputOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (maxLineMib < 1 || maxLineMib > 1024) {
            throw new ParameterException(spec.commandLine(), "--max-line-mib must be between 1 and 1024, got " + maxLineMib);
        }
        // Every file is checked before the store is opened: a typo fails clearly (exit 2) and creates no empty store.
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new ParameterException(spec.commandLine(), "FILE: no such file: " + f);
            }
        }
        PrintStream out = System.out;
        try (DuckDbStore db = DuckDbStore.open(store.db)) {
            Replayer.Result r = run(files, db, System.err, maxLineMib << 20);
            switch (output.format) {
                case json -> out.println(WireJson.pretty(summary(r, db.stats())));
                case csv -> {
                    Csv.print(out, "feed", "frames", "events", "rejected", "last_error");
                    for (Pipeline.FeedCounts c : r.feeds().values()) {
                        Csv.print(out, c.source(), c.frames(), c.events(), c.malformed(), c.lastError());
                    }
                }
                default -> printSummary(out, r, db.stats());
            }
            return exitCode(r);
        }
    }

    /** The replay's outcome as a JSON document: totals, per feed, per file, and the rejections per feed and reason. */
    static Map<String, Object> summary(Replayer.Result r, DuckDbStore.Stats stats) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames", r.frames());
        m.put("events", r.events());
        m.put("stored", stats.stored());
        m.put("alreadyStored", stats.duplicates());
        m.put("elapsedMs", r.elapsedNanos() / 1_000_000);
        m.put("feeds", r.feeds().values());
        m.put("files", r.files().stream().map(f -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("file", f.file().toString());
            x.put("lines", f.lines());
            x.put("badLines", f.badLines());
            x.put("truncation", f.truncation());
            x.put("openError", f.openError());
            return x;
        }).toList());
        m.put("rejected", r.rejections().total());
        m.put("rejectedByFeed", r.rejections().byFeed());
        m.put("storeFailure", r.storeFailure());
        return m;
    }

    /** Through the ingest spine at full speed: the same queue, normalizers, store sink and flush policy as live. */
    static Replayer.Result run(List<Path> files, DuckDbStore db, PrintStream progressOut) {
        return run(files, db, progressOut, RecordedFeedReader.DEFAULT_MAX_LINE_BYTES);
    }

    static Replayer.Result run(List<Path> files, DuckDbStore db, PrintStream progressOut, int maxLineBytes) {
        ProgressBar bar = new ProgressBar(progressOut, "replay");
        long start = System.nanoTime();
        RejectionTally rejections = new RejectionTally();
        ReplayFileSource source = new ReplayFileSource(files, 0, 0, false, bar::update, maxLineBytes, rejections);
        // A bulk import needs no deep queue (the writer sets the pace) and flushes smaller batches: the reader may hold
        // a line of up to maxLineBytes meanwhile, and a replay must fit a 64 MiB heap (HostileRecordedLinesTest).
        try (Spine spine = new Spine(Instruments.withDefaults(), List.of(new StoreSink(db)), new FrameQueue(4096, 256L << 10),
                FlushPolicy.MAX_INTERVAL_MS / 4)) {
            // Malformed frames are counted in the same tally as bad lines (on the writer thread; the tally is synchronized).
            spine.onReject((feed, frame, reason) -> rejections.count(feed, reason));
            spine.start(source);
            try {
                source.awaitFinished();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            spine.flushNow();
            bar.done();
            Replayer.logUnlogged(rejections);
            SpineSink.Down storeFailed = spine.halted(); // the replay stopped early: reported, then exit 1
            return new Replayer.Result(source.results(), spine.counts(), rejections, System.nanoTime() - start,
                    storeFailed == null ? null : storeFailed.getMessage());
        }
    }

    static int exitCode(Replayer.Result r) {
        if (r.storeFailure() != null) {
            return CascadeCli.EXIT_FAILED;
        }
        boolean rejected = r.rejectedFrames() > 0 || r.badLines() > 0
                || r.files().stream().anyMatch(f -> !f.complete());
        return rejected ? CascadeCli.EXIT_INPUT_REJECTED : CascadeCli.EXIT_OK;
    }

    static void printSummary(PrintStream out, Replayer.Result r, DuckDbStore.Stats stats) {
        double secs = r.elapsedNanos() / 1e9;
        out.printf(Locale.ROOT, "Replayed %d frames -> %d events in %.2fs (%.0f frames/s); stored %d new, %d already stored%n",
                r.frames(), r.events(), secs, r.frames() / Math.max(secs, 1e-9), stats.stored(), stats.duplicates());
        out.println(Format.pad("feed", 16) + Format.padLeft("frames", 10) + Format.padLeft("events", 10) + Format.padLeft("rejected", 10));
        for (Pipeline.FeedCounts c : r.feeds().values()) {
            out.println(Format.pad(c.source(), 16) + Format.padLeft(Long.toString(c.frames()), 10)
                    + Format.padLeft(Long.toString(c.events()), 10) + Format.padLeft(Long.toString(c.malformed()), 10)
                    + (c.lastError() == null ? "" : "   last error: " + c.lastError()));
        }
        for (Replayer.FileResult f : r.files()) {
            if (f.openError() != null) {
                out.println("NOT REPLAYED " + f.file() + ": " + f.openError());
            } else if (f.truncation() != null) {
                out.println("TRUNCATED " + f.file() + ": " + f.truncation());
            }
            if (f.badLines() > 0) {
                out.println(f.badLines() + " bad line(s) skipped in " + f.file());
            }
        }
        printRejections(out, r);
        if (r.storeFailure() != null) {
            out.println("STOPPED EARLY, the store failed (not the input): " + r.storeFailure());
        }
    }

    /** Every rejection, per feed and reason; and how many were counted without being logged one by one. */
    private static void printRejections(PrintStream out, Replayer.Result r) {
        long total = r.rejections().total();
        if (total == 0) {
            return;
        }
        out.printf(Locale.ROOT, "rejected %d line(s) or frame(s); the first %d were logged, %d more were not logged one by one%n",
                total, Math.min(total, Replayer.MAX_LOGGED_REJECTS), r.unloggedRejections());
        r.rejections().byFeed().forEach((feed, reasons) -> reasons.forEach((reason, n) ->
                out.println("  " + Format.pad(feed, 16) + Format.padLeft(Long.toString(n), 10) + "  " + reason)));
    }
}
