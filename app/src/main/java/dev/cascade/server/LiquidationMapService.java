package dev.cascade.server;

import java.util.List;

/**
 * Liquidations by price. The interim {@link RealizedLiquidationMapService} shows REALIZED liquidations (what was
 * liquidated at each price); the modeled map of issue #5 (estimated liquidation levels from open interest and
 * leverage) plugs in here and says so in {@code model}.
 */
public interface LiquidationMapService {
    /**
     * @param model what the numbers are ("realized" for observed liquidations, or the simulator's model name)
     */
    record LiquidationMap(String model, String coin, long fromTs, long toTs, long bucketE8,
                          List<DashboardQueries.PriceBucket> byPrice, long timeBucketMs, List<DashboardQueries.HeatCell> heatmap) {
    }

    LiquidationMap map(long fromTs, long toTs, String coin, long priceBucketE8, long timeBucketMs);
}
