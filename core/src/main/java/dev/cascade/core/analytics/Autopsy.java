package dev.cascade.core.analytics;

import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.QueryStore.LiquidationBucket;
import dev.cascade.core.port.QueryStore.OiSample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the autopsy of a crash window from the store's read queries. Aggregator rows (CoinGlass buckets) and venue
 * rows are never added together: they describe the same liquidations twice.
 */
public final class Autopsy {
    public static final long MINUTE = 60_000L;
    public static final long AGGREGATE_BUCKET = 4 * 3_600_000L;
    public static final int LARGEST = 10;

    /**
     * The query results the report is built from (kept so tests can build reports from hand-made data).
     *
     * @param aggregateByCoin each coin's aggregator liquidation rows per day (for {@link CoinBreakdown})
     * @param oiAllCoins      OI samples of every coin (only aggregator rows are read)
     * @param volumeBuckets   traded volume per {@link #volumeBucketFor} bucket, exchange and market class
     */
    public record Inputs(long fromTs, long toTs, String baseCoin, long bucketMs, List<QueryStore.SourceCount> sources,
                        List<LiquidationBucket> liquidations, List<QueryStore.PriceBar> prices,
                        List<OiSample> oi, List<QueryStore.FundingSample> funding,
                        List<QueryStore.LiquidationEvent> largest, List<QueryStore.VolumeTotal> volume,
                        Map<String, List<LiquidationBucket>> aggregateByCoin, List<OiSample> oiAllCoins,
                        List<QueryStore.VolumeBucket> volumeBuckets) {
        /** Inputs of one coin only (no other coins' aggregator rows, no volume series). */
        public Inputs(long fromTs, long toTs, String baseCoin, long bucketMs, List<QueryStore.SourceCount> sources,
                      List<LiquidationBucket> liquidations, List<QueryStore.PriceBar> prices, List<OiSample> oi,
                      List<QueryStore.FundingSample> funding, List<QueryStore.LiquidationEvent> largest,
                      List<QueryStore.VolumeTotal> volume) {
            this(fromTs, toTs, baseCoin, bucketMs, sources, liquidations, prices, oi, funding, largest, volume, Map.of(), List.of(),
                    List.of());
        }
    }

    /** Derivatives against spot volume is shown per hour for windows up to this long, per day beyond. */
    public static final long HOURLY_VOLUME_UP_TO_MS = 14 * 1440 * MINUTE;

    /** The bucket of the derivatives/spot volume table: an hour, or a day for windows over two weeks. */
    public static long volumeBucketFor(long fromTs, long toTs) {
        return toTs - fromTs <= HOURLY_VOLUME_UP_TO_MS ? 60 * MINUTE : 1440 * MINUTE;
    }

    private final CascadeDetector.Params params;
    private final Set<String> twoSidedSources;

    public Autopsy(CascadeDetector.Params params, Set<String> twoSidedSources) {
        this.params = params;
        this.twoSidedSources = twoSidedSources;
    }

    /** At most this many buckets per series: minutes up to 3 days, then coarser (charts and detector stay readable). */
    public static final long MAX_BUCKETS = 4320;

    /** The longest window an autopsy covers: {@link #MAX_BUCKETS} daily buckets (about 11.8 years). */
    public static final long MAX_WINDOW_MS = MAX_BUCKETS * 1440 * MINUTE;

    /** The bucket for a window: 1 minute up to 3 days, else the smallest of 5m, 15m, 1h, 4h, 1d that fits MAX_BUCKETS. */
    public static long bucketFor(long fromTs, long toTs) {
        for (long b : new long[]{MINUTE, 5 * MINUTE, 15 * MINUTE, 60 * MINUTE, 240 * MINUTE, 1440 * MINUTE}) {
            if ((toTs - fromTs) / b <= MAX_BUCKETS) {
                return b;
            }
        }
        return 1440 * MINUTE;
    }

