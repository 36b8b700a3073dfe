package dev.cascade.core.sim.scenario;

import dev.cascade.core.sim.engine.StepStats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A clocked run set against what really happened: the simulated mark at the end of each real price bucket against the
 * real close (error in basis points), and the simulated liquidations per hour and per real liquidation bucket against
 * the real totals. Step k of a run stands for [startTime + k x secondsPerStep, + secondsPerStep).
 *
 * @param prices        one row per real price bucket the run reached
 * @param meanAbsErrBps mean of |simulated - real| / real over those rows, bps
 * @param maxAbsErrBps  the largest of them
 * @param hourly        simulated liquidations per hour
 * @param liquidations  one row per real liquidation bucket
 */
public record RealPathComparison(List<PriceRow> prices, long meanAbsErrBps, long maxAbsErrBps, List<LiqRow> hourly,
                                 List<LiqRow> liquidations, String source) {
    static final long HOUR = 3_600_000L;

    /** @param errorBps (simulated - real) / real, bps */
    public record PriceRow(long endTs, long simulated, long real, long errorBps) {
    }

    /** Liquidations (USD e6) in [ts, ts + bucket); real figures are -1 for the simulated-only hourly rows. */
    public record LiqRow(long ts, long simLongUsd, long simShortUsd, long realLongUsd, long realShortUsd) {
    }

    public static RealPathComparison of(long startTime, int secondsPerStep, List<StepStats> steps, Calibration.Actual a) {
        if (startTime < 0 || a == null || steps.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs a scenario clock (startTime) and the actual series");
        }
        long stepMs = secondsPerStep * 1000L;
        List<PriceRow> prices = new ArrayList<>();
        long sumAbs = 0;
        long maxAbs = 0;
        for (int b = 0; b < a.priceCloses().length; b++) {
            long end = (b + 1) * a.priceBucketMs();
            long k = end / stepMs - 1;
            if (k >= steps.size()) {
                break; // the run ended (quiescent) before this bucket
            }
            long sim = steps.get((int) k).mark();
            long real = a.priceCloses()[b];
            long err = Math.round((sim - real) * 10_000.0 / real);
            prices.add(new PriceRow(startTime + end, sim, real, err));
            sumAbs += Math.abs(err);
            maxAbs = Math.max(maxAbs, Math.abs(err));
        }
        return new RealPathComparison(prices, prices.isEmpty() ? 0 : Math.round((double) sumAbs / prices.size()), maxAbs,
                sums(startTime, stepMs, steps, HOUR, null, null), sums(startTime, stepMs, steps, a.liquidationBucketMs(), a.longUsd(), a.shortUsd()),
                a.source());
    }

    private static List<LiqRow> sums(long startTime, long stepMs, List<StepStats> steps, long bucketMs, long[] realLong, long[] realShort) {
        int n = realLong != null ? realLong.length : (int) ((steps.size() * stepMs + bucketMs - 1) / bucketMs);
        long[] l = new long[n];
        long[] s = new long[n];
        for (int k = 0; k < steps.size(); k++) {
            int b = (int) (k * stepMs / bucketMs);
            if (b < n) {
                l[b] += steps.get(k).longLiquidatedUsd();
                s[b] += steps.get(k).shortLiquidatedUsd();
            }
        }
        List<LiqRow> rows = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            rows.add(new LiqRow(startTime + b * bucketMs, l[b], s[b], realLong != null ? realLong[b] : -1,
                    realShort != null && b < realShort.length ? realShort[b] : -1));
        }
        return rows;
    }

    /** The comparison as text tables (the simulate command prints it after the run's report). */
    public String text() {
        StringBuilder t = new StringBuilder();
        t.append("Against the real path (").append(source).append("):\n");
        if (prices.isEmpty()) {
            t.append("  price: no real price path to compare with\n");
        } else {
            t.append(String.format(Locale.ROOT, "  price: simulated mark vs real close at each bucket end, mean |error| %s, max %s%n",
                    pct(meanAbsErrBps), pct(maxAbsErrBps)));
            t.append(String.format(Locale.ROOT, "  %-17s %12s %12s %9s%n", "bucket end (UTC)", "simulated", "real", "error"));
            for (PriceRow r : prices) {
                t.append(String.format(Locale.ROOT, "  %-17s %12s %12s %9s%n", time(r.endTs()), px(r.simulated()), px(r.real()),
                        signed(r.errorBps())));
            }
        }
        t.append("  simulated liquidations per hour (longs / shorts):\n");
        for (LiqRow r : hourly) {
            if (r.simLongUsd() + r.simShortUsd() > 0) {
                t.append(String.format(Locale.ROOT, "  %-17s %12s / %s%n", time(r.ts()), usd(r.simLongUsd()), usd(r.simShortUsd())));
            }
        }
        t.append("  liquidations per real bucket: simulated vs real (longs, shorts; simulated / real)\n");
        for (LiqRow r : liquidations) {
            t.append(String.format(Locale.ROOT, "  %-17s longs %9s vs %9s (%s)   shorts %9s vs %9s (%s)%n", time(r.ts()),
                    usd(r.simLongUsd()), usd(r.realLongUsd()), ratio(r.simLongUsd(), r.realLongUsd()),
                    usd(r.simShortUsd()), usd(r.realShortUsd()), ratio(r.simShortUsd(), r.realShortUsd())));
        }
        return t.toString();
    }

    private static String time(long ts) {
        return Instant.ofEpochMilli(ts).toString().substring(0, 16).replace('T', ' ');
    }

    private static String px(long e8) {
        return String.format(Locale.ROOT, "%,.0f", e8 / 1e8);
    }

    private static String usd(long e6) {
        return e6 < 0 ? "n/a" : String.format(Locale.ROOT, "$%,.1fM", e6 / 1e12);
    }

    private static String pct(long bps) {
        return String.format(Locale.ROOT, "%.2f%%", bps / 100.0);
    }

    private static String signed(long bps) {
        return (bps > 0 ? "+" : "") + pct(bps);
    }

    private static String ratio(long sim, long real) {
        return real <= 0 ? "n/a" : String.format(Locale.ROOT, "%.2fx", (double) sim / real);
    }
}
