package dev.cascade.server;

import dev.cascade.report.LiquidationMapReport;

/** What a price shock would liquidate, and how far it cascades, on the stored liquidation map (issue #5 simulator). */
public interface StressService {
    /**
     * @param shockPct signed price move in percent (-10 = a 10% fall, which liquidates longs; +10 a rise, shorts)
     * @throws BadRequest when the store holds no event-level data for the coin
     */
    LiquidationMapReport.StressView stress(String coin, double shockPct);
}
