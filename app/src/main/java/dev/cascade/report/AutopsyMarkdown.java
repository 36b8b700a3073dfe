package dev.cascade.report;

import dev.cascade.core.analytics.Autopsy;
import dev.cascade.core.analytics.AutopsyReport;
import dev.cascade.core.analytics.CascadeDetector;
import dev.cascade.core.analytics.CoinBreakdown;
import dev.cascade.core.analytics.SideTotals;
import dev.cascade.core.analytics.VolumeRatioSeries;
import dev.cascade.core.analytics.VolumeSplit;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.QueryStore;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The autopsy as Markdown: headline figures, the real aggregate section, the venue section, cascades, timeline. */
public final class AutopsyMarkdown {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    public static final String SYNTHETIC_WARNING = "SYNTHETIC: the event-level figures below come from generated data "
            + "(feed 'synthetic-crash', see data/README.md), not from any exchange. Only the CoinGlass aggregate section is real.";

    private AutopsyMarkdown() {
    }

    public static String render(AutopsyReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# Crash autopsy: ").append(r.baseCoin() == null ? "all coins" : r.baseCoin()).append(", ")
                .append(time(r.fromTs())).append(" to ").append(time(r.toTs())).append(" UTC\n\n");
        md.append("Sources in the window: ");
        md.append(String.join(", ", r.sources().stream().map(s -> s.source() + " (" + s.table() + " " + s.rows() + ")").toList()));
        md.append("\n\n");
        if (r.synthetic()) {
            md.append("> **").append(SYNTHETIC_WARNING).append("**\n\n");
        }
        AutopsyReport.Aggregate a = r.aggregate();
        if (a != null) {
            md.append("## Aggregate (real: CoinGlass, a subset of exchanges)\n\n");
            md.append("| figure | value |\n|---|---|\n");
            md.append("| total liquidated | ").append(usd(a.totals().totalUsd())).append(" (").append(usdExact(a.totals().totalUsd())).append(") |\n");
            md.append("| longs / shorts | ").append(usd(a.totals().longUsd())).append(" / ").append(usd(a.totals().shortUsd()))
                    .append(" (").append(Autopsy.ppmPct(a.totals().longSharePpm())).append(" longs, ratio ").append(ratio(a.totals())).append(") |\n");
            if (a.largestBucket() != null) {
                md.append("| largest ").append(Autopsy.bucketName(a.bucketMs())).append(" bucket | ").append(time(a.largestBucket().ts())).append(": ").append(usd(a.largestBucket().totalUsd())).append(" |\n");
            }
            if (a.oiDrawdown().drop() > 0) {
                md.append("| OI flush | ").append(usd(a.oiDrawdown().drop())).append(" (-").append(Autopsy.ppmPct(a.oiDrawdown().dropPpm()))
                        .append("): ").append(usd(a.oiDrawdown().peak())).append(" at ").append(time(a.oiDrawdown().peakTs())).append(" to ")
                        .append(usd(a.oiDrawdown().trough())).append(" at ").append(time(a.oiDrawdown().troughTs())).append(" |\n");
            }
            releveraging(md, a.releveraging());
            md.append(a.bucketMs() == Autopsy.AGGREGATE_BUCKET ? "\n4-hour buckets:" : a.bucketMs() == CoinBreakdown.DAY ? "\nDaily buckets:"
                            : "\n" + Autopsy.bucketName(a.bucketMs()) + " buckets:")
                    .append("\n\n| bucket (UTC) | longs | shorts | total |\n|---|---:|---:|---:|\n");
            for (AutopsyReport.Bucket b : a.buckets()) {
                md.append("| ").append(time(b.ts())).append(" | ").append(usdExact(b.longUsd())).append(" | ").append(usdExact(b.shortUsd()))
                        .append(" | ").append(usdExact(b.totalUsd())).append(" |\n");
            }
            md.append('\n');
        }
        market(md, r.market());
        AutopsyReport.Venues v = r.venues();
        if (v != null) {
            md.append("## Event level").append(r.synthetic() ? " (SYNTHETIC)" : "").append("\n\n");
            if (!v.priceSources().isEmpty()) {
                md.append("Price: ").append(String.join(", ", v.priceSources())).append(", ").append(Autopsy.bucketName(v.bucketMs()))
                        .append(" bars.").append(v.totals().count() == 0 ? " No event-level liquidations are stored in this window:"
                                + " the liquidation figures are the aggregate rows above." : "").append("\n\n");
            }
            md.append("| figure | value |\n|---|---|\n");
            boolean liquidations = v.totals().count() > 0;
            if (liquidations) {
                md.append("| total liquidated | ").append(v.totals().lowerBound() ? ">= " : "").append(usd(v.totals().totalUsd()))
                        .append(" in ").append(v.totals().count()).append(" liquidations |\n");
                md.append("| longs / shorts | ").append(usd(v.totals().longUsd())).append(" / ").append(usd(v.totals().shortUsd()))
                        .append(" (").append(Autopsy.ppmPct(v.totals().longSharePpm())).append(" longs, ratio ").append(ratio(v.totals())).append(") |\n");
                for (AutopsyReport.ExchangeTotal e : v.byExchange()) {
                    md.append("| ").append(e.exchange().toLowerCase(java.util.Locale.ROOT)).append(" | ").append(usd(e.totals().totalUsd()))
                            .append(" (longs ").append(usd(e.totals().longUsd())).append(", shorts ").append(usd(e.totals().shortUsd())).append(") |\n");
                }
                md.append(v.bucketMs() == 60_000 ? "| peak minute | " : "| peak bucket | ").append(time(v.peakBucket().ts())).append(": ").append(usd(v.peakBucket().value())).append(" |\n");
            }
            if (v.priceDrawdown().drop() > 0) {
                md.append("| max price drawdown | -").append(Autopsy.ppmPct(v.priceDrawdown().dropPpm())).append(": ")
                        .append(Autopsy.price(v.priceDrawdown().peak())).append(" at ").append(time(v.priceDrawdown().peakTs())).append(" to ")
                        .append(Autopsy.price(v.priceDrawdown().trough())).append(" at ").append(time(v.priceDrawdown().troughTs())).append(" |\n");
                md.append("| time to bottom | ").append(v.timeToBottomMs() / 60_000)
                        .append(v.cascades().isEmpty() ? " min from the price peak |\n" : " min from the first cascade's start |\n");
                if (v.rebound() != null) {
                    md.append("| rebound after the low | ").append(Autopsy.price(v.rebound().value())).append(" at ").append(time(v.rebound().ts())).append(" |\n");
                }
            }
            if (v.oiDrawdown().drop() > 0) {
                md.append("| OI flush | ").append(usd(v.oiDrawdown().drop())).append(" (-").append(Autopsy.ppmPct(v.oiDrawdown().dropPpm()))
                        .append(") from ").append(time(v.oiDrawdown().peakTs())).append(" to ").append(time(v.oiDrawdown().troughTs())).append(" |\n");
            }
            releveraging(md, v.releveraging());
            md.append('\n');
            if (liquidations) {
                cascades(md, v);
            }
        }
        volume(md, r.volume());
        published(md, r);
        if (!r.timeline().isEmpty()) {
            md.append("## Timeline\n\n| from | to | phase | what happened |\n|---|---|---|---|\n");
            for (AutopsyReport.Phase ph : r.timeline()) {
                md.append("| ").append(time(ph.fromTs())).append(" | ").append(time(ph.toTs())).append(" | ").append(ph.name()).append(" | ")
                        .append(ph.description()).append(" |\n");
            }
            md.append('\n');
        }
        if (a == null && v == null) {
            md.append("No liquidations, prices or open interest stored in this window.\n");
        }
        return md.toString();
    }

