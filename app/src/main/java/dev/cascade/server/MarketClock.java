package dev.cascade.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * "Now" for the dashboard: the latest liquidation time ingested. During a replay of 2025 data the 1h/24h cards must mean
 * the last hour of the replay, not of the wall clock; before anything arrives it falls back to the wall clock.
 */
public final class MarketClock {
    private final AtomicLong latest = new AtomicLong(Long.MIN_VALUE);
    private final LongSupplier wall;

    public MarketClock(LongSupplier wall) {
        this.wall = wall;
    }

    public void observe(long ts) {
        latest.accumulateAndGet(ts, Math::max);
    }

    public long now() {
        long l = latest.get();
        return l == Long.MIN_VALUE ? wall.getAsLong() : l;
    }

    public boolean hasData() {
        return latest.get() != Long.MIN_VALUE;
    }
}
