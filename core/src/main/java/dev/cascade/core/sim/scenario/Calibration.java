package dev.cascade.core.sim.scenario;

/**
 * Published figures a built-in scenario is compared against (USD e6, prices e8; 0 = not given).
 *
 * @param liquidatedLowUsd  lower end of the published liquidation total
 * @param liquidatedHighUsd upper end
 * @param note              where the figures come from and what they cover (all coins or BTC only)
 */
public record Calibration(long oiBeforeUsd, long oiAfterUsd, long liquidatedLowUsd, long liquidatedHighUsd,
                          long priceLow, String note) {
}
