package dev.cascade.core.sim.engine;

import java.util.List;

/**
 * A finished run. USD e6, prices e8.
 *
 * @param adlEvents the first {@code CascadeEngine.MAX_ADL_EVENTS} ADL fills in detail
 * @param adlFills  the number of ADL fills
 * @param quiescent true when the engine stopped because nothing moved any more (false: hit maxSteps)
 * @param conservedBefore total cash (see {@link CascadeEngine#conservedCash()}) before the first step
 * @param conservedAfter  the same after the last step; equal unless there is a bug
 */
public record CascadeResult(List<StepStats> steps, List<AdlEvent> adlEvents, long adlFills, long startPrice, long minMark,
                            long finalMark, long longLiquidatedUsd, long shortLiquidatedUsd, int longsLiquidated,
                            int shortsLiquidated, long adlUsd, long insuranceFundStartUsd, long insuranceFundMinUsd,
                            long insuranceFundEndUsd, long oiStartUsd, long oiEndUsd, boolean quiescent,
                            long conservedBefore, long conservedAfter) {
    public long liquidatedUsd() {
        return longLiquidatedUsd + shortLiquidatedUsd;
    }

    public double maxDrawdownPct() {
        return 100.0 * (startPrice - minMark) / startPrice;
    }
}
