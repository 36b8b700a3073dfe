package dev.cascade.server;

import dev.cascade.core.analytics.Drawdown;
import dev.cascade.core.port.QueryStore;

import java.util.List;

/**
 * Post-mortem of one window. The store-backed {@link StoreAutopsyService} is the interim implementation; the
 * analytics of issue #4 (dev.cascade.core.analytics) plug in here.
 */
public interface AutopsyService {
    /** Open-interest drawdown of one feed over the window (USD e6). */
    record OiDrawdown(String source, Drawdown drawdown) {
    }

    /**
     * @param buckets     liquidations per {@code bucketMs}, by side
     * @param peakBucket  the bucket with the most notional, or null
     * @param notes       caveats a reader must see (lower bounds, aggregate sources)
     */
    record Autopsy(long fromTs, long toTs, String coin, long totalUsdE6, long longUsdE6, long shortUsdE6, long count,
                   boolean lowerBound, List<QueryStore.LiquidationTotal> byExchange, long bucketMs,
                   List<DashboardQueries.SideBucket> buckets, DashboardQueries.SideBucket peakBucket,
                   List<OiDrawdown> openInterest, List<String> notes) {
    }

    Autopsy autopsy(long fromTs, long toTs, String coin);
}
