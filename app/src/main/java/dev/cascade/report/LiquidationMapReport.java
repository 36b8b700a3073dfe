package dev.cascade.report;

import dev.cascade.core.sim.engine.CascadeResult;
import dev.cascade.core.sim.engine.StepStats;
import dev.cascade.core.sim.map.LiquidationMap;
import dev.cascade.core.sim.map.StoredLiquidationMap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The modeled liquidation map and the stress answer on it as plain records (the JSON of `cascade liqmap --format json`,
 * `cascade stress --db --format json`, /api/liquidation-map and /api/stress) and as text with an ASCII chart. Money is
 * fixed point: USD e6, prices e8. Every view carries the model name and its assumptions.
 */
public final class LiquidationMapReport {
    public static final String LABEL = "MODEL: estimated liquidation levels from stored open interest with an assumed"
            + " leverage mix, not observed positions; compare levels with each other, not with realized liquidations";

    private LiquidationMapReport() {
    }

    public record TierTotal(double leverage, long longUsdE6, long shortUsdE6) {
    }

    public record BinView(long priceLowE8, long longUsdE6, long shortUsdE6, long[] longByTierUsdE6, long[] shortByTierUsdE6) {
    }

    /**
     * @param longUsdE6  estimated long liquidations, all below the last price
     * @param shortUsdE6 estimated short liquidations, all above it
     * @param synthetic  true when a generated feed is among the inputs ({@code syntheticSources}); {@code label} then
     *                   says so first
     */
    public record MapView(String model, String label, String coin, long fromTs, long toTs, long lastPriceE8, long binWidthE8,
                          List<String> instruments, List<String> skipped, int oiSamples, int trades, int markPrices,
                          long longUsdE6, long shortUsdE6, List<TierTotal> tiers, List<BinView> bins,
                          List<String> assumptions, boolean synthetic, List<String> syntheticSources) {
    }

    /** The MODEL label, preceded by the SYNTHETIC warning when the inputs include generated feeds. */
    static String label(StoredLiquidationMap.Estimate e) {
        return e.syntheticSources().isEmpty() ? LABEL
                : "SYNTHETIC inputs (" + String.join(", ", e.syntheticSources()) + ": generated, not from any exchange). " + LABEL;
    }

    public static MapView view(StoredLiquidationMap.Estimate e) {
        LiquidationMap m = e.map();
        double[] lev = m.leverages();
        long[] tl = new long[lev.length];
        long[] ts = new long[lev.length];
        long longs = 0;
        long shorts = 0;
        List<BinView> bins = new ArrayList<>();
        for (LiquidationMap.Bin b : m.nonEmptyBins()) {
            for (int k = 0; k < lev.length; k++) {
                tl[k] += b.longByTier()[k];
                ts[k] += b.shortByTier()[k];
            }
            longs += b.longUsd();
            shorts += b.shortUsd();
            bins.add(new BinView(b.priceLow(), b.longUsd(), b.shortUsd(), b.longByTier().clone(), b.shortByTier().clone()));
        }
        List<TierTotal> tiers = new ArrayList<>();
        for (int k = 0; k < lev.length; k++) {
            tiers.add(new TierTotal(lev[k], tl[k], ts[k]));
        }
        return new MapView(StoredLiquidationMap.MODEL, label(e), e.coin(), e.fromTs(), e.toTs(), m.lastPrice(), m.binWidth(),
                e.instruments(), e.skipped(), e.oiSamples(), e.trades(), e.markPrices(), longs, shorts, List.copyOf(tiers),
                List.copyOf(bins), e.assumptions(), !e.syntheticSources().isEmpty(), e.syntheticSources());
    }

    /** One point of the simulated price path. */
    public record PathPoint(int step, long markE8, long longLiquidatedUsdE6, long shortLiquidatedUsdE6) {
    }