    public static Inputs query(QueryStore store, long fromTs, long toTs, String baseCoin) {
        if (toTs <= fromTs || toTs - fromTs > MAX_WINDOW_MS) {
            throw new IllegalArgumentException("an autopsy window must be positive and at most " + MAX_WINDOW_MS / (1440 * MINUTE)
                    + " days, got " + fromTs + " .. " + toTs);
        }
        long bucket = bucketFor(fromTs, toTs);
        // Every coin's aggregator rows, a day at a time: the "by coin" view (one query per coin the window has).
        Map<String, List<LiquidationBucket>> byCoin = new TreeMap<>();
        for (String coin : CoinBreakdown.aggregatorCoins(store.liquidationTotals(fromTs, toTs,
                java.util.EnumSet.of(QueryStore.Dimension.SYMBOL), new QueryStore.LiquidationFilter("COINGLASS", null, null)))) {
            byCoin.put(coin, store.liquidationBuckets(fromTs, toTs, CoinBreakdown.DAY, coin));
        }
        return new Inputs(fromTs, toTs, baseCoin, bucket, store.sources(fromTs, toTs),
                store.liquidationBuckets(fromTs, toTs, bucket, baseCoin),
                store.markPriceBars(fromTs, toTs, bucket, baseCoin),
                store.openInterest(fromTs, toTs, bucket, baseCoin),
                store.funding(fromTs, toTs, baseCoin),
                store.largestLiquidations(fromTs, toTs, baseCoin, LARGEST),
                store.tradeVolume(fromTs, toTs, baseCoin),
                byCoin, byCoin.size() > 1 ? store.openInterest(fromTs, toTs, bucket, null) : List.of(),
                store.volumeBuckets(fromTs, toTs, volumeBucketFor(fromTs, toTs), baseCoin));
    }

    public AutopsyReport build(Inputs in) {
        List<String> synthetic = in.sources().stream().map(QueryStore.SourceCount::source)
                .filter(dev.cascade.core.model.SourceClass::isSyntheticSource).distinct().sorted().toList();
        AutopsyReport.Aggregate aggregate = aggregate(in);
        AutopsyReport.Venues venues = venues(in);
        List<AutopsyReport.Phase> timeline = venues != null && venues.totals().count() > 0 ? venueTimeline(in, venues)
                : aggregateTimeline(in, aggregate, venues);
        CoinBreakdown.Market market = CoinBreakdown.of(in.aggregateByCoin(), in.oiAllCoins());
        List<AutopsyReport.Comparison> published = PublishedFigures.compare(in, aggregate, venues, market, !synthetic.isEmpty());
        return new AutopsyReport(in.fromTs(), in.toTs(), in.baseCoin(), in.sources(), synthetic, !synthetic.isEmpty(),
                aggregate, venues, timeline, market, published,
                VolumeRatioSeries.of(in.fromTs(), in.toTs(), volumeBucketFor(in.fromTs(), in.toTs()), in.volumeBuckets()));
    }

    /**
     * The aggregator rows' own bucket: a day when every row lies on a UTC midnight and either two rows are a whole
     * number of days apart or the window runs past the first 4-hour bucket after a lone midnight row without a row
     * there (CoinGlass's 4-hour exports have a row for every bucket, zero or not); else 4 hours (CoinGlass's 4-hour
     * export). Rows do not carry their interval, their spacing does.
     */
    static long aggregateBucket(List<LiquidationBucket> rows, long toTs) {
        long first = -1;
        boolean spaced = false;
        for (LiquidationBucket b : rows) {
            if (Math.floorMod(b.ts(), CoinBreakdown.DAY) != 0) {
                return AGGREGATE_BUCKET;
            }
            if (first < 0) {
                first = b.ts();
            } else if (b.ts() != first) {
                spaced = true;
            }
        }
        boolean loneDaily = !rows.isEmpty() && toTs - AGGREGATE_BUCKET > first;
        return spaced || loneDaily ? CoinBreakdown.DAY : AGGREGATE_BUCKET;
    }

