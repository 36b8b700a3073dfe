package dev.cascade.core.port;

import dev.cascade.core.model.SourceClass;

import java.util.List;
import java.util.Set;

/**
 * Read side of a store (embedded DuckDB or ClickHouse): the queries the analytics and the API need, with typed
 * parameters only (no SQL from callers). Times are epoch ms, windows are [fromTs, toTs); buckets start at
 * {@code ts - ts % bucketMs} (UTC-aligned for minute and hour multiples). Money is fixed point as in the model:
 * USD e6, prices e8, rates e12. {@code baseCoin} null means every coin.
 */
public interface QueryStore {
    /** Dimensions a liquidation total can be grouped by. */
    enum Dimension { EXCHANGE, SYMBOL, SIDE }

    /** Optional filters; null means any. {@code symbolLike} matches the unified symbol's base coin ("BTC"). */
    record LiquidationFilter(String exchange, String baseCoin, String side) {
        public static final LiquidationFilter ANY = new LiquidationFilter(null, null, null);
    }

    /**
     * One row of a liquidation total. Grouped-away dimensions are null. {@code lowerBound} is true if any event in the
     * row came from a source that does not publish every liquidation. A row never mixes {@link SourceClass}es: venue,
     * synthetic and aggregate rows are summed apart, whatever the grouping.
     */
    record LiquidationTotal(SourceClass sourceClass, String exchange, String symbol, String side, long count, long notionalUsd,
                            boolean lowerBound) {
    }

    /**
     * Totals over [fromTs, toTs) (epoch ms), grouped by {@code groupBy} and always by source class (an aggregator's
     * bucket already sums venue liquidations, so adding it to venue rows would count them twice); largest first.
     */
    List<LiquidationTotal> liquidationTotals(long fromTs, long toTs, Set<Dimension> groupBy, LiquidationFilter filter);

    /**
     * Totals over windows that share their end, [fromTs[i], toTs) for each i, latest start first (each window holds
     * the ones before it): element i is what {@link #liquidationTotals} answers for window i. A store may read them
     * in one scan (the dashboard's 1h/4h/12h/24h cards); by default, one read per window.
     */
    default List<List<LiquidationTotal>> nestedLiquidationTotals(long[] fromTs, long toTs, Set<Dimension> groupBy,
                                                                 LiquidationFilter filter) {
        List<List<LiquidationTotal>> out = new java.util.ArrayList<>();
        for (long from : fromTs) {
            out.add(liquidationTotals(from, toTs, groupBy, filter));
        }
        return out;
    }

    /** Liquidations of one bucket, exchange and position side ("LONG"/"SHORT"). */
    record LiquidationBucket(long ts, String exchange, String side, long count, long notionalUsd, boolean lowerBound) {
    }

    /** Liquidation notional per time bucket, exchange and side, ordered by bucket time. */
    List<LiquidationBucket> liquidationBuckets(long fromTs, long toTs, long bucketMs, String baseCoin);

    /** The last open-interest sample of one instrument in a bucket (one-sided, as the normalizers store it). */
    record OiSample(long ts, String source, String exchange, String symbol, long oiUsd) {
    }

    /** Open interest per bucket and instrument (last sample in the bucket), ordered by bucket time. */
    List<OiSample> openInterest(long fromTs, long toTs, long bucketMs, String baseCoin);

    /** Funding-rate observations as stored (rate e12 per {@code intervalHours}). */
    record FundingSample(long ts, String source, String exchange, String symbol, long rate, int intervalHours) {
    }

    /** Funding observations in the window, ordered by time. */
    List<FundingSample> funding(long fromTs, long toTs, String baseCoin);

    /** Price OHLC of one bucket and exchange from mark prices (e8). */
    record PriceBar(long ts, String source, String exchange, long open, long high, long low, long close, long samples) {
    }

    /** Mark-price bars per bucket and exchange, ordered by bucket time. */
    List<PriceBar> markPriceBars(long fromTs, long toTs, long bucketMs, String baseCoin);

    /** One stored liquidation event. */
    record LiquidationEvent(long ts, String source, String exchange, String symbol, String side, long price, long quantity,
                            long notionalUsd) {
    }

    /** The {@code limit} largest single liquidations (aggregate buckets excluded), largest first. */
    List<LiquidationEvent> largestLiquidations(long fromTs, long toTs, String baseCoin, int limit);

    /** Traded volume of one exchange and market type ("LINEAR", "INVERSE", "SPOT"). */
    record VolumeTotal(String exchange, String market, long count, long notionalUsd) {
    }

    /** Trade volume in the window by exchange and market type. */
    List<VolumeTotal> tradeVolume(long fromTs, long toTs, String baseCoin);

    /** Whether a trade was on a derivatives market (linear, inverse, quanto) or a spot market. */
    enum MarketClass { DERIVATIVE, SPOT }

    /** Traded volume of one bucket, exchange and market class. */
    record VolumeBucket(long ts, String exchange, MarketClass marketClass, long count, long notionalUsd) {
    }

    /** Trade count and USD notional per bucket, exchange and market class, ordered by bucket, exchange, class. */
    List<VolumeBucket> volumeBuckets(long fromTs, long toTs, long bucketMs, String baseCoin);

    /** One long/short account ratio row as stored: period in ms, shares of accounts and long/short, e8. */
    record LongShortSample(long ts, String source, String exchange, String symbol, long periodMs, long longShare, long shortShare,
                           long ratio) {
    }

    /**
     * Long/short account ratios in the window by time (then exchange, symbol, feed, period); throws
     * IllegalArgumentException past {@code maxRows} rows, so a huge window is refused rather than read whole.
     */
    List<LongShortSample> longShortRatios(long fromTs, long toTs, String baseCoin, int maxRows);

    /** Which feeds contributed rows in the window ("table" is one of liquidation, open_interest, funding, mark_price, trade). */
    record SourceCount(String table, String source, long rows) {
    }

    /** Row counts per table and source in the window, so reports can label aggregate or synthetic sources. */
    List<SourceCount> sources(long fromTs, long toTs);
}
