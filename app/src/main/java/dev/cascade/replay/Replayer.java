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
 * Reads recorded-feed files (the one loop that does: the ingest spine's replay source uses it too). Bad lines, malformed
 * frames and unknown feeds are counted and logged with their file, line or source; everything else is delivered.
 */
public final class Replayer {
    private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);
    private static final int MAX_LOGGED_REJECTS = 20;

    /** Outcome of one file. */
    public record FileResult(Path file, long lines, long badLines, String truncation, String openError) {
        public boolean complete() {
            return truncation == null && openError == null;
        }
    }

    /** Outcome of a replay. */
    public record Result(List<FileResult> files, Map<String, Pipeline.FeedCounts> feeds, long elapsedNanos) {
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
    }

    /** Progress callback: bytes read so far over all files, out of the total. */
    public interface Progress {
        void update(long bytesDone, long bytesTotal);
    }

    private final Instruments instruments;

    public Replayer(Instruments instruments) {
        this.instruments = instruments;
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
        int[] logged = {0};
        Pipeline pipeline = new Pipeline(instruments, sink, (source, frame, reason) -> {
            if (logged[0]++ < MAX_LOGGED_REJECTS) {
                LOG.warn("rejected frame from {}: {} | {}", source, reason, abbreviate(frame));
            }
        });
        List<FileResult> results = read(files, pipeline::accept, progress);
        return new Result(results, pipeline.counts(), System.nanoTime() - start);
    }

    /**
     * Reads recorded-feed files in order and hands every frame on. Bad lines and a truncated tail are counted and
     * logged with their file and line (at most 20 lines logged per call); a file that cannot be opened is reported in
     * its result and the next one is read. An exception thrown by {@code frames} stops the read and is rethrown.
     */
    public static List<FileResult> read(List<Path> files, Frames frames, Progress progress) {
        int[] logged = {0};
        long total = files.stream().mapToLong(f -> f.toFile().length()).sum();
        long doneBefore = 0;
        List<FileResult> results = new ArrayList<>();
        for (Path file : files) {
            RecordedFeedReader reader;
            try {
                reader = new RecordedFeedReader(file);
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
                        bad[0]++;
                        if (logged[0]++ < MAX_LOGGED_REJECTS) {
                            LOG.warn("{}:{}: bad recorded line: {}", file, lineNumber, reason);
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