    private AutopsyReport.Aggregate aggregate(Inputs in) {
        List<LiquidationBucket> liq = in.liquidations().stream().filter(b -> OiAggregator.isAggregator(b.exchange())).toList();
        OiAggregator.OiSeries oi = OiAggregator.aggregate(in.oi(), twoSidedSources, true);
        List<FundingWeighting.Point> funding = FundingWeighting.weighted(in.funding(), in.oi(), AGGREGATE_BUCKET, true);
        if (liq.isEmpty() && oi.isEmpty() && funding.isEmpty()) {
            return null;
        }
        long bucketMs = aggregateBucket(liq, in.toTs());
        TreeMap<Long, long[]> buckets = new TreeMap<>();
        for (LiquidationBucket b : liq) {
            long[] v = buckets.computeIfAbsent(b.ts() - Math.floorMod(b.ts(), bucketMs), k -> new long[2]);
            v["LONG".equals(b.side()) ? 0 : 1] += b.notionalUsd();
        }
        List<AutopsyReport.Bucket> rows = new ArrayList<>();
        buckets.forEach((ts, v) -> rows.add(new AutopsyReport.Bucket(ts, v[0], v[1])));
        AutopsyReport.Bucket largest = rows.stream().max(Comparator.comparingLong(AutopsyReport.Bucket::totalUsd)).orElse(null);
        List<AutopsyReport.Point> oiPoints = points(oi.ts(), oi.totalUsd());
        List<AutopsyReport.Point> fundingPoints = funding.stream().map(p -> new AutopsyReport.Point(p.ts(), p.rate())).toList();
        Drawdown dd = oi.drawdown();
        // Without aggregator funding, the funding reset is read from the venues' funding (say, Binance's BTCUSDT history).
        List<FundingWeighting.Point> reset = funding.isEmpty() ? FundingWeighting.weighted(in.funding(), in.oi(), in.bucketMs(), false) : funding;
        return new AutopsyReport.Aggregate(bucketMs, SideTotals.ofBuckets(liq), rows, largest, dd, oiPoints, fundingPoints,
                releveraging(oi, dd, reset, funding.isEmpty() ? venueFundingSource(in, reset) : "CoinGlass OI-weighted"));
    }