    /**
     * Derivatives against spot traded volume per hour (per day past two weeks): buckets with trades, their ratio, and
     * "no spot data" said in words when the window has none.
     */
    static void volume(StringBuilder md, VolumeRatioSeries s) {
        VolumeSplit t = s.total();
        String per = s.bucketMs() == 3_600_000L ? "hour" : "day";
        md.append("## Derivatives against spot volume (per ").append(per).append(")\n\n");
        if (t.derivativesUsd() == 0 && t.spotUsd() == 0) {
            md.append("No spot data and no derivatives trades stored in this window: nothing to compare.\n\n");
            return;
        }
        if (!s.hasSpot()) {
            md.append("No spot data in this window (the binance-spot and bybit-spot feeds stored no trade): derivatives volume ")
                    .append(usd(t.derivativesUsd())).append(", no ratio.\n\n");
            return;
        }
        md.append("Spot data from ").append(String.join(", ", s.spotExchanges()))
                .append("; the ratio is their derivatives volume per dollar of their spot volume (trades of the ingested coins only; ")
                .append(per).append("s without trades are left out).\n\n");
        md.append("| ").append(per).append(" (UTC) | derivatives | spot | ratio |\n|---|---:|---:|---:|\n");
        md.append("| whole window | ").append(usd(t.derivativesUsd())).append(" | ").append(usd(t.spotUsd())).append(" | ")
                .append(volumeRatio(s.ratioE6())).append(" |\n");
        for (VolumeRatioSeries.Bucket b : s.buckets()) {
            if (b.derivativesUsd() > 0 || b.spotUsd() > 0) {
                md.append("| ").append(time(b.ts())).append(" | ").append(usd(b.derivativesUsd())).append(" | ").append(usd(b.spotUsd()))
                        .append(" | ").append(volumeRatio(b.ratioE6())).append(" |\n");
            }
        }
        md.append('\n');
    }

