package dev.cascade.core.sim;

import dev.cascade.core.money.Fixed;
import dev.cascade.core.sim.engine.CascadeResult;
import dev.cascade.core.sim.engine.StepStats;
import dev.cascade.core.sim.scenario.Calibration;

import java.util.List;
import java.util.Locale;

/** Human-readable cascade report with ASCII charts of the price path and of liquidations per step. */
public final class CascadeReport {
    private CascadeReport() {
    }

    public static String text(String title, CascadeResult r, Calibration cal, int secondsPerStep) {
        StringBuilder sb = new StringBuilder();
        sb.append("== ").append(title).append(" ==\n");
        int steps = r.steps().size();
        sb.append(String.format(Locale.ROOT, "steps            %d (%s, %d s each)%n", steps,
                r.quiescent() ? "quiescent" : "stopped at max steps", secondsPerStep));
        sb.append(String.format(Locale.ROOT, "price            %s -> low %s -> end %s (max drawdown %.1f%%)%n",
                px(r.startPrice()), px(r.minMark()), px(r.finalMark()), r.maxDrawdownPct()));
        sb.append(String.format(Locale.ROOT, "liquidated       %s total: longs %s (%d positions), shorts %s (%d)%n",
                usd(r.liquidatedUsd()), usd(r.longLiquidatedUsd()), r.longsLiquidated(), usd(r.shortLiquidatedUsd()),
                r.shortsLiquidated()));
        sb.append(String.format(Locale.ROOT, "open interest    %s -> %s (long side at mark)%n", usd(r.oiStartUsd()), usd(r.oiEndUsd())));
        sb.append(String.format(Locale.ROOT, "insurance fund   %s -> min %s -> end %s%n", usd(r.insuranceFundStartUsd()),
                usd(r.insuranceFundMinUsd()), usd(r.insuranceFundEndUsd())));
        sb.append(String.format(Locale.ROOT, "ADL              %d fills, %s notional%n", r.adlFills(), usd(r.adlUsd())));
        sb.append(String.format(Locale.ROOT, "money check      conserved cash %s before, %s after (%s)%n",
                Fixed.format(r.conservedBefore(), 6), Fixed.format(r.conservedAfter(), 6),
                r.conservedBefore() == r.conservedAfter() ? "exact" : "MISMATCH"));
        if (cal != null) {
            sb.append("published        ");
            if (cal.liquidatedHighUsd() > 0) {
                sb.append("liquidated ").append(usd(cal.liquidatedLowUsd())).append("-").append(usd(cal.liquidatedHighUsd())).append("; ");
            }
            if (cal.oiBeforeUsd() > 0) {
                sb.append("OI ").append(usd(cal.oiBeforeUsd())).append(" -> ").append(usd(cal.oiAfterUsd())).append("; ");
            }
            if (cal.priceLow() > 0) {
                sb.append("low ").append(px(cal.priceLow()));
            }
            sb.append("\n                 ").append(cal.note()).append('\n');
        }
        sb.append('\n').append(chart("mark price", r.steps(), true, 60, 10));
        sb.append('\n').append(chart("liquidated USD per step (L = longs, S = shorts)", r.steps(), false, 60, 8));
        return sb.toString();
    }

    /** Price path as a line, or liquidations per step as stacked bars; steps are grouped into at most width columns. */
    static String chart(String title, List<StepStats> steps, boolean price, int width, int height) {
        if (steps.isEmpty()) {
            return title + ": no steps\n";
        }
        int cols = Math.min(width, steps.size());
        double[] a = new double[cols];
        double[] b = new double[cols];
        for (int c = 0; c < cols; c++) {
            int from = (int) ((long) c * steps.size() / cols);
            int to = (int) ((long) (c + 1) * steps.size() / cols);
            double lo = Double.MAX_VALUE;
            for (int i = from; i < to; i++) {
                StepStats s = steps.get(i);
                if (price) {
                    lo = Math.min(lo, s.mark() / 1e8);
                } else {
                    a[c] += s.longLiquidatedUsd() / 1e6;
                    b[c] += s.shortLiquidatedUsd() / 1e6;
                }
            }
            if (price) {
                a[c] = lo;
            }
        }
        double max = 0;
        double min = Double.MAX_VALUE;
        for (int c = 0; c < cols; c++) {
            max = Math.max(max, a[c] + b[c]);
            min = Math.min(min, a[c] + b[c]);
        }
        if (!price) {
            min = 0;
        }
        double span = max - min > 0 ? max - min : 1;
        StringBuilder sb = new StringBuilder(title).append('\n');
        for (int row = height; row >= 1; row--) {
            double level = min + span * (row - 0.5) / height;
            String label = price ? String.format(Locale.ROOT, "%9.0f", min + span * row / height) : String.format(Locale.ROOT, "%9s", usd((long) ((min + span * row / height) * 1e6)));
            sb.append(label).append(" |");
            for (int c = 0; c < cols; c++) {
                char ch = ' ';
                if (price) {
                    double cellLo = min + span * (row - 1) / height;
                    double cellHi = min + span * row / height;
                    if (a[c] >= cellLo && (a[c] < cellHi || row == height && a[c] <= cellHi)) {
                        ch = '*';
                    }
                } else if (a[c] + b[c] >= level) {
                    ch = a[c] >= level ? 'L' : 'S';
                }
                sb.append(ch);
            }
            sb.append('\n');
        }
        sb.append("          +").append("-".repeat(cols)).append('\n');
        sb.append(String.format(Locale.ROOT, "           step 0%s%d%n", " ".repeat(Math.max(1, cols - 7 - String.valueOf(steps.size() - 1).length())), steps.size() - 1));
        return sb.toString();
    }

    public static String usd(long e6) {
        double v = e6 / 1e6;
        double a = Math.abs(v);
        if (a >= 1e9) {
            return String.format(Locale.ROOT, "$%.2fB", v / 1e9);
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "$%.1fM", v / 1e6);
        }
        if (a >= 1e3) {
            return String.format(Locale.ROOT, "$%.1fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "$%.0f", v);
    }

    public static String px(long e8) {
        return String.format(Locale.ROOT, "%,.0f", e8 / 1e8);
    }
}
