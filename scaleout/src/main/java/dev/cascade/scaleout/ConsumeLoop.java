package dev.cascade.scaleout;

import dev.cascade.core.normalize.Pipeline;
import dev.cascade.core.port.DurableSink;
import dev.cascade.core.port.EventSource;
import dev.cascade.core.record.RecordedFrame;

import java.util.List;

/**
 * The distributed-mode consumer: frames from an {@link EventSource} (Kafka) through the same {@link Pipeline} of
 * normalizers as embedded mode into a {@link DurableSink} (ClickHouse or DuckDB). A checkpoint is: flush the store,
 * then commit the source. Nothing is committed that is not durable, and anything durable but not yet committed comes
 * back after a crash and is dropped by the store's event-id dedupe, so a restarted consumer stores nothing twice.
 */
public final class ConsumeLoop {
    /** Checkpoint after this many frames or this much time, whichever comes first. */
    public record Options(int checkpointFrames, long checkpointMs, long pollMs) {
        public static final Options DEFAULT = new Options(50_000, 1_000, 200);

        public Options {
            if (checkpointFrames <= 0 || checkpointMs <= 0 || pollMs <= 0) {
                throw new IllegalArgumentException("checkpoint frames, checkpoint ms and poll ms must be positive");
            }
        }
    }

    /** When to stop: asked after every poll. */
    @FunctionalInterface
    public interface StopWhen {
        boolean stop(long framesSoFar, long idleMs);

        static StopWhen idleFor(long ms) {
            return (frames, idle) -> idle >= ms;
        }

        static StopWhen afterFrames(long n) {
            return (frames, idle) -> frames >= n;
        }
    }

    /** Told about each checkpoint between the flush and the commit (tests use it to die in that window). */
    @FunctionalInterface
    public interface CheckpointListener {
        void flushedNotCommitted(long framesSoFar);
    }

    /** Outcome of one run. */
    public record Stats(long frames, long events, long rejectedFrames, long undecodable, long checkpoints, long stored,
                        long elapsedNanos) {
        public double framesPerSecond() {
            return frames / Math.max(elapsedNanos / 1e9, 1e-9);
        }
    }

    private final EventSource source;
    private final Pipeline pipeline;
    private final DurableSink store;
    private final Options options;
    private CheckpointListener listener = framesSoFar -> { };
    private volatile boolean stopRequested;

    public ConsumeLoop(EventSource source, Pipeline pipeline, DurableSink store, Options options) {
        this.source = source;
        this.pipeline = pipeline;
        this.store = store;
        this.options = options;
    }

    public ConsumeLoop onCheckpoint(CheckpointListener l) {
        this.listener = l;
        return this;
    }

    /** Asks a running loop (from another thread, e.g. a shutdown hook) to checkpoint and return. */
    public void requestStop() {
        stopRequested = true;
    }

    public Stats run(StopWhen stopWhen) {
        long start = System.nanoTime();
        long frames = 0;
        long sinceCheckpoint = 0;
        long checkpoints = 0;
        long stored = 0;
        long lastCheckpoint = start;
        long lastData = start;
        while (!stopRequested) {
            List<RecordedFrame> batch = source.poll(options.pollMs());
            long now = System.nanoTime();
            if (!batch.isEmpty()) {
                lastData = now;
                for (RecordedFrame f : batch) {
                    pipeline.accept(f);
                }
                frames += batch.size();
                sinceCheckpoint += batch.size();
            }
            if (sinceCheckpoint >= options.checkpointFrames()
                    || (sinceCheckpoint > 0 && (now - lastCheckpoint) / 1_000_000 >= options.checkpointMs())) {
                stored += checkpoint(frames);
                checkpoints++;
                sinceCheckpoint = 0;
                lastCheckpoint = System.nanoTime();
            }
            if (stopWhen.stop(frames, (now - lastData) / 1_000_000)) {
                break;
            }
        }
        if (sinceCheckpoint > 0) {
            stored += checkpoint(frames);
            checkpoints++;
        }
        long events = 0;
        long rejected = 0;
        for (Pipeline.FeedCounts c : pipeline.counts().values()) {
            events += c.events();
            rejected += c.malformed();
        }
        return new Stats(frames, events, rejected, source.undecodable(), checkpoints, stored, System.nanoTime() - start);
    }

    private long checkpoint(long framesSoFar) {
        long n = store.flush();
        listener.flushedNotCommitted(framesSoFar);
        source.commit();
        return n;
    }
}
