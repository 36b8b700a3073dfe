package dev.cascade.core.analytics;

import java.time.Instant;
import java.util.List;

/**
 * Figures published about the big crashes (press and aggregator reports), with what each one covers, so an autopsy
 * can set its own figure beside them. They are never inputs: aggregators disagree, cover different coins, exchanges
 * and windows, and Cascade's own figures come only from stored data. Sources: the reference data README
 * (shared/data) and the reports it cites.
 */
public final class PublishedFigures {
    private PublishedFigures() {
    }

    /** What Cascade measures for the comparison (computed from the report in {@link Autopsy}). */
    public enum Measure {
        /** Aggregator liquidations (all coins the store has, else the report's coin) in [fromTs, toTs). */
        LIQUIDATED,
        /** Largest fall of the aggregated (aggregator) open interest in the report window. */
        OI_FLUSH,
        /** Largest fall of the reference price (highs and lows) in the report window. */
        PRICE_FALL,
        /** The price low and its minute. */
        PRICE_LOW,
        /** The event-level peak minute. */
        PEAK_MINUTE
    }

    /**
     * @param fromTs  start of the span the published figure is about (the comparison appears when the report covers it)
     * @param toTs    its end; for {@link Measure#LIQUIDATED}, the span Cascade sums over
     */
    public record Figure(String crash, long fromTs, long toTs, String figure, String published, String publishedCovers,
                         Measure measure, String note) {
    }

    private static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    /** 19 May 2021: Cascade sums over the UTC day. */
    private static Figure may2021(String figure, String published, String covers, Measure measure, String note) {
        return new Figure("19 May 2021", t("2021-05-19T00:00:00Z"), t("2021-05-20T00:00:00Z"), figure, published, covers, measure, note);
    }

    /** 10-11 Oct 2025: the 24 hours around the 21:15 UTC peak. */
    private static Figure oct2025(String figure, String published, String covers, Measure measure, String note) {
        return new Figure("10-11 Oct 2025", t("2025-10-10T12:00:00Z"), t("2025-10-11T12:00:00Z"), figure, published, covers, measure, note);
    }

    public static final List<Figure> ALL = List.of(
            may2021("liquidated in a day",
                    "~$8.6B", "Bybt, 24 h, all coins, every exchange it tracked", Measure.LIQUIDATED,
                    "not the same measure: Cascade sums CoinGlass's daily rows for the seven coins it has (ADA, BNB, BTC, DOGE, "
                            + "ETH, SOL, XRP) over CoinGlass's exchange set and the UTC day; the other coins and exchanges are missing"),
            may2021("BTC futures open interest",
                    "~$27-28B (April peak) -> ~$12.3-13B", "press reports of aggregator data, BTC futures, every exchange tracked",
                    Measure.OI_FLUSH, "not the same span: the published fall starts at the April peak; Cascade's is the largest "
                            + "fall of CoinGlass's daily closes inside the report window"),
            may2021("BTC price fall",
                    "~43k -> ~30k", "press reports, spot and futures", Measure.PRICE_FALL,
                    "Cascade's price is the stored reference price (BitMEX XBTUSD one-minute trade bars for May 2021)"),
            may2021("BTC low",
                    "~28,700 at 13:10 UTC", "Binance BTCUSDT perpetual", Measure.PRICE_LOW,
                    "different venue and contract: BitMEX's inverse XBTUSD, not Binance's linear perpetual; wicks differ by venue"),
            oct2025("liquidated in 24 h",
                    "~$19B (~87% longs, ~1.6M accounts)", "CoinGlass, 24 h, all coins, every exchange it tracks", Measure.LIQUIDATED,
                    "not the same measure: the bundled CoinGlass rows are BTC only, over the exchange subset of that export"),
            oct2025("BTC aggregated open interest",
                    "about -23%", "CoinGlass aggregated BTC OI (4-hour file)", Measure.OI_FLUSH,
                    "same source; Cascade's figure is the largest fall of the 4-hour opens in the report window"),
            oct2025("BTC price fall",
                    "122.6k -> 104.8k", "press reports", Measure.PRICE_FALL,
                    "the bundle's only price path for this crash is its synthetic feed, generated to meet these figures: there, agreement proves nothing"),
            oct2025("peak minute",
                    "$3.2B at 21:15 UTC", "Amberdata, all coins, the exchanges it covers", Measure.PEAK_MINUTE,
                    "all coins against one coin's minute; the bundle's minute data for this crash is its synthetic feed (BTC, scaled to CoinGlass's 4-hour buckets)"));

    /** Each published figure about a span the window overlaps, beside Cascade's own from the same report. */
    static List<AutopsyReport.Comparison> compare(Autopsy.Inputs in, AutopsyReport.Aggregate a, AutopsyReport.Venues v,
                                                  CoinBreakdown.Market m, boolean synthetic) {
        List<AutopsyReport.Comparison> out = new java.util.ArrayList<>();
        for (Figure f : ALL) {
            if (f.fromTs() < in.toTs() && f.toTs() > in.fromTs()) {
                out.add(ours(f, in, a, v, m, synthetic));
            }
        }
        return out;
    }

