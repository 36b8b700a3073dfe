package dev.cascade.scaleout;

import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.core.port.DurableSink;
import dev.cascade.core.port.EventSource;
import dev.cascade.feed.FrameQueue;
import dev.cascade.ingest.FlushPolicy;
import dev.cascade.ingest.ResumableSource;
import dev.cascade.ingest.Spine;
import dev.cascade.ingest.SpineSink;
import dev.cascade.ingest.StoreSink;

import java.util.ArrayList;
import java.util.List;

/**
 * The distributed-mode consumer: the ingest spine with the bus as its source ({@link ResumableSource} over a Kafka
 * consumer) and the store (ClickHouse or DuckDB) as its sink. The same normalizers, queue, writer thread and flush
 * policy as embedded ingest; offsets are committed only after the flush that stored their frames' events.
 */
public final class BusConsumer {
    /** Outcome of one run. */
    public record Stats(long frames, long events, long rejectedFrames, long undecodable, long checkpoints, long stored,
                        long elapsedNanos) {
        public double framesPerSecond() {
            return frames / Math.max(elapsedNanos / 1e9, 1e-9);
        }
    }

    private final ResumableSource<?> source;
    private final DurableSink store;
    private final List<SpineSink> alsoTo = new ArrayList<>();

    public <P> BusConsumer(String name, EventSource<P> bus, DurableSink store, ResumableSource.Options options,
                           ResumableSource.StopWhen stopWhen) {
        this.source = new ResumableSource<>(name, bus, options, stopWhen);
        this.store = store;
    }

    /** Also hands every event to {@code sink} (after the store). */
    public BusConsumer alsoTo(SpineSink sink) {
        alsoTo.add(sink);
        return this;
    }

    public BusConsumer onCommit(ResumableSource.CommitListener l) {
        source.onCommit(l);
        return this;
    }

    /** Asks a running consumer (from another thread, e.g. a shutdown hook) to checkpoint and stop; waits until it has. */
    public void stop() {
        source.close();
    }

    /**
     * Runs until the stop rule, {@link #stop}, or a failure. A store that fails stops ingestion and is thrown
     * ({@link SpineSink.Down}: nothing was committed past what was stored); so is whatever stopped the source.
     */
    public Stats run() throws InterruptedException {
        long start = System.nanoTime();
        StoreSink storeSink = new StoreSink(store);
        List<SpineSink> sinks = new ArrayList<>();
        sinks.add(storeSink);
        sinks.addAll(alsoTo);
        Spine spine = new Spine(Instruments.withDefaults(), sinks, FrameQueue.standard(), FlushPolicy.MAX_INTERVAL_MS);
        try (spine) {
            spine.start(source);
            source.awaitFinished();
        }
        spine.throwIfHalted();
        Throwable failed = source.failure();
        if (failed instanceof RuntimeException re) {
            throw re;
        }
        if (failed instanceof Error err) {
            throw err;
        }
        long events = 0;
        long rejected = 0;
        for (Pipeline.FeedCounts c : spine.counts().values()) {
            events += c.events();
            rejected += c.malformed();
        }
        return new Stats(source.frames(), events, rejected, source.undecodable(), source.commits(), storeSink.stored(),
                System.nanoTime() - start);
    }
}
