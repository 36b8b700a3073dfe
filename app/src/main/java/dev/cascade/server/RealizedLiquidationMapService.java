package dev.cascade.server;

/** Realized liquidations by price and time, from event-level rows in the store (aggregate rows carry no price). */
public final class RealizedLiquidationMapService implements LiquidationMapService {
    private final DashboardQueries queries;

    public RealizedLiquidationMapService(DashboardQueries queries) {
        this.queries = queries;
    }

    @Override
    public LiquidationMap map(long fromTs, long toTs, String coin, long priceBucketE8, long timeBucketMs) {
        return new LiquidationMap("realized", coin, fromTs, toTs, priceBucketE8,
                queries.liquidationsByPrice(fromTs, toTs, coin, priceBucketE8), timeBucketMs,
                queries.liquidationHeatmap(fromTs, toTs, coin, timeBucketMs, priceBucketE8));
    }
}
