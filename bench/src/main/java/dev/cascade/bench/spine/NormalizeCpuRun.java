package dev.cascade.bench.spine;

import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@link VenueNormalizeBench}'s variants measured in CPU time instead of wall time, interleaved in short rounds, for
 * a machine other builds keep busy: there a wall-clock score says mostly how much CPU the scheduler gave each
 * iteration, while the CPU time one thread spent on the same frames does not depend on it (caches shared with the
 * other builds still do a little). Each round runs every variant once over the frames, in a rotating order; the
 * result per variant is the median of its rounds, and the ratios are the medians of the per-round ratios with a 95%
 * confidence interval of that median (order statistics, no assumption about the distribution: the rounds a busy
 * machine slows are outliers a median shrugs off), then the lowest and highest round.
 *
 * <pre>java -cp benchmarks.jar dev.cascade.bench.spine.NormalizeCpuRun [rounds (default 400)] [warmup rounds (default 100)]</pre>
 * Prints one line per venue: {@code RESULT source guarded=.. unguarded=.. ... guarded/dsl=median,ciLow,ciHigh,min,max ...}.
 */
public final class NormalizeCpuRun {
    private static final String[] VARIANTS = {"cascadeGuarded", "cascadeUnguarded", "dslJson", "jacksonStreaming", "afterParsing"};

    private NormalizeCpuRun() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        for (String source : new String[] {"binance-usdm", "bybit-linear", "okx"}) {
            VenueNormalizeBench b = new VenueNormalizeBench();
            b.source = source;
            b.setup();
            double[][] rate = new double[VARIANTS.length][rounds];
            for (int round = -warmup; round < rounds; round++) {
                for (int k = 0; k < VARIANTS.length; k++) {
                    int v = Math.floorMod(round + k, VARIANTS.length);
                    long t0 = cpu.getCurrentThreadCpuTime();
                    for (int rep = 0; rep < 4; rep++) {
                        run(b, v, bh);
                    }
                    long ns = cpu.getCurrentThreadCpuTime() - t0;
                    if (round >= 0) {
                        rate[v][round] = 4.0 * VenueNormalizeBench.FRAMES / (ns / 1e9);
                    }
                }
            }
            List<String> out = new ArrayList<>();
            out.add("RESULT " + source);
            for (int v = 0; v < VARIANTS.length; v++) {
                out.add(VARIANTS[v] + "=" + String.format(Locale.ROOT, "%.0f", median(rate[v])));
            }
            out.add(ratio("guarded/dsl", rate[0], rate[2]));
            out.add(ratio("guarded/jackson", rate[0], rate[3]));
            out.add(ratio("guarded/unguarded", rate[0], rate[1]));
            out.add(ratio("dsl/afterParsing", rate[2], rate[4]));
            System.out.println(String.join(" ", out));
        }
    }

    private static void run(VenueNormalizeBench b, int variant, Blackhole bh) throws Exception {
        switch (variant) {
            case 0 -> b.cascadeGuarded(bh);
            case 1 -> b.cascadeUnguarded(bh);
            case 2 -> b.dslJson(bh);
            case 3 -> b.jacksonStreaming(bh);
            default -> b.afterParsing(bh);
        }
    }

    /**
     * name=median,ciLow,ciHigh,lowest,highest of the per-round ratios a/b; the interval holds the true median with 95%
     * confidence (ranks n/2 -+ 0.98 sqrt(n) of the sorted ratios: the sign test's interval).
     */
    private static String ratio(String name, double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        double[] sorted = r.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        int half = (int) Math.ceil(0.98 * Math.sqrt(n));
        double low = sorted[Math.max(0, n / 2 - half)];
        double high = sorted[Math.min(n - 1, (n - 1) / 2 + half)];
        return String.format(Locale.ROOT, "%s=%.3f,%.3f,%.3f,%.3f,%.3f", name, median(r), low, high, sorted[0], sorted[n - 1]);
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
