package dev.cascade.replay;

import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.core.port.EventSink;
import dev.cascade.core.record.RecordedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads recorded-feed files (the one loop that does: the ingest spine's replay source uses it too). Bad lines,
 * malformed frames and unknown feeds are counted per feed and reason ({@link RejectionTally}); the first
 * {@value #MAX_LOGGED_REJECTS} are logged with their file, line or source, and the result says how many more were
 * not logged. Everything else is delivered.
 */
public final class Replayer {
    private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);
    public static final int MAX_LOGGED_REJECTS = 20;

    /** Outcome of one file. */
    public record FileResult(Path file, long lines, long badLines, String truncation, String openError) {
        public boolean complete() {
            return truncation == null && openError == null;
        }
    }

    /**
     * Outcome of a replay. {@code storeFailure} is the message of the store failure that stopped it (disk full,
     * read-only, file gone), or null: the replay then ended early, and that is no fault of the input.
     */
    public record Result(List<FileResult> files, Map<String, Pipeline.FeedCounts> feeds, RejectionTally rejections,
                         long elapsedNanos, String storeFailure) {
        public Result(List<FileResult> files, Map<String, Pipeline.FeedCounts> feeds, RejectionTally rejections, long elapsedNanos) {
            this(files, feeds, rejections, elapsedNanos, null);
        }

        public long frames() {
            return feeds.values().stream().mapToLong(Pipeline.FeedCounts::frames).sum();
        }

        public long events() {
            return feeds.values().stream().mapToLong(Pipeline.FeedCounts::events).sum();
        }

        public long rejectedFrames() {
            return feeds.values().stream().mapToLong(Pipeline.FeedCounts::malformed).sum();
        }

        public long badLines() {
            return files.stream().mapToLong(FileResult::badLines).sum();
        }

        /** Rejected lines and frames beyond the first {@value #MAX_LOGGED_REJECTS}: counted, not logged one by one. */
        public long unloggedRejections() {
            return Math.max(0, rejections.total() - MAX_LOGGED_REJECTS);
        }
    }

    /** Progress callback: bytes read so far over all files, out of the total. */
    public interface Progress {
        void update(long bytesDone, long bytesTotal);
    }

    private final Instruments instruments;
    private final int maxLineBytes;

    public Replayer(Instruments instruments) {
        this(instruments, RecordedFeedReader.DEFAULT_MAX_LINE_BYTES);
    }

    /** With a cap on one decompressed recorded line (see {@link RecordedFeedReader}). */
    public Replayer(Instruments instruments, int maxLineBytes) {
        this.instruments = instruments;
        this.maxLineBytes = maxLineBytes;
    }

    /** Receives what {@link #read} reads: each file as it starts, then its frames in order. */
    public interface Frames {
        default void file(Path file) {
        }

        void frame(RecordedFrame frame);
    }

    /**
     * Normalizes the files straight into {@code sink} on the calling thread: for tests and tools that load a store.
     * The product's replays go through the ingest spine ({@code ReplayFileSource}), which reads with {@link #read}.
     */
    public Result replay(List<Path> files, EventSink sink, Progress progress) {
        long start = System.nanoTime();
        RejectionTally tally = new RejectionTally();
        Pipeline pipeline = new Pipeline(instruments, sink, (source, frame, reason) -> {
            tally.count(source, reason);
            if (tally.total() <= MAX_LOGGED_REJECTS) {
                LOG.warn("rejected frame from {}: {} | {}", source, reason, abbreviate(frame));
            }
        });
        List<FileResult> results = read(files, maxLineBytes, tally, pipeline::accept, progress);
        logUnlogged(tally);
        return new Result(results, pipeline.counts(), tally, System.nanoTime() - start);
    }

    /** Says how many rejections went uncounted in the log (they are all in the tally). */
    public static void logUnlogged(RejectionTally tally) {
        if (tally.total() > MAX_LOGGED_REJECTS) {
            LOG.warn("{} more rejected lines or frames were not logged one by one (counted per feed and reason in the summary)",
                    tally.total() - MAX_LOGGED_REJECTS);
        }
    }

    /**
     * Reads recorded-feed files in order and hands every frame on. Bad lines and a truncated tail are counted and
     * counted in {@code tally} per feed and reason, and logged with their file and line while the tally holds at most
     * {@value #MAX_LOGGED_REJECTS}; a line longer than {@code maxLineBytes} is a bad line. A file that cannot be
     * opened is reported in its result and the next one is read. An exception thrown by {@code frames} stops the read
     * and is rethrown.
     */
    public static List<FileResult> read(List<Path> files, int maxLineBytes, RejectionTally tally, Frames frames,
                                        Progress progress) {
        long total = files.stream().mapToLong(f -> f.toFile().length()).sum();
        long doneBefore = 0;
        List<FileResult> results = new ArrayList<>();
        for (Path file : files) {
            RecordedFeedReader reader;
            try {
                reader = new RecordedFeedReader(file, maxLineBytes);
            } catch (IOException e) {
                LOG.error("cannot replay {}: {}", file, e.getMessage());
                results.add(new FileResult(file, 0, 0, null, e.getMessage()));
                continue;
            }
            frames.file(file);
            long[] bad = {0};
            long base = doneBefore;
            boolean complete;
            try {
                complete = reader.readAll(new RecordedFeedReader.Handler() {
                    long count;

                    @Override
                    public void frame(RecordedFrame frame) {
                        frames.frame(frame);
                        if (++count % 4096 == 0) {
                            progress.update(base + reader.bytesRead(), total);
                        }
                    }

                    @Override
                    public void badLine(long lineNumber, String reason) {
                        badLine(lineNumber, null, reason);
                    }

                    @Override
                    public void badLine(long lineNumber, String source, String reason) {
                        bad[0]++;
                        tally.count(source, reason);
                        if (tally.total() <= MAX_LOGGED_REJECTS) {
                            LOG.warn("{}:{}: bad recorded line{}: {}", file, lineNumber,
                                    source == null ? "" : " of " + source, reason);
                        }
                    }
                });
            } finally {
                try {
                    reader.close();
                } catch (IOException e) {
                    LOG.debug("closing {}: {}", file, e.getMessage());
                }
            }
            if (!complete) {
                LOG.warn("{}: {}; every complete line before it was replayed", file, reader.truncation());
            }
            doneBefore += file.toFile().length();
            progress.update(doneBefore, total);
            results.add(new FileResult(file, reader.lineNumber(), bad[0], reader.truncation(), null));
        }
        return results;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
