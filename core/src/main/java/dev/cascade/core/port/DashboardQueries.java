package dev.cascade.core.port;

import dev.cascade.core.model.SourceClass;

import java.util.List;

/**
 * Typed read queries the API and the dashboard need beyond {@link QueryStore#liquidationTotals}. Implemented over SQL
 * by {@code dev.cascade.store.SqlDashboardQueries} (bound parameters only). Money is fixed point: USD e6, prices e8,
 * rates e12, named with their scale (the wire encoder sends them as decimal strings).
 */
public interface DashboardQueries {
    /** One stored liquidation; {@code sourceClass} says whether it is a venue order, synthetic or an aggregate bucket. */
    record LiquidationRow(long eventId, long ts, String source, String exchange, String symbol, String side, long priceE8,
                          long quantityE8, long notionalUsdE6, String completeness, SourceClass sourceClass) {
        public LiquidationRow(long eventId, long ts, String source, String exchange, String symbol, String side, long priceE8,
                              long quantityE8, long notionalUsdE6, String completeness) {
            this(eventId, ts, source, exchange, symbol, side, priceE8, quantityE8, notionalUsdE6, completeness,
                    SourceClass.of(source, completeness));
        }
    }

    /** Keyset position for paging newest-first: rows strictly older than (ts, eventId). */
    record Cursor(long ts, long eventId) {
        public String encode() {
            return ts + "_" + eventId;
        }

        public static Cursor decode(String s) {
            int i = s.indexOf('_');
            if (i <= 0) {
                throw new IllegalArgumentException("cursor must be the 'next' value of a previous page, got '" + s + "'");
            }
            try {
                return new Cursor(Long.parseLong(s.substring(0, i)), Long.parseLong(s.substring(i + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cursor must be the 'next' value of a previous page, got '" + s + "'");
            }
        }
    }

    record Page(List<LiquidationRow> rows, Cursor next) {
    }

    /** Liquidation notional and count per time bucket and source class (never summed across classes), by side. */
    record SideBucket(long bucketStart, SourceClass sourceClass, long longUsdE6, long shortUsdE6, long longCount, long shortCount) {
    }

    /** Open interest at a bucket, USD e6. */
    record UsdPoint(long ts, long usdE6) {
    }

    /** Funding rate at a bucket, a fraction per funding interval, e12. */
    record RatePoint(long ts, long rateE12) {
    }

    /**
     * One published funding rate as stored: the fraction per the venue's {@code intervalHours} (e12) and the same rate
     * rescaled to 8 hours, so venues with 1-hour and 8-hour funding read on one axis.
     */
    record FundingObservation(long ts, long rateE12, int intervalHours, long ratePer8hE12) {
    }

    /** The funding observations of one venue's instrument as one feed delivered them (a feed may carry several venues). */
    record FundingSeries(String source, String exchange, String symbol, boolean synthetic, List<FundingObservation> points) {
        public FundingSeries(String source, String exchange, String symbol, List<FundingObservation> points) {
            this(source, exchange, symbol, SourceClass.isSyntheticSource(source), points);
        }
    }

    /** One series (per feed and symbol, or per feed for summed open interest); {@code synthetic} for generated feeds. */
    record Series<P>(String source, String symbol, boolean synthetic, List<P> points) {
        public Series(String source, String symbol, List<P> points) {
            this(source, symbol, SourceClass.isSyntheticSource(source), points);
        }
    }

    /** Liquidation notional whose price falls in [priceLowE8, priceLowE8 + bucket). */
    record PriceBucket(long priceLowE8, long longUsdE6, long shortUsdE6, long count) {
    }

    /** Realized liquidations in one (time bucket, price bucket) cell, by side: event-level rows only. */
    record HeatCell(long bucketStart, long priceLowE8, long longUsdE6, long shortUsdE6, long count) {
    }

    /** Liquidation notional and count per time bucket and exchange (source class kept: aggregates are never stacked on venues). */
    record ExchangeBucket(long bucketStart, String exchange, SourceClass sourceClass, long longUsdE6, long shortUsdE6, long count) {
    }

    /** Price extent of the event-level liquidations (price known) of a window; {@code count} 0 when there are none. */
    record PriceRange(long minPriceE8, long maxPriceE8, long count, long lastTs) {
    }

    record Gap(String source, long fromTs, long toTs, String reason) {
    }

    Page liquidations(long fromTs, long toTs, QueryStore.LiquidationFilter filter, long minUsdE6, Cursor before, int limit);

    List<SideBucket> liquidationBuckets(long fromTs, long toTs, long bucketMs, QueryStore.LiquidationFilter filter);

    List<ExchangeBucket> liquidationBucketsByExchange(long fromTs, long toTs, long bucketMs, QueryStore.LiquidationFilter filter);

    /**
     * Open interest in USD per feed: per bucket, the last sample of each symbol of {@code baseCoin} in the bucket,
     * summed over the feed's symbols. Aggregator feeds (CoinGlass) come as their own series, never added to venues.
     */
    List<Series<UsdPoint>> openInterestByFeed(long fromTs, long toTs, long bucketMs, String baseCoin);

    /** Funding rate (e12 per interval) per feed and symbol of {@code baseCoin}, last observation per bucket. */
    List<Series<RatePoint>> funding(long fromTs, long toTs, long bucketMs, String baseCoin);

    /**
     * Every stored funding rate of {@code baseCoin} per feed, exchange and symbol, oldest first, at most {@code limit} in
     * all (the data's own resolution: 8-hour settlements stay 8 hours apart).
     */
    List<FundingSeries> fundingObservations(long fromTs, long toTs, String baseCoin, int limit);

    /** Realized liquidation notional by price bucket (event-level rows only; aggregate rows carry no price). */
    List<PriceBucket> liquidationsByPrice(long fromTs, long toTs, String baseCoin, long bucketE8);

    /** Realized liquidations per (time bucket, price bucket) of event-level rows (price known), at most {@code limit} cells. */
    List<HeatCell> liquidationHeatmap(long fromTs, long toTs, String baseCoin, long timeBucketMs, long priceBucketE8, int limit);

    PriceRange pricedLiquidations(long fromTs, long toTs, String baseCoin);

    List<Gap> gaps(long fromTs, long toTs, int limit);

    /** Latest event time stored in a table, or -1 if empty. */
    long latestTs(Table table);

    enum Table { LIQUIDATION, OPEN_INTEREST, FUNDING }

    /** Event-level history for the simulator's liquidation map (stores that cannot serve it throw). */
    default dev.cascade.core.port.MarketHistory marketHistory() {
        throw new UnsupportedOperationException("this store does not serve event-level market history");
    }
}
