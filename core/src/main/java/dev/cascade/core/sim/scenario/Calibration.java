package dev.cascade.core.sim.scenario;

/**
 * Published figures a built-in scenario is compared against (USD e6, prices e8; 0 = not given).
 *
 * @param liquidatedLowUsd  lower end of the published liquidation total
 * @param liquidatedHighUsd upper end
 * @param note              where the figures come from and what they cover (all coins or BTC only)
 * @param actual            the real series of the scenario's clock window to report the run against, or null
 */
public record Calibration(long oiBeforeUsd, long oiAfterUsd, long liquidatedLowUsd, long liquidatedHighUsd,
                          long priceLow, String note, Actual actual) {
    /**
     * What really happened from the scenario's start time on, bucket by bucket.
     *
     * @param priceCloses  real closes (e8) at the end of each price bucket (e.g. the hourly close of one-minute bars)
     * @param longUsd      real long liquidations (USD e6) per liquidation bucket; {@code shortUsd} the same for shorts
     * @param source       what the real series are and cover
     */
    public record Actual(long priceBucketMs, long[] priceCloses, long liquidationBucketMs, long[] longUsd, long[] shortUsd,
                         String source) {
    }
}
