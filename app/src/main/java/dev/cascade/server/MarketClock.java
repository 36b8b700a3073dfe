package dev.cascade.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * "Now" for the dashboard and the API's default windows. The live sources set it: the latest event time they have
 * delivered (a replay of 10 Oct 2025 makes "the last hour" an hour of 10 Oct, whatever the stored history holds).
 * History loaded into the store never moves it while a live source is attached: loading months of CoinGlass buckets
 * up to 14 Nov must not freeze the cards on 14 Nov while the feed plays 10 Oct. Until the first live event, "now" is
 * the wall clock when a live source is attached (live exchanges are on wall time), or the latest stored event when
 * none is (a history-only server still shows its data).
 */
public final class MarketClock {
    private static final long NONE = Long.MIN_VALUE;
    private final AtomicLong live = new AtomicLong(NONE);
    private final AtomicLong stored = new AtomicLong(NONE);
    private final LongSupplier wall;
    private volatile boolean liveSource;

    public MarketClock(LongSupplier wall) {
        this.wall = wall;
    }

    /** A live source is attached: until it delivers, "now" is the wall clock, not the stored history's end. */
    public void attachLiveSource() {
        liveSource = true;
    }

    /** An event from a live source (connector or replay). */
    public void observeLive(long ts) {
        live.accumulateAndGet(ts, Math::max);
    }

    /** An event loaded from history into the store. */
    public void observeStored(long ts) {
        stored.accumulateAndGet(ts, Math::max);
    }

    public long now() {
        long l = live.get();
        if (l != NONE) {
            return l;
        }
        long s = stored.get();
        return liveSource || s == NONE ? wall.getAsLong() : s;
    }

    /**
     * The exclusive end of "the last N hours" windows: just after {@link #now()}, so the event that set the clock is
     * inside. Every default window (cards, {@code /api/totals}, history, buckets) ends here, so they agree.
     */
    public long windowEnd() {
        return now() + 1;
    }

    public boolean hasData() {
        return live.get() != NONE || stored.get() != NONE;
    }
}
