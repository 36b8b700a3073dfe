package dev.cascade.cli;

import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.feed.FrameQueue;
import dev.cascade.ingest.FlushPolicy;
import dev.cascade.ingest.ReplayFileSource;
import dev.cascade.ingest.Spine;
import dev.cascade.ingest.StoreSink;
import dev.cascade.replay.Replayer;
import dev.cascade.store.DuckDbStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay recorded-feed files (JSON lines of raw frames, optionally .gz) through the normalizers into the store.",
                "Replaying the same file twice stores each event once."})
final class ReplayCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Recorded-feed files (.jsonl or .jsonl.gz).")
    List<Path> files;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        try (DuckDbStore db = DuckDbStore.open(store.db)) {
            Replayer.Result r = run(files, db, System.err);
            printSummary(out, r, db.stats());
            return exitCode(r);
        }
    }

    /** Through the ingest spine at full speed: the same queue, normalizers, store sink and flush policy as live. */
    static Replayer.Result run(List<Path> files, DuckDbStore db, PrintStream progressOut) {
        ProgressBar bar = new ProgressBar(progressOut, "replay");
        long start = System.nanoTime();
        ReplayFileSource source = new ReplayFileSource(files, 0, 0, false, bar::update);
        try (Spine spine = new Spine(Instruments.withDefaults(), List.of(new StoreSink(db)), FrameQueue.standard(),
                FlushPolicy.MAX_INTERVAL_MS)) {
            spine.start(source);
            try {
                source.awaitFinished();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            spine.flushNow();
            bar.done();
            return new Replayer.Result(source.results(), spine.counts(), System.nanoTime() - start);
        }
    }

    static int exitCode(Replayer.Result r) {
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
    }
}