    private static AutopsyReport.Comparison ours(Figure f, Autopsy.Inputs in, AutopsyReport.Aggregate a, AutopsyReport.Venues v,
                                                 CoinBreakdown.Market m, boolean synthetic) {
        String coin = in.baseCoin() == null ? "all coins" : in.baseCoin();
        String label = synthetic ? "SYNTHETIC " : "";
        switch (f.measure()) {
            case LIQUIDATED -> {
                SideTotals t = SideTotals.ZERO;
                String covers;
                if (m != null) {
                    for (CoinBreakdown.Day d : m.days()) {
                        if (d.ts() >= f.fromTs() && d.ts() < f.toTs()) {
                            t = t.plus("LONG", d.longUsd(), 0, false).plus("SHORT", d.shortUsd(), 0, false);
                        }
                    }
                    covers = "CoinGlass daily rows, " + m.coinNames().size() + " coins (" + String.join(", ", m.coinNames())
                            + "), its exchange set, " + span(f);
                } else if (a != null) {
                    for (AutopsyReport.Bucket b : a.buckets()) {
                        if (b.ts() >= f.fromTs() && b.ts() + a.bucketMs() <= f.toTs()) {
                            t = t.plus("LONG", b.longUsd(), 0, false).plus("SHORT", b.shortUsd(), 0, false);
                        }
                    }
                    covers = "CoinGlass " + Autopsy.bucketName(a.bucketMs()) + " rows, " + coin + " only, the export's exchange subset, "
                            + span(f);
                } else {
                    return missing(f);
                }
                return new AutopsyReport.Comparison(f.crash(), f.figure(), f.published(), f.publishedCovers(),
                        Autopsy.usd(t.totalUsd()) + " (" + Autopsy.ppmPct(t.longSharePpm()) + " longs)", t.totalUsd(), "usd_e6",
                        covers, f.note());
            }
            case OI_FLUSH -> {
                if (a == null || a.oiDrawdown().drop() == 0) {
                    return missing(f);
                }
                Drawdown d = a.oiDrawdown();
                return new AutopsyReport.Comparison(f.crash(), f.figure(), f.published(), f.publishedCovers(),
                        Autopsy.usd(d.peak()) + " (" + Autopsy.time(d.peakTs()) + ") -> " + Autopsy.usd(d.trough()) + " ("
                                + Autopsy.time(d.troughTs()) + "), -" + Autopsy.ppmPct(d.dropPpm()), d.dropPpm(), "ppm",
                        "CoinGlass aggregated " + coin + " futures OI, " + (a.bucketMs() >= CoinBreakdown.DAY ? "daily closes" : "4-hour opens")
                                + " in the report window", f.note());
            }
            case PRICE_FALL, PRICE_LOW -> {
                if (v == null || v.priceDrawdown().drop() == 0) {
                    return missing(f);
                }
                Drawdown d = v.priceDrawdown();
                String covers = label + String.join(", ", v.priceSources()) + " " + coin + " price, " + Autopsy.bucketName(v.bucketMs())
                        + " bars (highs and lows), report window";
                if (f.measure() == Measure.PRICE_LOW) {
                    return new AutopsyReport.Comparison(f.crash(), f.figure(), f.published(), f.publishedCovers(),
                            Autopsy.price(d.trough()) + " in the minute from " + Autopsy.time(d.troughTs()) + " UTC", d.trough(), "price_e8",
                            covers, f.note());
                }
                return new AutopsyReport.Comparison(f.crash(), f.figure(), f.published(), f.publishedCovers(),
                        Autopsy.price(d.peak()) + " (" + Autopsy.time(d.peakTs()) + ") -> " + Autopsy.price(d.trough()) + " ("
                                + Autopsy.time(d.troughTs()) + "), -" + Autopsy.ppmPct(d.dropPpm()), d.dropPpm(), "ppm", covers, f.note());
            }
            case PEAK_MINUTE -> {
                if (v == null || v.totals().count() == 0) {
                    return missing(f);
                }
                return new AutopsyReport.Comparison(f.crash(), f.figure(), f.published(), f.publishedCovers(),
                        Autopsy.usd(v.peakBucket().value()) + " at " + Autopsy.time(v.peakBucket().ts()) + " UTC", v.peakBucket().value(),
                        "usd_e6", label + "event-level " + coin + " liquidations, " + Autopsy.bucketName(v.bucketMs()) + " buckets", f.note());
            }
            default -> throw new IllegalStateException("unknown measure " + f.measure());
        }
    }

    private static AutopsyReport.Comparison missing(Figure f) {
        return new AutopsyReport.Comparison(f.crash(), f.figure(), f.published(), f.publishedCovers(), null, 0, null,
                "nothing stored for this measure in the window", f.note());
    }

    private static String span(Figure f) {
        return Autopsy.time(f.fromTs()) + " to " + Autopsy.time(f.toTs()) + " UTC";
    }
}
