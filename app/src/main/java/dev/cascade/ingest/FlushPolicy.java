package dev.cascade.ingest;

import java.util.function.LongSupplier;

/**
 * The one flush rule of every writer in Cascade: at most {@code intervalMs} (never more than a second) of accepted
 * events unflushed, measured in wall time whatever arrives. A writer asks {@link #due} after every batch it handles,
 * however few events the batch yielded, and waits for input at most {@link #waitMillis}, so a quiet or event-poor
 * stream is flushed on time too. A killed process therefore loses at most the last interval of events.
 */
public final class FlushPolicy {
    public static final long MAX_INTERVAL_MS = 1000;

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long lastFlush;

    public FlushPolicy(long intervalMs) {
        this(intervalMs, System::nanoTime);
    }

    /** Any positive interval; writers that hold the project's rule check {@link #MAX_INTERVAL_MS} ({@link #checked}). */
    public FlushPolicy(long intervalMs, LongSupplier nanoClock) {
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("flush interval must be positive, got " + intervalMs);
        }
        this.intervalNanos = intervalMs * 1_000_000L;
        this.nanoClock = nanoClock;
        this.lastFlush = nanoClock.getAsLong();
    }

    /** The rule's bound: an interval in (0, {@link #MAX_INTERVAL_MS}] ms, else an IllegalArgumentException. */
    public static FlushPolicy checked(long intervalMs) {
        if (intervalMs <= 0 || intervalMs > MAX_INTERVAL_MS) {
            throw new IllegalArgumentException("flush interval must be in (0, " + MAX_INTERVAL_MS + "] ms, got " + intervalMs);
        }
        return new FlushPolicy(intervalMs);
    }

    /** True once the interval has passed since the last flush. */
    public boolean due() {
        return nanoClock.getAsLong() - lastFlush >= intervalNanos;
    }

    /** Records a flush just made. */
    public void flushed() {
        lastFlush = nanoClock.getAsLong();
    }

    /** How long a writer may block waiting for input before it must look at the clock again (at least 1 ms). */
    public long waitMillis() {
        long left = intervalNanos - (nanoClock.getAsLong() - lastFlush);
        return Math.max(1, left / 1_000_000L);
    }
}
