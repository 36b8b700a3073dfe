package dev.cascade.server;

import dev.cascade.report.LiquidationMapReport;

/**
 * The modeled liquidation map of one coin (issue #5): estimated liquidation levels per price bin and assumed
 * leverage tier, from stored open interest, trades and mark prices. A model, and every answer says so.
 */
public interface LiquidationMapService {
    /**
     * @param fromTs      window start; the window ends at {@code toTs}
     * @param windowMs    used instead of from/to when {@code fromTs} is negative: that much before the coin's latest
     *                    stored mark price or trade
     * @throws BadRequest when the store holds no event-level data for the coin (the message says what is needed)
     */
    LiquidationMapReport.MapView map(String coin, long fromTs, long toTs, long windowMs, long binWidthE8);
}
