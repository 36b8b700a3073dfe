package dev.cascade.core.analytics;

import dev.cascade.core.port.QueryStore;

import java.util.List;

/**
 * Everything the autopsy of a crash says, as data: the renderers (Markdown, JSON, HTML) only format it.
 * USD e6, prices e8, rates e12 per 8 hours, ratios in ppm. Sections are null when the store has no such data.
 *
 * @param aggregate  from aggregator rows (CoinGlass buckets: real, but a subset of exchanges)
 * @param venues     from venue rows (individual liquidations, mark prices, OI per exchange)
 * @param synthetic  true if any venue row came from a "synthetic-*" source: every venue figure is then synthetic
 * @param market     aggregator rows of every coin (by coin, day and side; OI per coin), when more than one coin has them
 * @param published  published figures about a crash in the window, each beside Cascade's own and what each covers
 * @param volume     derivatives against spot traded volume per hour (per day past two weeks) and their ratio; no
 *                   spot exchange means no spot data in the window
 */
public record AutopsyReport(long fromTs, long toTs, String baseCoin, List<QueryStore.SourceCount> sources,
                            List<String> syntheticSources, boolean synthetic, Aggregate aggregate, Venues venues,
                            List<Phase> timeline, CoinBreakdown.Market market, List<Comparison> published,
                            VolumeRatioSeries volume) {

    /**
     * A published figure beside Cascade's. {@code ours} is null when the store has nothing to compare in the window;
     * {@code oursValue} is exact in {@code oursUnit} ("usd_e6", "price_e8" or "ppm").
     */
    public record Comparison(String crash, String figure, String published, String publishedCovers, String ours, long oursValue,
                             String oursUnit, String oursCovers, String note) {
    }

    /** One 4-hour (or other) aggregator bucket. */
    public record Bucket(long ts, long longUsd, long shortUsd) {
        public long totalUsd() {
            return longUsd + shortUsd;
        }
    }

    /** A point of a time series (value in the unit the field says). */
    public record Point(long ts, long value) {
    }

    /** @param bucketMs the aggregator rows' own bucket: 4 hours, or a day for daily rows */
    public record Aggregate(long bucketMs, SideTotals totals, List<Bucket> buckets, Bucket largestBucket, Drawdown oiDrawdown,
                            List<Point> oi, List<Point> funding, Releveraging releveraging) {
    }

    public record ExchangeTotal(String exchange, SideTotals totals) {
    }

    /**
     * @param priceDrawdown    largest peak-to-trough fall of the reference price (highs and lows, e8)
     * @param timeToBottomMs   from the first cascade's start (or the price peak) to the price low
     * @param series           per-bucket series for the charts
     * @param priceSources     the feeds and exchanges the reference price comes from ("bitmex/BITMEX")
     * @param rebound          the highest high after the price low (the squeeze that follows a flush), null without prices
     */
    public record Venues(long bucketMs, SideTotals totals, List<ExchangeTotal> byExchange, Drawdown priceDrawdown,
                         long timeToBottomMs, Drawdown oiDrawdown, Point peakBucket,
                         List<QueryStore.LiquidationEvent> largest, List<CascadeDetector.Cascade> cascades,
                         CascadeDetector.Params detectorParams, Releveraging releveraging, VolumeSplit volume,
                         BucketSeries series, OiAggregator.OiSeries oi, List<FundingWeighting.Point> funding,
                         List<String> priceSources, Point rebound) {
    }

    /**
     * After the flush: how much OI came back and where funding went.
     *
     * @param oiTrough       lowest aggregated OI and its time
     * @param oiEnd          OI at the end of the window
     * @param rebuildUsd     oiEnd - oiTrough
     * @param rebuildPpmOfFlush rebuild as a share of the flush (peak - trough), ppm
     * @param fundingBefore  funding at or just before the OI peak; {@code fundingMin} the lowest after it; {@code fundingEnd} the last
     * @param fundingSource  whose funding: "CoinGlass OI-weighted", "OI-weighted over venues", or the one instrument's feed and symbol
     */
    public record Releveraging(long oiTrough, long oiTroughTs, long oiEnd, long oiEndTs, long rebuildUsd, long rebuildPpmOfFlush,
                               long fundingBefore, long fundingMin, long fundingMinTs, long fundingEnd, boolean fundingKnown,
                               String fundingSource) {
    }

    /** A phase of the timeline. */
    public record Phase(String name, long fromTs, long toTs, String description) {
    }
}