    private static String volumeRatio(Long e6) {
        return e6 == null ? "no spot" : Fixed.format(e6, 6) + "x";
    }

    private static void cascades(StringBuilder md, AutopsyReport.Venues v) {
        md.append("### Cascades\n\n");
        CascadeDetector.Params p = v.detectorParams();
        md.append("Detector: ").append(v.bucketMs() / 60_000).append("-minute buckets; hot when >= ").append(usd(p.minBucketUsd())).append(" and >= ").append(p.multiple())
                .append("x the mean of the last ").append(p.baselineBuckets()).append(" quiet buckets; gaps <= ").append(p.maxGapBuckets())
                .append(" buckets merged; a cascade needs >= ").append(usd(p.minCascadeUsd())).append(" and a price move >= ")
                .append(p.minMoveBps()).append(" bps with the liquidated side.\n\n");
        if (v.cascades().isEmpty()) {
            md.append("No cascade detected.\n\n");
        } else {
            md.append("| # | start | end | longs | shorts | exchanges | peak minute | price move |\n|---|---|---|---:|---:|---|---|---:|\n");
            int k = 1;
            for (CascadeDetector.Cascade c : v.cascades()) {
                md.append("| ").append(k++).append(" | ").append(time(c.startTs())).append(" | ").append(time(c.endTs())).append(" | ")
                        .append(usd(c.totals().longUsd())).append(" | ").append(usd(c.totals().shortUsd())).append(" | ")
                        .append(String.join(", ", c.byExchange().keySet()).toLowerCase(java.util.Locale.ROOT)).append(" | ")
                        .append(time(c.peakTs())).append(" (").append(usd(c.peakUsd())).append(") | ")
                        .append(c.priceKnown() ? Autopsy.bps(c.moveBps()) + " (" + Autopsy.price(c.openPrice()) + " -> " + Autopsy.price(c.extremePrice()) + ")" : "n/a")
                        .append(" |\n");
            }
            md.append('\n');
        }
        if (!v.largest().isEmpty()) {
            md.append("### Largest single liquidations\n\n| time (UTC) | exchange | side | price | notional |\n|---|---|---|---:|---:|\n");
            for (QueryStore.LiquidationEvent e : v.largest()) {
                md.append("| ").append(Instant.ofEpochMilli(e.ts())).append(" | ").append(e.exchange().toLowerCase(java.util.Locale.ROOT))
                        .append(" | ").append(e.side()).append(" | ").append(Autopsy.price(e.price())).append(" | ").append(usdExact(e.notionalUsd())).append(" |\n");
            }
            md.append('\n');
        }
    }

