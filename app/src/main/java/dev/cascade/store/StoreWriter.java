package dev.cascade.store;

import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.port.EventSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Owns every write to the store from one thread. DuckDB Appenders are confined to the thread that created them, and a
 * flush (moving staged rows, dropping duplicates) can take tens of ms: here neither the ingest thread nor HTTP threads
 * ever touch the appender. Events wait in a bounded queue; if the store falls that far behind, {@link #accept} blocks
 * (stored data is never dropped) and the wait is counted.
 */
public final class StoreWriter implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);

    private record Flush(CountDownLatch done) {
    }

    private static final Object STOP = new Object();

    private final DuckDbStore store;
    private final BlockingQueue<Object> queue;
    private final long flushNanos;
    private final Thread thread;
    private final AtomicLong blockedNanos = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();

    public StoreWriter(DuckDbStore store, int capacity, long flushMs) {
        if (flushMs <= 0 || flushMs > 1000) {
            throw new IllegalArgumentException("flush interval must be in (0, 1000] ms, got " + flushMs);
        }
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.flushNanos = flushMs * 1_000_000L;
        this.thread = new Thread(this::run, "store-writer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void accept(MarketEvent e) {
        if (!queue.offer(e)) {
            long t0 = System.nanoTime();
            try {
                queue.put(e);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the store was behind", ie);
            }
            blockedNanos.addAndGet(System.nanoTime() - t0);
        }
    }

    /** Makes everything accepted so far durable and visible to queries. */
    public void flushNow() {
        CountDownLatch done = new CountDownLatch(1);
        try {
            queue.put(new Flush(done));
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("store flush did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long blockedMillis() {
        return blockedNanos.get() / 1_000_000L;
    }

    /** Rows made durable so far (after the last completed flush). */
    public long stored() {
        return stored.get();
    }

    public long failures() {
        return failures.get();
    }

    public int backlog() {
        return queue.size();
    }

    private void flushStore() {
        store.flush();
        stored.set(store.stats().stored());
    }

    private void run() {
        long nextFlush = System.nanoTime() + flushNanos;
        while (true) {
            Object o;
            try {
                o = queue.poll(Math.max(0, nextFlush - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                o = STOP;
            }
            try {
                if (o == STOP) {
                    flushStore();
                    return;
                } else if (o instanceof Flush f) {
                    flushStore();
                    f.done().countDown();
                } else if (o instanceof MarketEvent e) {
                    store.accept(e);
                }
                if (System.nanoTime() >= nextFlush) {
                    flushStore();
                    nextFlush = System.nanoTime() + flushNanos;
                }
            } catch (RuntimeException ex) {
                // One failed append or flush must not stop storing everything after it.
                failures.incrementAndGet();
                LOG.error("store write failed: {}", ex.getMessage());
                if (o instanceof Flush f) {
                    f.done().countDown();
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            queue.put(STOP);
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
