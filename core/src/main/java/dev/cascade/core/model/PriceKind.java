package dev.cascade.core.model;

/** What the reported liquidation price is. */
public enum PriceKind {
    /** The average price the liquidation order filled at (Binance ap). */
    AVERAGE_FILL,
    /** The position's bankruptcy price, at which the engine's order is placed (Bybit, OKX, BitMEX). */
    BANKRUPTCY,
    /** The price of the liquidation trade itself (Deribit). */
    TRADE,
    /** The liquidation order's own (limit) price, not what it filled at (Gate). */
    ORDER,
    /** No price: an aggregate bucket. */
    NONE
}