    /**
     * The stress answer on the stored map.
     *
     * @param shockPriceE8   the price after the gap alone
     * @param extremeMarkE8  lowest (fall) or highest (rise) mark of the cascade
     * @param cascadeBeyondShockPct how much further than the shock the cascade took the mark, percent of the start
     */
    public record StressView(String model, String label, String coin, double shockPct, long startPriceE8, long shockPriceE8,
                             long extremeMarkE8, long finalMarkE8, double cascadeBeyondShockPct, long longLiquidatedUsdE6,
                             int longsLiquidated, long shortLiquidatedUsdE6, int shortsLiquidated, long liquidatedUsdE6,
                             int positions, long positionsLongUsdE6, long positionsShortUsdE6, long insuranceFundStartUsdE6,
                             long insuranceFundMinUsdE6, long insuranceFundEndUsdE6, long adlFills, long adlUsdE6,
                             int steps, int secondsPerStep, boolean quiescent, boolean moneyConserved,
                             List<PathPoint> pricePath, long mapFromTs, long mapToTs, List<String> instruments,
                             List<String> assumptions) {
    }

    public static StressView stressView(StoredLiquidationMap.Estimate e, StoredLiquidationMap.Stress s, double shockPct,
                                        int secondsPerStep, String bookModel) {
        CascadeResult r = s.result().cascade();
        long extreme = shockPct < 0 ? r.minMark() : r.startPrice();
        List<PathPoint> path = new ArrayList<>();
        for (StepStats st : r.steps()) {
            if (shockPct > 0) {
                extreme = Math.max(extreme, st.mark());
            }
            path.add(new PathPoint(st.step(), st.mark(), st.longLiquidatedUsd(), st.shortLiquidatedUsd()));
        }
        List<String> assumptions = new ArrayList<>(e.assumptions());
        assumptions.add("population: the map's surviving cohorts as isolated positions (wallet = entry notional / leverage),"
                + " margin brackets of the book scenario; cohorts the last price already crossed are dropped");
        assumptions.add("order book, makers, insurance fund and engine knobs: " + bookModel
                + " (the store holds no book depth); the gap is instant and nothing else moves the price");
        return new StressView(StoredLiquidationMap.MODEL + "+cascade-engine", label(e), e.coin(), shockPct,
                s.result().startPrice(), s.result().shockPrice(), extreme, r.finalMark(), s.result().cascadePct(),
                r.longLiquidatedUsd(), r.longsLiquidated(), r.shortLiquidatedUsd(), r.shortsLiquidated(), r.liquidatedUsd(),
                s.population().store().size(), s.population().longOiUsd(), s.population().shortOiUsd(),
                r.insuranceFundStartUsd(), r.insuranceFundMinUsd(), r.insuranceFundEndUsd(), r.adlFills(), r.adlUsd(),
                r.steps().size(), secondsPerStep, r.quiescent(), r.conservedBefore() == r.conservedAfter(), List.copyOf(path),
                e.fromTs(), e.toTs(), e.instruments(), List.copyOf(assumptions));
    }

