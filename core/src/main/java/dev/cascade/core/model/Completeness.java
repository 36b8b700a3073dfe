package dev.cascade.core.model;

/**
 * How much of the true liquidation flow a source shows. Totals built from anything but COMPLETE are lower bounds.
 */
public enum Completeness {
    /** Every liquidation is published (Bybit allLiquidation, batched every 500 ms; Deribit liquidation trades). */
    COMPLETE,
    /** At most one liquidation per symbol per second is published (Binance forceOrder, Gate before 2026-08): a lower bound. */
    SAMPLED_1S_PER_SYMBOL,
    /** Only the largest long and largest short per pair per second (Bitget). */
    SAMPLED_LARGEST_PER_SIDE_1S,
    /** The venue says the feed is not the total, without saying how much is missing (OKX). */
    PARTIAL,
    /** Liquidation-engine orders as placed (BitMEX insert): complete for the engine, partial fills not split out. */
    ENGINE_ORDERS,
    /** A pre-aggregated bucket from an aggregator (CoinGlass), not an individual order. */
    AGGREGATE;

    public boolean isLowerBound() {
        return this == SAMPLED_1S_PER_SYMBOL || this == SAMPLED_LARGEST_PER_SIDE_1S || this == PARTIAL;
    }
}
