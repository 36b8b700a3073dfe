package dev.cascade.core.port;

import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.Trade;

import java.util.List;

/**
 * Event-level market history of one base coin as core model records, for the simulator's liquidation map. Kept
 * apart from {@link QueryStore} (aggregates for analytics) so stores can offer it independently. Windows are
 * [fromTs, toTs) epoch ms; {@code baseCoin} is the unified symbol's base ("BTC" matches "BTC-USDT-PERP"); results
 * are ordered by time. Implementations bind every value as a parameter.
 */
public interface MarketHistory {
    /** Open-interest samples of every instrument of the coin. */
    List<OpenInterest> openInterestEvents(long fromTs, long toTs, String baseCoin);

    /** Public trades of every instrument of the coin; throws IllegalArgumentException past {@code maxRows}. */
    List<Trade> tradeEvents(long fromTs, long toTs, String baseCoin, int maxRows);

    /** Mark prices of every instrument of the coin. */
    List<MarkPrice> markPriceEvents(long fromTs, long toTs, String baseCoin);

    /**
     * Time of the coin's latest stored mark price, trade, or open-interest sample of an instrument that has mark
     * prices or trades; -1 if there is no price at all. "Now" for a map of stored data: aggregate open interest
     * without a price path, which cannot be mapped, does not count.
     */
    long latestDataTs(String baseCoin);
}
