package dev.cascade.core.model;

/**
 * A venue's long/short account ratio for one contract over one period: of the accounts holding a position, the share
 * net long and the share net short, and long/short. Venues publish it over REST, one row per period (Binance
 * {@code globalLongShortAccountRatio}, Bybit {@code account-ratio}, OKX {@code long-short-account-ratio-contract}).
 * Where a venue sends only some of the three figures the others are derived (Bybit: ratio = long / short; OKX:
 * long = ratio / (1 + ratio), short = 1 / (1 + ratio)). Fixed point e8; {@code exchangeTs} is the venue's period
 * timestamp.
 *
 * @param periodMs   the venue's period (5 minutes, 1 hour ...), in ms
 * @param longShare  fraction of accounts net long, e8
 * @param shortShare fraction of accounts net short, e8
 * @param ratio      long / short, e8
 */
public record LongShortRatio(String source, Exchange exchange, MarketType market, String nativeSymbol, String symbol,
                             long periodMs, long longShare, long shortShare, long ratio, long exchangeTs, long receiveTs)
        implements MarketEvent {
    @Override
    public long ts() {
        return exchangeTs;
    }
}
