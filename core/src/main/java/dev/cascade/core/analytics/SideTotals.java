package dev.cascade.core.analytics;

import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.QueryStore;

import java.util.Collection;

/**
 * Liquidations split by the side of the position liquidated.
 *
 * @param longUsd    USD e6 of longs liquidated
 * @param shortUsd   USD e6 of shorts liquidated
 * @param lowerBound true if any part came from a sampled feed (then the totals are lower bounds)
 */
public record SideTotals(long longUsd, long shortUsd, long longCount, long shortCount, boolean lowerBound) {
    public static final SideTotals ZERO = new SideTotals(0, 0, 0, 0, false);

    public long totalUsd() {
        return Math.addExact(longUsd, shortUsd);
    }

    public long count() {
        return longCount + shortCount;
    }

    /** Long share of the total in parts per million (0 when nothing was liquidated). */
    public long longSharePpm() {
        long total = totalUsd();
        return total == 0 ? 0 : Fixed.divScaled(longUsd, 6, total);
    }

    /** Long/short liquidation ratio, e6 (2.5 = 2_500_000); -1 when no short was liquidated (ratio undefined). */
    public long longShortRatioE6() {
        return shortUsd == 0 ? -1 : Fixed.divScaled(longUsd, 6, shortUsd);
    }

    public SideTotals plus(String side, long usd, long count, boolean lower) {
        boolean isLong = "LONG".equals(side);
        return new SideTotals(isLong ? Math.addExact(longUsd, usd) : longUsd, isLong ? shortUsd : Math.addExact(shortUsd, usd),
                isLong ? longCount + count : longCount, isLong ? shortCount : shortCount + count, lowerBound || lower);
    }

    /** Both totals added: only for totals of the same {@link dev.cascade.core.model.SourceClass}. */
    public SideTotals plus(SideTotals o) {
        return new SideTotals(Math.addExact(longUsd, o.longUsd), Math.addExact(shortUsd, o.shortUsd), longCount + o.longCount,
                shortCount + o.shortCount, lowerBound || o.lowerBound);
    }

    public static SideTotals ofBuckets(Collection<QueryStore.LiquidationBucket> buckets) {
        SideTotals t = ZERO;
        for (QueryStore.LiquidationBucket b : buckets) {
            t = t.plus(b.side(), b.notionalUsd(), b.count(), b.lowerBound());
        }
        return t;
    }

}