    private AutopsyReport.Venues venues(Inputs in) {
        List<LiquidationBucket> liq = in.liquidations().stream().filter(b -> !OiAggregator.isAggregator(b.exchange())).toList();
        List<QueryStore.PriceBar> prices = in.prices().stream().filter(p -> !OiAggregator.isAggregator(p.exchange())).toList();
        OiAggregator.OiSeries oi = OiAggregator.aggregate(in.oi(), twoSidedSources, false);
        if (liq.isEmpty() && prices.isEmpty() && oi.isEmpty()) {
            return null;
        }
        BucketSeries series = BucketSeries.of(in.fromTs(), in.toTs(), in.bucketMs(), liq, prices);
        CascadeDetector.Params params = this.params.scaledTo(in.bucketMs() / MINUTE);
        Map<String, SideTotals> perExchange = new TreeMap<>();
        for (LiquidationBucket b : liq) {
            perExchange.merge(b.exchange(), SideTotals.ZERO.plus(b.side(), b.notionalUsd(), b.count(), b.lowerBound()), SideTotals::plus);
        }
        List<AutopsyReport.ExchangeTotal> byExchange = perExchange.entrySet().stream()
                .map(e -> new AutopsyReport.ExchangeTotal(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong((AutopsyReport.ExchangeTotal e) -> e.totals().totalUsd()).reversed()).toList();
        List<CascadeDetector.Cascade> cascades = new CascadeDetector(params).detect(series);
        Drawdown priceDd = priceDrawdown(series);
        long start = cascades.isEmpty() ? priceDd.peakTs() : cascades.get(0).startTs();
        long timeToBottom = priceDd.drop() == 0 ? 0 : Math.max(0, priceDd.troughTs() - start);
        int peak = 0;
        for (int i = 1; i < series.size(); i++) {
            if (series.totalAt(i) > series.totalAt(peak)) {
                peak = i;
            }
        }
        List<FundingWeighting.Point> funding = FundingWeighting.weighted(in.funding(), in.oi(), in.bucketMs(), false);
        Drawdown oiDd = oi.drawdown();
        List<QueryStore.LiquidationEvent> largest = in.largest().stream().filter(e -> !OiAggregator.isAggregator(e.exchange())).toList();
        return new AutopsyReport.Venues(in.bucketMs(), SideTotals.ofBuckets(liq), byExchange, priceDd, timeToBottom, oiDd,
                new AutopsyReport.Point(series.ts()[peak], series.totalAt(peak)), largest, cascades, params,
                releveraging(oi, oiDd, funding, venueFundingSource(in, funding)), VolumeSplit.of(in.volume()), series, oi, funding,
                prices.stream().map(p -> p.source() + "/" + p.exchange()).distinct().sorted().toList(), rebound(series, priceDd));
    }

    /**
     * Drawdown of the reference price over highs and lows: each bucket contributes its high then its low (or low then
     * high when it closed up), so a wick counts without inventing an order we cannot see inside a minute.
     */
    static Drawdown priceDrawdown(BucketSeries s) {
        if (!s.hasPrice()) {
            return Drawdown.NONE;
        }
        List<long[]> pts = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            if (s.close()[i] == 0) {
                continue;
            }
            boolean down = s.close()[i] < s.open()[i];
            pts.add(new long[]{s.ts()[i], down ? s.high()[i] : s.low()[i]});
            pts.add(new long[]{s.ts()[i], down ? s.low()[i] : s.high()[i]});
        }
        return Drawdown.of(pts.stream().mapToLong(p -> p[0]).toArray(), pts.stream().mapToLong(p -> p[1]).toArray());
    }

    /** "OI-weighted over venues", or for a single unweighted instrument its feed and symbol ("binance-usdm BTC-USDT-PERP"). */
    static String venueFundingSource(Inputs in, List<FundingWeighting.Point> funding) {
        if (funding.isEmpty() || funding.get(0).weightUsd() > 0) {
            return "OI-weighted over venues";
        }
        return in.funding().stream().filter(f -> !OiAggregator.isAggregator(f.exchange())).map(f -> f.source() + " " + f.symbol())
                .findFirst().orElse("one instrument") + " (one instrument)";
    }

    /** The highest high after the price low: how far the price came back (null without a price fall). */
    static AutopsyReport.Point rebound(BucketSeries s, Drawdown priceDd) {
        if (priceDd.drop() == 0) {
            return null;
        }
        AutopsyReport.Point best = null;
        for (int i = 0; i < s.size(); i++) {
            if (s.ts()[i] >= priceDd.troughTs() && s.close()[i] != 0 && (best == null || s.high()[i] > best.value())) {
                best = new AutopsyReport.Point(s.ts()[i], s.high()[i]);
            }
        }
        return best;
    }

