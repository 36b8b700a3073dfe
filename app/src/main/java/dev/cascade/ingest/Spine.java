package dev.cascade.ingest;

import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.core.record.RecordedFrame;
import dev.cascade.feed.FrameQueue;
import dev.cascade.feed.LatencyHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one ingest pipeline. Sources (live exchange connectors, recorded-file replays, a resumable source such as the
 * Kafka bus) put raw frames into one bounded
 * {@link FrameQueue}; two threads in a row take it from there, each stage confined to its own thread: the normalizer
 * drains the queue and normalizes each frame (the normalizers are stateful: one thread), and the writer hands frames
 * and events to the sinks in queue order (recording file, live broadcast and alerts, store, bus). Two stages, not
 * one, because the store's flush spends most of its time in DuckDB's native code: the next frames are normalized
 * meanwhile, on the other core (a bounded hand-off of {@value #HANDOFF_BATCHES} batches between them). The
 * {@link FlushPolicy} is applied on the writer and nowhere else: every sink is flushed at least once per interval. A
 * source that must know when its frames are durable (to commit its position upstream, as the Kafka bus does) queues a
 * {@link FrameQueue.DurableMark} after them: the flush that covers them completes it.
 *
 * <p>Latency is measured per frame from receipt to two points: handed to the sinks, and committed by the flush that
 * made it durable and visible. A sink that throws is counted and logged (first few, then every 1000th) and the writer
 * goes on: one bad event must not stop everything after it. A sink that throws {@link SpineSink.Down} (the store
 * failed: disk full, read-only, file gone) stops ingestion instead: one message, the sources closed, nothing more
 * handed on, and {@link #halted()} for the command to report.
 */
public final class Spine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Spine.class);
    private static final int BATCH = 4096;
    static final int HANDOFF_BATCHES = 4;
    /** What the normalizer hands the writer, in queue order; {@link #END} once the spine is closed. */
    private static final List<Object> END = List.of();

    /** A live frame, before the events normalized from it. */
    private record Frame(RecordedFrame frame, long receiveNanos) {
    }

    /** A live event normalized from the frame received at {@code receiveNanos}. */
    private record Event(MarketEvent event, long receiveNanos) {
    }

    /** An event a source made itself ({@link #publish}, a feed gap): its latency runs from when the writer takes it. */
    private record Published(MarketEvent event) {
    }

    /** An event of history loaded at start-up. */
    private record History(MarketEvent event) {
    }

    private final FrameQueue queue;
    private final List<SpineSink> sinks;
    private final boolean normalize;
    private final Pipeline live;
    private final Pipeline history;
    private final FlushPolicy flushPolicy;
    private final List<SpineSource> sources = new CopyOnWriteArrayList<>();
    private final Thread normalizer;
    private final Thread thread;
    private final ArrayBlockingQueue<List<Object>> handoff = new ArrayBlockingQueue<>(HANDOFF_BATCHES);
    /** The batch the normalizer is filling (normalizer thread only). */
    private List<Object> out = new ArrayList<>();
    private final Map<String, AtomicLong> rejectLogs = new ConcurrentHashMap<>();
    private final LatencyHistogram handed = new LatencyHistogram();
    private final LatencyHistogram committed = new LatencyHistogram();
    private final AtomicLong frameCount = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong flushNanos = new AtomicLong();
    private final AtomicLong maxFlushNanos = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile Throwable lastFailure;
    private volatile Pipeline.Rejects rejectListener = (source, frame, reason) -> { };
    private volatile boolean stopping;
    private volatile SpineSink.Down halted;
    private final List<Runnable> haltListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong discarded = new AtomicLong();
    private long currentReceiveNanos;
    private boolean started;
    private long[] pending = new long[1024];
    private int pendingCount;
    /** Marks waiting for the next flush (writer thread only). */
    private final List<CompletableFuture<Void>> marks = new ArrayList<>();

    public Spine(Instruments instruments, List<SpineSink> sinks, FrameQueue queue, long flushMs) {
        this.queue = queue;
        this.sinks = List.copyOf(sinks);
        this.normalize = this.sinks.stream().anyMatch(SpineSink::wantsEvents);
        this.live = new Pipeline(instruments, this::toSinks, this::rejected);
        // History has its own normalizer state: a start-up load must not leave state that the live feed then continues.
        this.history = new Pipeline(instruments, this::historyToSinks, this::rejected);
        this.flushPolicy = FlushPolicy.checked(flushMs);
        this.normalizer = new Thread(this::normalizeLoop, "spine-normalizer");
        this.normalizer.setDaemon(true);
        this.thread = new Thread(this::writeLoop, "spine-writer");
        this.thread.setDaemon(true);
    }

    /** Starts the writer, then each source. */
    public Spine start(SpineSource... toStart) {
        synchronized (this) {
            if (!started) {
                started = true;
                thread.start();
                normalizer.start();
            }
        }
        for (SpineSource s : toStart) {
            add(s);
        }
        return this;
    }

    /** Adds and starts a source on a running spine. */
    public void add(SpineSource source) {
        sources.add(source);
        source.start(queue);
    }

    /** Hands an already-normalized live event to the sinks, in queue order; waits while the queue is full. */
    public void publish(MarketEvent e) {
        try {
            queue.putBounded(new FrameQueue.EventItem(e));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until everything queued before this call is written and flushed (at most 60 s). A sink that failed is
     * counted and logged as ever ({@link #failures}, {@link #halted}); this only waits.
     */
    public void flushNow() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            queue.put(new FrameQueue.DurableMark(done, true));
            done.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // not durable: the failure is the spine's to report
        } catch (TimeoutException e) {
            throw new IllegalStateException("flush did not finish within 60 s (writer " + (thread.isAlive() ? "busy" : "stopped") + ")");
        }
    }

    /** Stage one: drains the queue, normalizes, and hands each batch's frames and events on in queue order. */
    private void normalizeLoop() {
        try {
            while (true) {
                // The writer keeps the flush clock; this stage only wakes now and then to see whether the spine closed.
                List<FrameQueue.Item> batch = queue.drain(BATCH, 50);
                if (batch.isEmpty()) {
                    if (stopping) {
                        break;
                    }
                    continue;
                }
                for (FrameQueue.Item it : batch) {
                    if (halted != null) {
                        discard(it);
                    } else {
                        normalize(it);
                    }
                }
                handOn();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                handoff.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void handOn() throws InterruptedException {
        List<Object> full = out;
        out = new ArrayList<>(Math.max(16, full.size()));
        handoff.put(full);
    }

    /** After a halt: nothing more reaches the sinks, but the queue keeps moving so no producer or flushNow waits. */
    private void discard(Object it) {
        if (it instanceof FrameQueue.DurableMark m) {
            m.durable().completeExceptionally(halted);
        } else if (!(it instanceof Event) && !(it instanceof History)) {
            discarded.incrementAndGet();
        }
    }

    private void normalize(FrameQueue.Item it) {
        try {
            if (it instanceof FrameQueue.FrameItem f) {
                if (f.history()) {
                    history.accept(f.frame());
                    return;
                }
                out.add(new Frame(f.frame(), f.receiveNanos()));
                if (normalize) {
                    currentReceiveNanos = f.receiveNanos();
                    live.accept(f.frame());
                }
            } else if (it instanceof FrameQueue.EventItem e) {
                out.add(new Published(e.event()));
            } else {
                out.add(it);
            }
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void toSinks(MarketEvent e) {
        out.add(new Event(e, currentReceiveNanos));
    }

    private void historyToSinks(MarketEvent e) {
        out.add(new History(e));
    }

    /** Stage two: hands every frame and event to the sinks in order, and flushes them when the policy says so. */
    private void writeLoop() {
        try {
            while (true) {
                List<Object> batch = handoff.poll(flushPolicy.waitMillis(), TimeUnit.MILLISECONDS);
                if (batch == END) {
                    break;
                }
                if (batch != null) {
                    for (Object it : batch) {
                        if (halted != null) {
                            discard(it);
                        } else {
                            write(it);
                        }
                    }
                }
                // Once per batch, however many events (or none) its frames yielded: the clock decides, not the count.
                if (flushPolicy.due()) {
                    flush();
                }
            }
            flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(Object it) {
        try {
            if (it instanceof Event e) {
                for (SpineSink s : sinks) {
                    s.event(e.event(), e.receiveNanos());
                }
            } else if (it instanceof Frame f) {
                for (SpineSink s : sinks) {
                    s.frame(f.frame());
                }
                frameCount.incrementAndGet();
                handed.record(System.nanoTime() - f.receiveNanos());
                if (pendingCount == pending.length) {
                    pending = Arrays.copyOf(pending, pending.length * 2);
                }
                pending[pendingCount++] = f.receiveNanos();
            } else if (it instanceof History h) {
                for (SpineSink s : sinks) {
                    s.history(h.event());
                }
            } else if (it instanceof Published p) {
                long now = System.nanoTime();
                for (SpineSink s : sinks) {
                    s.event(p.event(), now);
                }
            } else if (it instanceof FrameQueue.DurableMark m) {
                marks.add(m.durable());
                if (m.flushNow()) {
                    flush();
                }
            }
        } catch (SpineSink.Down e) {
            halt(e);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void flush() {
        if (halted != null) {
            return;
        }
        long t = System.nanoTime();
        RuntimeException sinkFailed = null;
        for (SpineSink s : sinks) {
            try {
                s.flush();
            } catch (SpineSink.Down e) {
                halt(e);
                return;
            } catch (RuntimeException e) {
                failed(e);
                sinkFailed = e;
            }
        }
        settleMarks(sinkFailed);
        flushPolicy.flushed();
        long now = System.nanoTime();
        long took = now - t;
        flushes.incrementAndGet();
        flushNanos.addAndGet(took);
        maxFlushNanos.accumulateAndGet(took, Math::max);
        for (int i = 0; i < pendingCount; i++) {
            committed.record(now - pending[i]);
        }
        pendingCount = 0;
        if (pending.length > 1 << 16) {
            pending = new long[1024];
        }
    }

    /**
     * A sink that cannot go on (the store failed): stop ingesting, say so once, close the sources (from another thread:
     * they may be waiting for queue space this thread frees) and tell the command, which reports what was stored.
     */
    private void halt(SpineSink.Down d) {
        if (halted != null) {
            return;
        }
        halted = d;
        lastFailure = d;
        failures.incrementAndGet();
        settleMarks(d);
        LOG.error("ingestion stopped: {}", d.getMessage());
        Thread stopper = new Thread(() -> {
            for (SpineSource s : sources) {
                s.close();
            }
            haltListeners.forEach(Runnable::run);
        }, "spine-halt");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** Completes the marks covered by the flush just made: durable, or never to be ({@code failure}). */
    private void settleMarks(Throwable failure) {
        for (CompletableFuture<Void> m : marks) {
            if (failure == null) {
                m.complete(null);
            } else {
                m.completeExceptionally(failure);
            }
        }
        marks.clear();
    }

    /** The failure that stopped ingestion (the store failed), or null while it runs. */
    public SpineSink.Down halted() {
        return halted;
    }

    /** Throws the failure that stopped ingestion, if one did (commands call it where they report their outcome). */
    public void throwIfHalted() {
        if (halted != null) {
            throw halted;
        }
    }

    /** Runs {@code listener} once ingestion has stopped on a sink failure (at once if it already has). */
    public Spine onHalt(Runnable listener) {
        haltListeners.add(listener);
        if (halted != null) {
            listener.run();
        }
        return this;
    }

    /** Frames and events dropped after a halt (they reached no sink). */
    public long discarded() {
        return discarded.get();
    }

    private void failed(RuntimeException e) {
        lastFailure = e;
        long n = failures.incrementAndGet();
        if (n <= 5 || n % 1000 == 0) {
            LOG.error("ingest writer: sink failed (#{}): {}", n, e.toString());
        }
    }

    /** Also tells {@code listener} (e.g. the server's metrics) of every rejected frame, on the normalizer thread. */
    public Spine onReject(Pipeline.Rejects listener) {
        this.rejectListener = listener;
        return this;
    }

    /** Malformed frames are counted by the pipeline; the log gets the first few per source, then every 1000th. */
    private void rejected(String source, String frame, String reason) {
        rejectListener.rejected(source, frame, reason);
        long k = rejectLogs.computeIfAbsent(source, x -> new AtomicLong()).incrementAndGet();
        if (k <= 5 || k % 1000 == 0) {
            String head = frame.length() > 120 ? frame.substring(0, 120) + "..." : frame;
            LOG.warn("{}: rejected frame #{} ({}): {}", source, k, reason, head);
        }
    }

    /** Per-feed frame, event and malformed counts of the live frames. */
    public Map<String, Pipeline.FeedCounts> counts() {
        return live.counts();
    }

    /** Per-feed counts of the history loaded at start-up. */
    public Map<String, Pipeline.FeedCounts> historyCounts() {
        return history.counts();
    }

    /** Every feed of every source, in the order the sources were added. */
    public List<SourceStatus> status() {
        List<SourceStatus> out = new ArrayList<>();
        for (SpineSource s : sources) {
            out.addAll(s.status());
        }
        return out;
    }

    public List<SpineSource> sources() {
        return List.copyOf(sources);
    }

    public FrameQueue queue() {
        return queue;
    }

    /** Live frames handed to the sinks so far. */
    public long frames() {
        return frameCount.get();
    }

    /** Receive -> handed to the sinks (stored, broadcast). */
    public LatencyHistogram handLatency() {
        return handed;
    }

    /** Receive -> committed (durable and queryable). */
    public LatencyHistogram commitLatency() {
        return committed;
    }

    /** Flushes so far, their mean and longest duration (ms): the writer hands nothing on meanwhile. */
    public String flushSummary() {
        long n = flushes.get();
        return String.format(Locale.ROOT, "%d flushes, mean %.1f ms, max %.1f ms", n,
                n == 0 ? 0.0 : flushNanos.get() / 1e6 / n, maxFlushNanos.get() / 1e6);
    }

    /** Sink failures so far (each logged), and the last one, or null. */
    public long failures() {
        return failures.get();
    }

    public Throwable lastFailure() {
        return lastFailure;
    }

    /** Stops the sources, then writes and flushes everything still queued, then stops the writer. */
    @Override
    public void close() {
        for (SpineSource s : sources) {
            s.close();
        }
        stopping = true;
        boolean running;
        synchronized (this) {
            running = started;
        }
        if (running) {
            try {
                normalizer.join(30_000);
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            // Never started (a setup failure): nothing was drained, nothing to flush beyond what sinks hold.
            flush();
        }
    }
}
