package dev.cascade.core.sim.engine;

/**
 * What one engine step did. Prices e8, USD e6, quantities e8.
 *
 * @param longsLiquidated      long positions liquidated in this step
 * @param longLiquidatedUsd    their notional at execution prices (book fills, fund takeover or ADL at bankruptcy)
 * @param insuranceFundUsd     fund equity (wallet + inventory at mark) after the step
 * @param adlUsd               notional closed by auto-deleveraging in this step
 * @param longOi               traders' open long quantity after the step (the short side is {@code shortOi})
 * @param bestBid              best bid after the step (0 = empty side)
 * @param liquidityFactor      makers' withdrawal factor in this step (1 = calm depth)
 */
public record StepStats(int step, long index, long mark, long last, int longsLiquidated, long longLiquidatedUsd,
                        int shortsLiquidated, long shortLiquidatedUsd, long insuranceFundUsd, long adlUsd,
                        long longOi, long shortOi, long bestBid, long bestAsk, double liquidityFactor) {
    public int liquidations() {
        return longsLiquidated + shortsLiquidated;
    }

    public long liquidatedUsd() {
        return longLiquidatedUsd + shortLiquidatedUsd;
    }
}
