package dev.cascade.server;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.FeedGap;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.SourceClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Per-feed counters for the health panel: events, rate over the last minute (wall clock), gaps, completeness. */
public final class FeedHealth {
    private static final int WINDOW_S = 60;

    /** @param sourceClass what the feed's figures are (SYNTHETIC or AGGREGATE feeds are labelled where shown) */
    public record FeedStatus(String source, long events, long liquidations, double ratePerSec, long lastEventTs,
                             long lastReceiveWallMs, long gaps, String completeness, boolean lowerBound, SourceClass sourceClass) {
    }

    private final LongSupplier wallMs;
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();

    public FeedHealth(LongSupplier wallMs) {
        this.wallMs = wallMs;
    }

    private static final class Feed {
        final long[] perSecond = new long[WINDOW_S];
        final long[] secondOf = new long[WINDOW_S];
        long events;
        long liquidations;
        long lastEventTs = -1;
        long lastWall = -1;
        long gaps;
        Completeness completeness;
    }

    public void record(MarketEvent e) {
        Feed f = feeds.computeIfAbsent(e.source(), s -> new Feed());
        long now = wallMs.getAsLong();
        synchronized (f) {
            long sec = now / 1000;
            int slot = (int) (sec % WINDOW_S);
            if (f.secondOf[slot] != sec) {
                f.secondOf[slot] = sec;
                f.perSecond[slot] = 0;
            }
            f.perSecond[slot]++;
            f.events++;
            f.lastWall = now;
            if (e instanceof FeedGap) {
                f.gaps++;
            } else {
                f.lastEventTs = Math.max(f.lastEventTs, e.ts());
            }
            if (e instanceof Liquidation l) {
                f.liquidations++;
                f.completeness = l.completeness();
            }
        }
    }

    public List<FeedStatus> snapshot() {
        long sec = wallMs.getAsLong() / 1000;
        Map<String, FeedStatus> out = new TreeMap<>();
        feeds.forEach((source, f) -> {
            synchronized (f) {
                long n = 0;
                for (int i = 0; i < WINDOW_S; i++) {
                    // The current second is still filling: count the last 60 complete seconds.
                    if (f.secondOf[i] < sec && f.secondOf[i] >= sec - WINDOW_S) {
                        n += f.perSecond[i];
                    }
                }
                out.put(source, new FeedStatus(source, f.events, f.liquidations, n / (double) WINDOW_S, f.lastEventTs,
                        f.lastWall, f.gaps, f.completeness == null ? null : f.completeness.name(),
                        f.completeness != null && f.completeness.isLowerBound(), SourceClass.of(source, f.completeness)));
            }
        });
        return new ArrayList<>(out.values());
    }
}