    static AutopsyReport.Releveraging releveraging(OiAggregator.OiSeries oi, Drawdown dd, List<FundingWeighting.Point> funding,
                                                   String fundingSource) {
        if (oi.isEmpty()) {
            return null;
        }
        int last = oi.ts().length - 1;
        long troughTs = dd.drop() == 0 ? oi.ts()[last] : dd.troughTs();
        long trough = dd.drop() == 0 ? oi.totalUsd()[last] : dd.trough();
        long end = oi.totalUsd()[last];
        long rebuild = end - trough;
        long ppm = dd.drop() == 0 ? 0 : Fixed.divScaled(rebuild, 6, dd.drop());
        if (funding.isEmpty()) {
            return new AutopsyReport.Releveraging(trough, troughTs, end, oi.ts()[last], rebuild, ppm, 0, 0, -1, 0, false, null);
        }
        long peakTs = dd.drop() == 0 ? funding.get(0).ts() : dd.peakTs();
        FundingWeighting.Point before = funding.get(0);
        for (FundingWeighting.Point p : funding) {
            if (p.ts() <= peakTs) {
                before = p;
            }
        }
        FundingWeighting.Point min = null;
        for (FundingWeighting.Point p : funding) {
            if (p.ts() >= before.ts() && (min == null || p.rate() < min.rate())) {
                min = p;
            }
        }
        return new AutopsyReport.Releveraging(trough, troughTs, end, oi.ts()[last], rebuild, ppm, before.rate(), min.rate(),
                min.ts(), funding.get(funding.size() - 1).rate(), true, fundingSource);
    }

    private static List<AutopsyReport.Point> points(long[] ts, long[] v) {
        List<AutopsyReport.Point> out = new ArrayList<>(ts.length);
        for (int i = 0; i < ts.length; i++) {
            out.add(new AutopsyReport.Point(ts[i], v[i]));
        }
        return out;
    }

    private static List<AutopsyReport.Phase> venueTimeline(Inputs in, AutopsyReport.Venues v) {
        List<AutopsyReport.Phase> phases = new ArrayList<>();
        List<CascadeDetector.Cascade> cs = v.cascades();
        long cursor = in.fromTs();
        for (int k = 0; k < cs.size(); k++) {
            CascadeDetector.Cascade c = cs.get(k);
            if (c.startTs() > cursor) {
                phases.add(new AutopsyReport.Phase(k == 0 ? "Build-up" : "Lull", cursor, c.startTs(),
                        "liquidations at their background level" + priceNote(v.series(), cursor, c.startTs())));
            }
            phases.add(new AutopsyReport.Phase("Cascade " + (k + 1), c.startTs(), c.endTs(),
                    usd(c.totals().totalUsd()) + " liquidated (" + ppmPct(c.totals().longSharePpm()) + " longs) across "
                            + c.byExchange().size() + " exchange(s)"
                            + (c.priceKnown() ? ", price " + bps(c.moveBps()) + " open to extreme" : ", no price data")));
            cursor = c.endTs();
        }
        if (v.priceDrawdown().drop() > 0) {
            long low = v.priceDrawdown().troughTs();
            phases.add(new AutopsyReport.Phase("Bottom", low, low + v.bucketMs(),
                    "price low " + price(v.priceDrawdown().trough()) + ", " + ppmPct(v.priceDrawdown().dropPpm()) + " below the peak of "
                            + price(v.priceDrawdown().peak())));
        }
        if (cursor < in.toTs()) {
            AutopsyReport.Releveraging r = v.releveraging();
            phases.add(new AutopsyReport.Phase(cs.isEmpty() ? "No cascade detected" : "Aftermath / re-leveraging", cursor, in.toTs(),
                    r == null ? "no open-interest data" : "OI " + usd(r.oiTrough()) + " at its low, " + usd(r.oiEnd()) + " at the end ("
                            + ppmPct(r.rebuildPpmOfFlush()) + " of the flush rebuilt)"));
        }
        phases.sort(Comparator.comparingLong(AutopsyReport.Phase::fromTs));
        return phases;
    }

