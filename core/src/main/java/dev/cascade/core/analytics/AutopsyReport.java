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
 */
public record AutopsyReport(long fromTs, long toTs, String baseCoin, List<QueryStore.SourceCount> sources,
                            List<String> syntheticSources, boolean synthetic, Aggregate aggregate, Venues venues,
                            List<Phase> timeline) {

    /** One 4-hour (or other) aggregator bucket. */
    public record Bucket(long ts, long longUsd, long shortUsd) {
        public long totalUsd() {
            return longUsd + shortUsd;
        }
    }

    /** A point of a time series (value in the unit the field says). */
    public record Point(long ts, long value) {
    }

    public record Aggregate(long bucketMs, SideTotals totals, List<Bucket> buckets, Bucket largestBucket, Drawdown oiDrawdown,
                            List<Point> oi, List<Point> funding, Releveraging releveraging) {
    }

    public record ExchangeTotal(String exchange, SideTotals totals) {
    }

    /**
     * @param priceDrawdown    largest peak-to-trough fall of the reference price (highs and lows, e8)
     * @param timeToBottomMs   from the first cascade's start (or the price peak) to the price low
     * @param series           per-bucket series for the charts
     */
    public record Venues(long bucketMs, SideTotals totals, List<ExchangeTotal> byExchange, Drawdown priceDrawdown,
                         long timeToBottomMs, Drawdown oiDrawdown, Point peakBucket,
                         List<QueryStore.LiquidationEvent> largest, List<CascadeDetector.Cascade> cascades,
                         CascadeDetector.Params detectorParams, Releveraging releveraging, VolumeSplit volume,
                         BucketSeries series, OiAggregator.OiSeries oi, List<FundingWeighting.Point> funding) {
    }

    /**
     * After the flush: how much OI came back and where funding went.
     *
     * @param oiTrough       lowest aggregated OI and its time
     * @param oiEnd          OI at the end of the window
     * @param rebuildUsd     oiEnd - oiTrough
     * @param rebuildPpmOfFlush rebuild as a share of the flush (peak - trough), ppm
     * @param fundingBefore  funding at or just before the OI peak; {@code fundingMin} the lowest after it; {@code fundingEnd} the last
     */
    public record Releveraging(long oiTrough, long oiTroughTs, long oiEnd, long oiEndTs, long rebuildUsd, long rebuildPpmOfFlush,
                               long fundingBefore, long fundingMin, long fundingMinTs, long fundingEnd, boolean fundingKnown) {
    }

    /** A phase of the timeline. */
    public record Phase(String name, long fromTs, long toTs, String description) {
    }
}