    /** Text report: header with the MODEL label, totals per tier, and a chart of USD per price row. */
    public static String text(MapView v, int rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("== Liquidation map of ").append(v.coin()).append(" (").append(v.model()).append(") ==\n");
        sb.append(v.label()).append('\n');
        sb.append("window        ").append(Instant.ofEpochMilli(v.fromTs())).append(" .. ").append(Instant.ofEpochMilli(v.toTs())).append('\n');
        sb.append("instruments   ").append(String.join(", ", v.instruments())).append('\n');
        for (String s : v.skipped()) {
            sb.append("skipped       ").append(s).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "inputs        %,d open-interest samples, %,d trades, %,d mark prices%n",
                v.oiSamples(), v.trades(), v.markPrices()));
        sb.append("last price    ").append(px(v.lastPriceE8())).append('\n');
        long rowWidth = rowWidth(v, rows);
        sb.append("price bins    ").append(px(v.binWidthE8())).append(" wide (model)");
        if (rowWidth > v.binWidthE8()) {
            sb.append("; each chart row below sums ").append(rowWidth / v.binWidthE8()).append(" bins = ").append(px(rowWidth))
                    .append(" of price, to fit ").append(rows).append(" rows (--rows, --bin)");
        }
        sb.append('\n');
        sb.append("longs below   ").append(usd(v.longUsdE6())).append("   shorts above   ").append(usd(v.shortUsdE6())).append('\n');
        sb.append("\nby assumed leverage tier:\n");
        for (TierTotal t : v.tiers()) {
            sb.append(String.format(Locale.ROOT, "  %5sx  longs %10s  shorts %10s%n", fmt(t.leverage()), usd(t.longUsdE6()),
                    usd(t.shortUsdE6())));
        }
        sb.append('\n').append(chart(v, rows));
        sb.append("\nassumptions:\n");
        for (String a : v.assumptions()) {
            sb.append("  - ").append(a).append('\n');
        }
        return sb.toString();
    }

    /**
     * Horizontal bars, highest price first: L = estimated long liquidations (below the last price), S = shorts
     * (above). Rows merge whole bins so the chart fits {@code rows} lines; the range is clipped to +-30% of the
     * last price (levels further out would need an implausible move and squash the rest).
     */
    static String chart(MapView v, int rows) {
        if (v.bins().isEmpty()) {
            return "(no estimated levels)\n";
        }
        long last = v.lastPriceE8();
        long[] range = chartRange(v);
        long lo = range[0];
        long hi = range[1];
        long rowWidth = rowWidth(v, rows);
        // Rows are anchored on the last price so that no row straddles it: shorts land above the marker, longs below.
        long start = last - Math.floorDiv(last - lo + rowWidth - 1, rowWidth) * rowWidth;
        int n = (int) ((hi - start + rowWidth - 1) / rowWidth);
        long[] longs = new long[n];
        long[] shorts = new long[n];
        for (BinView b : v.bins()) {
            // A bin holding the last price has its longs below it and its shorts above it.
            int il = (int) Math.floorDiv(Math.min(b.priceLowE8(), last - 1) - start, rowWidth);
            int is = (int) Math.floorDiv(Math.max(b.priceLowE8(), last) - start, rowWidth);
            if (il >= 0 && il < n) {
                longs[il] += b.longUsdE6();
            }
            if (is >= 0 && is < n) {
                shorts[is] += b.shortUsdE6();
            }
        }
        long max = 1;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, longs[i] + shorts[i]);
        }
        int width = 50;
        StringBuilder sb = new StringBuilder("estimated liquidation USD per ").append(px(rowWidth))
                .append(" of price (L = longs, S = shorts; MODEL)\n");
        boolean marked = false;
        for (int i = n - 1; i >= 0; i--) {
            long rowLo = start + i * rowWidth;
            if (!marked && rowLo < last) { // the first row wholly below the last price
                sb.append(String.format(Locale.ROOT, "%10s <- last price %s%n", "", px(last)));
                marked = true;
            }
            int l = (int) Math.round((double) longs[i] * width / max);
            int s = (int) Math.round((double) shorts[i] * width / max);
            sb.append(String.format(Locale.ROOT, "%10s |%s%s %s%n", px(rowLo), "S".repeat(s), "L".repeat(l),
                    longs[i] + shorts[i] > 0 ? usd(longs[i] + shorts[i]) : ""));
        }
        return sb.toString();
    }

    /** The charted price range [lo, hi): the non-empty bins clipped to +-30% of the last price. */
    private static long[] chartRange(MapView v) {
        long last = v.lastPriceE8();
        long lo = Math.max(v.bins().get(0).priceLowE8(), last - last * 3 / 10);
        long hi = Math.min(v.bins().get(v.bins().size() - 1).priceLowE8() + v.binWidthE8(), last + last * 3 / 10);
        return new long[]{lo, hi <= lo ? lo + v.binWidthE8() : hi};
    }

    /** Price width of one chart row: whole bins, as few as let the charted range fit {@code rows} lines. */
    static long rowWidth(MapView v, int rows) {
        if (v.bins().isEmpty()) {
            return v.binWidthE8();
        }
        long[] range = chartRange(v);
        long span = range[1] - range[0];
        return Math.max(v.binWidthE8(), ((span / rows + v.binWidthE8() - 1) / v.binWidthE8()) * v.binWidthE8());
    }

    public static String usd(long e6) {
        return dev.cascade.core.sim.CascadeReport.usd(e6);
    }

    public static String px(long e8) {
        return dev.cascade.core.sim.CascadeReport.px(e8);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