    /** With aggregator rows only (and perhaps a price path without event-level liquidations). */
    private static List<AutopsyReport.Phase> aggregateTimeline(Inputs in, AutopsyReport.Aggregate a, AutopsyReport.Venues v) {
        List<AutopsyReport.Phase> phases = new ArrayList<>();
        if (a != null && a.largestBucket() != null) {
            AutopsyReport.Bucket b = a.largestBucket();
            if (b.ts() > in.fromTs()) {
                phases.add(new AutopsyReport.Phase("Before", in.fromTs(), b.ts(), "aggregate buckets before the largest one"));
            }
            phases.add(new AutopsyReport.Phase("Largest " + bucketName(a.bucketMs()) + " bucket", b.ts(), b.ts() + a.bucketMs(),
                    usd(b.totalUsd()) + " liquidated (" + usd(b.longUsd()) + " longs, " + usd(b.shortUsd()) + " shorts)"));
            if (b.ts() + a.bucketMs() < in.toTs()) {
                phases.add(new AutopsyReport.Phase("After", b.ts() + a.bucketMs(), in.toTs(), "aggregate buckets after it"));
            }
        }
        if (v != null && v.priceDrawdown().drop() > 0) {
            Drawdown p = v.priceDrawdown();
            phases.add(new AutopsyReport.Phase("Price fall", p.peakTs(), p.troughTs() + v.bucketMs(), price(p.peak()) + " -> "
                    + price(p.trough()) + " (-" + ppmPct(p.dropPpm()) + ") in " + (p.troughTs() - p.peakTs()) / MINUTE + " min"));
            phases.add(new AutopsyReport.Phase("Bottom", p.troughTs(), p.troughTs() + v.bucketMs(), "price low " + price(p.trough())));
            AutopsyReport.Point up = v.rebound();
            if (up != null && up.value() > p.trough()) {
                phases.add(new AutopsyReport.Phase("Rebound", p.troughTs(), up.ts() + v.bucketMs(), price(p.trough()) + " -> " + price(up.value())
                        + " (+" + ppmPct(Fixed.divScaled(up.value() - p.trough(), 6, p.trough())) + ") in " + (up.ts() - p.troughTs()) / MINUTE
                        + " min"));
            }
        }
        phases.sort(Comparator.comparingLong(AutopsyReport.Phase::fromTs));
        return phases;
    }

    /** "4h", "1d", "15m". */
    public static String bucketName(long ms) {
        return ms % CoinBreakdown.DAY == 0 ? ms / CoinBreakdown.DAY + "d" : ms % 3_600_000L == 0 ? ms / 3_600_000L + "h" : ms / MINUTE + "m";
    }

    private static String priceNote(BucketSeries s, long from, long to) {
        if (!s.hasPrice()) {
            return "";
        }
        int i = (int) Math.max(0, (from - s.fromTs()) / s.bucketMs());
        int j = (int) Math.min(s.size() - 1, Math.max(0, (to - s.fromTs()) / s.bucketMs() - 1));
        if (s.open()[i] == 0) {
            return "";
        }
        return ", price " + price(s.open()[i]) + " -> " + price(s.close()[j]);
    }

    /** "$1.23B"-style text for phase descriptions (the renderers format the exact figures themselves). */
    public static String usd(long e6) {
        java.math.BigDecimal v = Fixed.toBigDecimal(Math.abs(e6), Fixed.E6);
        String[] units = {"", "k", "M", "B", "T"};
        int u = 0;
        while (u < units.length - 1 && v.compareTo(java.math.BigDecimal.valueOf(1000)) >= 0) {
            v = v.divide(java.math.BigDecimal.valueOf(1000));
            u++;
        }
        return (e6 < 0 ? "-" : "") + "$" + v.setScale(u == 0 ? 0 : 2, java.math.RoundingMode.HALF_UP).toPlainString() + units[u];
    }

    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneOffset.UTC);

    /** "2021-05-19 13:10" (UTC). */
    public static String time(long ts) {
        return TIME.format(java.time.Instant.ofEpochMilli(ts));
    }

    public static String price(long e8) {
        return Fixed.toBigDecimal(e8, Fixed.E8).setScale(0, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    public static String ppmPct(long ppm) {
        return java.math.BigDecimal.valueOf(ppm, 4).setScale(1, java.math.RoundingMode.HALF_UP).toPlainString() + "%";
    }

    public static String bps(long bps) {
        return (bps > 0 ? "+" : "") + java.math.BigDecimal.valueOf(bps, 2).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + "%";
    }
}
