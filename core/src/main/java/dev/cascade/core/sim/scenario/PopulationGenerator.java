package dev.cascade.core.sim.scenario;

import dev.cascade.core.money.Fixed;
import dev.cascade.core.sim.engine.PositionStore;
import dev.cascade.core.sim.margin.Bracket;
import dev.cascade.core.sim.margin.BracketTable;
import dev.cascade.core.sim.margin.MarginMath;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws a population from a {@link PopulationSpec}: side, log-normal size, leverage tier and entry price per
 * position; notionals are scaled so longs add up to the OI and shorts to shortShare x OI. Sampling uses doubles, the positions
 * it produces are exact longs (qty, cost = qty x entry, wallet = cost / leverage). Positions whose liquidation price
 * the start price has already crossed are dropped: they would have been liquidated before the scenario starts.
 */
public final class PopulationGenerator {
    private PopulationGenerator() {
    }

    public static Population generate(PopulationSpec spec, String symbol, long startPrice, BracketTable table) {
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        int n = spec.positions();
        double[] size = new double[n];
        boolean[] isLong = new boolean[n];
        double sumLong = 0;
        double sumShort = 0;
        for (int i = 0; i < n; i++) {
            isLong[i] = rnd.nextDouble() < 1 / (1 + spec.shortShare());
            size[i] = Math.exp(spec.sizeSigma() * gaussian(rnd));
            if (isLong[i]) {
                sumLong += size[i];
            } else {
                sumShort += size[i];
            }
        }
        double oi = spec.oiUsd() / 1e6;
        double longTarget = oi;
        double shortTarget = oi * spec.shortShare();
        double[] levCdf = cdf(spec.leverageWeights());
        double[] entryCdf = spec.entryPrices().length == 0 ? null : cdf(spec.entryWeights());
        double start = startPrice / 1e8;
        PositionStore store = new PositionStore(n);
        int dropped = 0;
        for (int i = 0; i < n; i++) {
            double usd = (isLong[i] ? longTarget / sumLong : shortTarget / sumShort) * size[i];
            double entry;
            if (entryCdf == null) {
                entry = start * (1 + spec.entrySigmaPct() / 100 * gaussian(rnd));
            } else {
                double base = spec.entryPrices()[pick(entryCdf, rnd.nextDouble())] / 1e8;
                entry = base * (1 + spec.entrySigmaPct() / 100 * gaussian(rnd));
            }
            entry = Math.max(entry, start * 0.05);
            long entryE8 = Math.round(entry * 1e8);
            long qty = Math.round(usd / entry * 1e8);
            if (qty <= 0) {
                dropped++;
                continue;
            }
            long q = isLong[i] ? qty : -qty;
            long cost = MarginMath.value(q, entryE8);
            Bracket b = table.forNotional(Math.abs(cost));
            double lev = Math.min(spec.leverages()[pick(levCdf, rnd.nextDouble())], b.maxLeverage());
            boolean cross = rnd.nextDouble() < spec.crossShare();
            long wallet = Math.round(Math.abs(cost) / lev * (cross ? spec.crossMarginMultiple() : 1));
            long lp = MarginMath.liquidationPrice(wallet, cost, q, table);
            if (q > 0 ? lp >= startPrice : lp <= startPrice) {
                dropped++;
                continue;
            }
            int id = store.add(q, cost, wallet, cross);
            store.setLp(id, lp);
        }
        return new Population(symbol, startPrice, table, store, dropped, List.of());
    }

    /**
     * Parses a positions file: one position a line, {@code side,qty,entry,wallet[,isolated|cross]} with side
     * long/short, qty in coins, entry and wallet in USD; '#' starts a comment. Bad lines are skipped and reported
     * with their line number in {@link Population#rejected()}.
     */
    public static Population fromCsv(String text, String symbol, long startPrice, BracketTable table) {
        PositionStore store = new PositionStore(1024);
        List<String> rejected = new ArrayList<>();
        int dropped = 0;
        String[] lines = text.split("\r?\n");
        for (int ln = 0; ln < lines.length; ln++) {
            String line = lines[ln].strip();
            if (line.isEmpty() || line.startsWith("#") || line.toLowerCase().startsWith("side,")) {
                continue;
            }
            String[] f = line.split(",");
            try {
                if (f.length < 4) {
                    throw new IllegalArgumentException("expected side,qty,entry,wallet[,mode]");
                }
                String side = f[0].strip().toLowerCase();
                if (!side.equals("long") && !side.equals("short")) {
                    throw new IllegalArgumentException("side must be long or short, got '" + f[0] + "'");
                }
                long qty = Fixed.parse(f[1].strip(), Fixed.E8);
                long entry = Fixed.parse(f[2].strip(), Fixed.E8);
                long wallet = Fixed.parse(f[3].strip(), Fixed.E6);
                if (qty <= 0 || entry <= 0 || wallet < 0) {
                    throw new IllegalArgumentException("qty and entry must be positive, wallet not negative");
                }
                boolean cross = f.length > 4 && f[4].strip().equalsIgnoreCase("cross");
                long q = side.equals("long") ? qty : -qty;
                long cost = MarginMath.value(q, entry);
                long lp = MarginMath.liquidationPrice(wallet, cost, q, table);
                if (q > 0 ? lp >= startPrice : lp <= startPrice) {
                    dropped++;
                    continue;
                }
                store.setLp(store.add(q, cost, wallet, cross), lp);
            } catch (IllegalArgumentException e) {
                rejected.add("line " + (ln + 1) + ": " + e.getMessage());
            }
        }
        return new Population(symbol, startPrice, table, store, dropped, List.copyOf(rejected));
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller; SplittableRandom has no nextGaussian in Java 17.
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double[] cdf(double[] w) {
        double[] c = new double[w.length];
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] < 0) {
                throw new IllegalArgumentException("weights must not be negative");
            }
            s += w[i];
            c[i] = s;
        }
        if (!(s > 0)) {
            throw new IllegalArgumentException("weights must not all be zero");
        }
        for (int i = 0; i < c.length; i++) {
            c[i] /= s;
        }
        return c;
    }

    private static int pick(double[] cdf, double u) {
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
