package dev.cascade.core.model;

/**
 * One normalized market event. Timestamps are epoch milliseconds (UTC). Fixed-point units: prices and base
 * quantities e8, USD notionals e6, rates e12 (see {@link dev.cascade.core.money.Fixed}).
 */
public sealed interface MarketEvent permits Liquidation, OpenInterest, FundingRate, Trade, MarkPrice, LongShortRatio, FeedGap {
    /** The time the event happened: the exchange's timestamp, or the receive time where the venue sends none. */
    long ts();

    /** The feed that produced it (e.g. "binance-usdm"); FeedGap names the feed that went silent. */
    String source();
}
