package dev.cascade.server;

import dev.cascade.core.analytics.Drawdown;
import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.QueryStore.Dimension;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * Interim autopsy straight from stored data: totals by side and exchange, liquidations per bucket, and the
 * open-interest drawdown of each feed ({@link Drawdown}). Cascade detection and price impact come with issue #4.
 */
public final class StoreAutopsyService implements AutopsyService {
    private final QueryStore totals;
    private final DashboardQueries queries;

    public StoreAutopsyService(QueryStore totals, DashboardQueries queries) {
        this.totals = totals;
        this.queries = queries;
    }

    /** A bucket size that gives a readable chart: 1 min up to 6 h, 5 min up to 1 d, 1 h up to 10 d, then 4 h. */
    static long bucketFor(long windowMs) {
        long h = 3_600_000L;
        if (windowMs <= 6 * h) {
            return 60_000L;
        } else if (windowMs <= 24 * h) {
            return 5 * 60_000L;
        } else if (windowMs <= 240 * h) {
            return h;
        }
        return 4 * h;
    }

    @Override
    public Autopsy autopsy(long fromTs, long toTs, String coin) {
        QueryStore.LiquidationFilter f = new QueryStore.LiquidationFilter(null, coin, null);
        List<QueryStore.LiquidationTotal> bySide = totals.liquidationTotals(fromTs, toTs, EnumSet.of(Dimension.SIDE), f);
        SideTotals sides = SideTotals.of(bySide);
        long count = sides.count();
        boolean lower = sides.lowerBound();
        List<QueryStore.LiquidationTotal> byExchange = totals.liquidationTotals(fromTs, toTs, EnumSet.of(Dimension.EXCHANGE), f);
        long bucketMs = bucketFor(toTs - fromTs);
        List<DashboardQueries.SideBucket> buckets = queries.liquidationBuckets(fromTs, toTs, bucketMs, f);
        DashboardQueries.SideBucket peak = buckets.stream()
                .max(Comparator.comparingLong(b -> b.longUsdE6() + b.shortUsdE6())).orElse(null);
        List<OiDrawdown> oi = new ArrayList<>();
        for (DashboardQueries.Series s : queries.openInterestByFeed(fromTs, toTs, Math.min(bucketMs, 4 * 3_600_000L), coin)) {
            long[] ts = s.points().stream().mapToLong(DashboardQueries.Point::ts).toArray();
            long[] v = s.points().stream().mapToLong(DashboardQueries.Point::value).toArray();
            oi.add(new OiDrawdown(s.source(), Drawdown.of(ts, v)));
        }
        List<String> notes = new ArrayList<>();
        if (lower) {
            notes.add("Lower bound: some sources publish only a sample of liquidations (Binance: at most one per symbol per second).");
        }
        if (byExchange.stream().anyMatch(t -> "COINGLASS".equals(t.exchange()))) {
            notes.add("COINGLASS rows are 4-hour aggregates over CoinGlass's exchange subset, not single orders; do not add them to venue rows.");
        }
        if (count == 0) {
            notes.add("No liquidations stored in this window.");
        }
        return new Autopsy(fromTs, toTs, coin, sides.totalUsdE6(), sides.longUsdE6(), sides.shortUsdE6(), count, lower, byExchange, bucketMs,
                buckets, peak, oi, notes);
    }
}
