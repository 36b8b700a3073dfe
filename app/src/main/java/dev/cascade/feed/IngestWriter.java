package dev.cascade.feed;

import dev.cascade.core.model.FeedGap;
import dev.cascade.core.normalize.FeedGapFrames;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.core.port.FrameBus;
import dev.cascade.core.port.FrameSink;
import dev.cascade.replay.RecordedFeedWriter;
import dev.cascade.store.DuckDbStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single store writer: drains the {@link FrameQueue}, records raw frames (optional), normalizes them through the
 * {@link Pipeline} (stateful normalizers need one thread) straight into the store, and flushes the store every
 * {@code flushMs}. Latency is measured per frame from receipt to two points: appended to the store, and committed by
 * the flush that made it durable and visible.
 *
 * <p>Distributed mode ({@link #toBus}): the same loop hands raw frames to a {@link FrameBus} instead of the pipeline
 * (consumers normalize them), and a flush waits until the bus has acknowledged every frame sent so far. Feed-gap
 * markers are events made here, not frames: in bus mode each goes on the bus as a frame of the pseudo-feed
 * {@link FeedGapFrames#SOURCE}, which consumers' pipelines turn back into the gap and store; they are also kept in
 * {@link #busGaps()} for the collector's summary.
 */
public final class IngestWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestWriter.class);

    private final FrameQueue queue;
    private final FrameSink frames;
    private final Runnable flushTarget;
    private final List<FeedGap> busGaps;
    private final DuckDbStore store;
    private final RecordedFeedWriter recorder;
    private final long flushMs;
    private final Thread thread;
    private final LatencyHistogram appended = new LatencyHistogram();
    private final LatencyHistogram committed = new LatencyHistogram();
    private final AtomicLong frameCount = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong flushNanos = new AtomicLong();
    private final AtomicLong maxFlushNanos = new AtomicLong();
    private volatile boolean stopping;
    private volatile Throwable failure;
    private long[] pending = new long[1024];
    private int pendingCount;

    public IngestWriter(FrameQueue queue, Pipeline pipeline, DuckDbStore store, RecordedFeedWriter recorder, long flushMs) {
        this(queue, pipeline, store::flush, store, null, recorder, flushMs);
    }

    /** Distributed mode: frames go to {@code bus}; a flush waits for the bus's acknowledgements. */
    public static IngestWriter toBus(FrameQueue queue, FrameBus bus, RecordedFeedWriter recorder, long flushMs) {
        return new IngestWriter(queue, bus, bus::flush, null, Collections.synchronizedList(new ArrayList<>()), recorder, flushMs);
    }

    private IngestWriter(FrameQueue queue, FrameSink frames, Runnable flushTarget, DuckDbStore store, List<FeedGap> busGaps,
                         RecordedFeedWriter recorder, long flushMs) {
        this.queue = queue;
        this.frames = frames;
        this.flushTarget = flushTarget;
        this.store = store;
        this.busGaps = busGaps;
        this.recorder = recorder;
        this.flushMs = flushMs;
        this.thread = new Thread(this::run, "store-writer");
        this.thread.setDaemon(true);
    }

    public IngestWriter start() {
        thread.start();
        return this;
    }

    private void run() {
        long lastFlush = System.nanoTime();
        try {
            while (true) {
                List<FrameQueue.Item> batch = queue.drain(4096, Math.max(1, flushMs / 4));
                if (batch.isEmpty() && stopping) {
                    break;
                }
                for (FrameQueue.Item it : batch) {
                    handle(it);
                }
                if (System.nanoTime() - lastFlush >= flushMs * 1_000_000L) {
                    flush();
                    lastFlush = System.nanoTime();
                }
            }
            flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("store writer stopped: {}", e.toString());
        }
    }

    private void handle(FrameQueue.Item it) {
        if (it instanceof FrameQueue.FrameItem f) {
            if (recorder != null) {
                recorder.write(f.frame());
            }
            frames.accept(f.frame());
            frameCount.incrementAndGet();
            long now = System.nanoTime();
            appended.record(now - f.receiveNanos());
            if (pendingCount == pending.length) {
                pending = java.util.Arrays.copyOf(pending, pending.length * 2);
            }
            pending[pendingCount++] = f.receiveNanos();
        } else {
            MarketEvent e = ((FrameQueue.EventItem) it).event();
            if (store != null) {
                store.accept(e);
            } else if (e instanceof FeedGap g) {
                busGaps.add(g);
                frames.accept(FeedGapFrames.encode(g));
            }
        }
    }

    private void flush() {
        long t = System.nanoTime();
        flushTarget.run();
        long took = System.nanoTime() - t;
        flushes.incrementAndGet();
        flushNanos.addAndGet(took);
        maxFlushNanos.accumulateAndGet(took, Math::max);
        if (recorder != null) {
            recorder.flush();
        }
        long now = System.nanoTime();
        for (int i = 0; i < pendingCount; i++) {
            committed.record(now - pending[i]);
        }
        pendingCount = 0;
        if (pending.length > 1 << 16) {
            pending = new long[1024];
        }
    }

    /** Store flushes so far, their total and their longest duration (ms): the writer appends nothing meanwhile. */
    public String flushSummary() {
        long n = flushes.get();
        return String.format(java.util.Locale.ROOT, "%d flushes, mean %.1f ms, max %.1f ms", n,
                n == 0 ? 0.0 : flushNanos.get() / 1e6 / n, maxFlushNanos.get() / 1e6);
    }

    public long frames() {
        return frameCount.get();
    }

    /** Bus mode: the feed gaps sent on the bus so far. Empty in embedded mode, where they are stored. */
    public List<FeedGap> busGaps() {
        return busGaps == null ? List.of() : List.copyOf(busGaps);
    }

    /** Receive -> appended to the store. */
    public LatencyHistogram appendLatency() {
        return appended;
    }

    /** Receive -> committed (durable and queryable). */
    public LatencyHistogram commitLatency() {
        return committed;
    }

    public Throwable failure() {
        return failure;
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    /** Drains what is queued, flushes, and stops. */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
