package dev.cascade.core.model;

/**
 * What an instrument is. Liquidations, open interest and funding mean different things for each, so an instrument is
 * always classified and one kind is never stored as another (an option's premium is not a mark price, its open
 * interest is not a future's).
 */
public enum InstrumentKind {
    /** Never expires; pays funding. */
    PERPETUAL,
    /** Delivers or settles at an expiry; no funding. */
    DATED_FUTURE,
    /** A call or a put. Cascade stores none of its market data. */
    OPTION,
    /** A venue-defined spread or strategy of several legs (Deribit combos). Cascade stores none of its market data. */
    COMBO,
    /** A cash pair (BTCUSDT on a spot market): only its trades are stored, to set spot volume against derivatives. */
    SPOT;

    /** Futures (perpetual or dated) are what Cascade stores liquidations, open interest and mark prices of. */
    public boolean isFuture() {
        return this == PERPETUAL || this == DATED_FUTURE;
    }
}