    /** Every coin's aggregator rows: by coin and side, by day and coin, and each coin's OI first to last. */
    private static void market(StringBuilder md, CoinBreakdown.Market m) {
        if (m == null) {
            return;
        }
        md.append("## By coin (real: CoinGlass rows for ").append(m.coinNames().size()).append(" coins, its exchange set; not the market total)\n\n");
        md.append("| coin | longs | shorts | total | long share |\n|---|---:|---:|---:|---:|\n");
        for (CoinBreakdown.CoinTotal c : m.coins()) {
            md.append("| ").append(c.coin()).append(" | ").append(usdExact(c.totals().longUsd())).append(" | ").append(usdExact(c.totals().shortUsd()))
                    .append(" | ").append(usdExact(c.totals().totalUsd())).append(" | ").append(Autopsy.ppmPct(c.totals().longSharePpm())).append(" |\n");
        }
        md.append("| all | ").append(usdExact(m.totals().longUsd())).append(" | ").append(usdExact(m.totals().shortUsd())).append(" | ")
                .append(usdExact(m.totals().totalUsd())).append(" | ").append(Autopsy.ppmPct(m.totals().longSharePpm())).append(" |\n\n");
        if (m.days().size() <= 14) {
            md.append("Per UTC day:\n\n| day | coin | longs | shorts | total |\n|---|---|---:|---:|---:|\n");
            for (CoinBreakdown.Day d : m.days()) {
                for (CoinBreakdown.CoinDay c : m.coinDays()) {
                    if (c.ts() == d.ts()) {
                        md.append("| ").append(day(c.ts())).append(" | ").append(c.coin()).append(" | ").append(usd(c.longUsd())).append(" | ")
                                .append(usd(c.shortUsd())).append(" | ").append(usd(c.totalUsd())).append(" |\n");
                    }
                }
                md.append("| ").append(day(d.ts())).append(" | **all** | ").append(usd(d.longUsd())).append(" | ").append(usd(d.shortUsd()))
                        .append(" | **").append(usd(d.totalUsd())).append("** |\n");
            }
            md.append('\n');
        }
        if (!m.oi().isEmpty()) {
            md.append("Futures open interest (CoinGlass aggregated, daily closes):\n\n| coin | first | last | largest fall |\n|---|---:|---:|---|\n");
            for (CoinBreakdown.CoinOi o : m.oi()) {
                md.append("| ").append(o.coin()).append(" | ").append(usd(o.firstUsd())).append(" (").append(time(o.firstTs())).append(") | ")
                        .append(usd(o.lastUsd())).append(" (").append(time(o.lastTs())).append(") | ")
                        .append(o.drawdown().drop() == 0 ? "none" : usd(o.drawdown().peak()) + " -> " + usd(o.drawdown().trough()) + " (-"
                                + Autopsy.ppmPct(o.drawdown().dropPpm()) + ")").append(" |\n");
            }
            md.append('\n');
        }
    }

    private static void published(StringBuilder md, AutopsyReport r) {
        if (r.published().isEmpty()) {
            return;
        }
        md.append("## Published figures beside Cascade's (not the same measures)\n\n")
                .append("| crash | figure | published | what it covers | Cascade | what it covers | why they differ |\n|---|---|---|---|---|---|---|\n");
        for (AutopsyReport.Comparison c : r.published()) {
            md.append("| ").append(c.crash()).append(" | ").append(c.figure()).append(" | ").append(c.published()).append(" | ")
                    .append(c.publishedCovers()).append(" | ").append(c.ours() == null ? "n/a" : c.ours()).append(" | ").append(c.oursCovers())
                    .append(" | ").append(c.note()).append(" |\n");
        }
        md.append('\n');
    }

    static String day(long ts) {
        return time(ts).substring(0, 10);
    }

    private static void releveraging(StringBuilder md, AutopsyReport.Releveraging rl) {
        if (rl == null) {
            return;
        }
        md.append("| re-leveraging: OI rebuild | ").append(usd(rl.rebuildUsd())).append(" from the low of ").append(usd(rl.oiTrough()))
                .append(" (").append(time(rl.oiTroughTs())).append(") to ").append(usd(rl.oiEnd())).append(" (").append(time(rl.oiEndTs()))
                .append("): ").append(Autopsy.ppmPct(rl.rebuildPpmOfFlush())).append(" of the flush |\n");
        if (rl.fundingKnown()) {
            md.append("| re-leveraging: funding reset | ").append(rate(rl.fundingBefore())).append(" before, ").append(rate(rl.fundingMin()))
                    .append(" at the low (").append(time(rl.fundingMinTs())).append("), ").append(rate(rl.fundingEnd())).append(" at the end (per 8h; ")
                    .append(rl.fundingSource()).append(") |\n");
        }
    }

    static String time(long ts) {
        return TIME.format(Instant.ofEpochMilli(ts));
    }

    static String usd(long e6) {
        return Autopsy.usd(e6);
    }

    static String usdExact(long e6) {
        java.text.DecimalFormat f = new java.text.DecimalFormat("$#,##0.00", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
        return f.format(Fixed.toBigDecimal(e6, Fixed.E6).setScale(2, RoundingMode.HALF_UP));
    }

    /** Rate e12 as a percentage with 4 decimals ("0.0054%"). */
    static String rate(long e12) {
        return BigDecimal.valueOf(e12, 10).setScale(4, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    static String ratio(SideTotals t) {
        long r = t.longShortRatioE6();
        return r < 0 ? "n/a" : BigDecimal.valueOf(r, 6).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
