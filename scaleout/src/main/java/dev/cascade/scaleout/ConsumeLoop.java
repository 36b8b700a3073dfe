package dev.cascade.scaleout;

import dev.cascade.core.normalize.Pipeline;
import dev.cascade.core.port.DurableSink;
import dev.cascade.core.port.EventSource;
import dev.cascade.core.record.RecordedFrame;
import dev.cascade.ingest.FlushPolicy;

import java.util.List;

/**
 * The distributed-mode consumer: frames from an {@link EventSource} (Kafka) through the same {@link Pipeline} of
 * normalizers as embedded mode into a {@link DurableSink} (ClickHouse or DuckDB). A checkpoint is: flush the store,
 * then commit the source. Nothing is committed that is not durable, and anything durable but not yet committed comes
 * back after a crash and is dropped by the store's event-id dedupe, so a restarted consumer stores nothing twice.
 */
public final class ConsumeLoop {
    /**
     * Checkpoint after this many frames or this much time, whichever comes first; the time rule is the project's one
     * {@link FlushPolicy} (the default: at most a second unflushed; tests stretch it to checkpoint by count alone).
     */
    public record Options(int checkpointFrames, long checkpointMs, long pollMs) {
        public static final Options DEFAULT = new Options(50_000, FlushPolicy.MAX_INTERVAL_MS, 200);

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
    // Run state, shared with the rebalance callback (which runs on the loop's own thread, inside source.poll()).
    private long frames;
    private long sinceCheckpoint;
    private long checkpoints;
    private long stored;
    private FlushPolicy flushPolicy;

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
        frames = 0;
        sinceCheckpoint = 0;
        checkpoints = 0;
        stored = 0;
        flushPolicy = new FlushPolicy(options.checkpointMs());
        // A rebalance is a checkpoint too: hand partitions over with everything processed so far stored and committed.
        source.beforeReassign(() -> {
            if (sinceCheckpoint > 0) {
                checkpointNow();
            }
        });
        try {
            loop(stopWhen, start);
        } finally {
            // Once the loop has ended (or died) a later close() must not checkpoint: a crash leaves offsets as they were.
            source.beforeReassign(() -> { });
        }
        long events = 0;
        long rejected = 0;
        for (Pipeline.FeedCounts c : pipeline.counts().values()) {
            events += c.events();
            rejected += c.malformed();
        }
        return new Stats(frames, events, rejected, source.undecodable(), checkpoints, stored, System.nanoTime() - start);
    }

    private void loop(StopWhen stopWhen, long start) {
        long lastData = start;
        while (!stopRequested) {
            // Poll no longer than the flush policy allows, so a trickle of frames is still checkpointed on time.
            List<RecordedFrame> batch = source.poll(Math.min(options.pollMs(), flushPolicy.waitMillis()));
            long now = System.nanoTime();
            if (!batch.isEmpty() || !source.caughtUp()) { // idle time counts only once everything there was is read
                lastData = now;
            }
            if (!batch.isEmpty()) {
                for (RecordedFrame f : batch) {
                    pipeline.accept(f);
                }
                frames += batch.size();
                sinceCheckpoint += batch.size();
            }
            if (sinceCheckpoint >= options.checkpointFrames()
                    || (sinceCheckpoint > 0 && flushPolicy.due())) {
                checkpointNow();
            }
            if (stopWhen.stop(frames, (now - lastData) / 1_000_000)) {
                break;
            }
        }
        if (sinceCheckpoint > 0) {
            checkpointNow();
        }
    }

    private void checkpointNow() {
        stored += store.flush();
        listener.flushedNotCommitted(frames);
        source.commit();
        checkpoints++;
        sinceCheckpoint = 0;
        flushPolicy.flushed();
    }
}
