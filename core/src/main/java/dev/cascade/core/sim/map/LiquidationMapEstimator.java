package dev.cascade.core.sim.map;

import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.sim.margin.MarginMath;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Estimates where liquidation levels cluster from stored open interest, trades and mark prices (the common method of
 * CoinGlass-style heatmaps, reference section 4, made explicit):
 * <ol>
 *   <li>walk consecutive OI observations of one instrument; an OI increase between two observations is new
 *       positions, opened at the interval's trade VWAP (or mark when there were no trades);</li>
 *   <li>split the new OI into longs and shorts by the interval's taker-buy share of volume (aggressive buyers are
 *       taken to open longs), bounded to [minSideShare, 1 - minSideShare];</li>
 *   <li>spread each side over the assumed leverage tiers by weight; the liquidation price of a cohort is the
 *       isolated-margin approximation E(1 - 1/L + MMR) for longs, E(1 + 1/L - MMR) for shorts, with the MMR of the
 *       first bracket;</li>
 *   <li>a cohort whose liquidation price the interval's low (longs) or high (shorts) crossed is removed: it was
 *       liquidated (or stopped out) already;</li>
 *   <li>an OI decrease, net of what those liquidations already removed, closes the same share of every position
 *       of each side, those open before the first observation included (which ones closed is unknown);</li>
 *   <li>what survives is binned by liquidation price, side and tier, in USD at the liquidation price.</li>
 * </ol>
 * Pure: the caller queries the store and passes the records, already filtered to one instrument.
 */
public final class LiquidationMapEstimator {
    /**
     * @param binWidth      price bin width, e8
     * @param leverages     assumed leverage tiers
     * @param weights       share of new OI at each tier
     * @param mmrPpm        maintenance ratio used in the approximation (first bracket; BTCUSDT 4000)
     * @param minSideShare  floor of either side's share of new OI (0.5 = always split evenly)
     */
    public record Params(long binWidth, double[] leverages, double[] weights, long mmrPpm, double minSideShare) {
        public Params {
            if (binWidth <= 0 || leverages.length == 0 || leverages.length != weights.length || mmrPpm < 0
                    || minSideShare < 0 || minSideShare > 0.5) {
                throw new IllegalArgumentException("invalid liquidation map parameters");
            }
        }

        /** Tiers 5/10/25/50/100x weighted toward the middle; $100 bins for BTC. */
        public static Params defaults(long binWidth) {
            return new Params(binWidth, new double[] {5, 10, 25, 50, 100}, new double[] {20, 30, 25, 15, 10}, 4_000, 0.2);
        }
    }

    private LiquidationMapEstimator() {
    }

    public static LiquidationMap estimate(List<OpenInterest> oi, List<Trade> trades, List<MarkPrice> marks, Params p) {
        List<OpenInterest> obs = new ArrayList<>(oi);
        obs.sort(Comparator.comparingLong(OpenInterest::ts));
        List<Trade> tr = new ArrayList<>(trades);
        tr.sort(Comparator.comparingLong(Trade::ts));
        List<MarkPrice> mk = new ArrayList<>(marks);
        mk.sort(Comparator.comparingLong(MarkPrice::ts));
        double wsum = 0;
        for (double w : p.weights()) {
            wsum += w;
        }
        List<double[]> live = new ArrayList<>(); // isLong(1/0), entry, tier, lp, qty (coins e8 as double)
        int ti = 0;
        int mi = 0;
        long lastPrice = 0;
        long prevOi = -1;
        long prevTs = Long.MIN_VALUE;
        for (OpenInterest o : obs) {
            // Gather the interval (prevTs, o.ts]: VWAP, taker-buy share, low/high.
            double notional = 0;
            double volume = 0;
            double buyVol = 0;
            long low = Long.MAX_VALUE;
            long high = Long.MIN_VALUE;
            while (ti < tr.size() && tr.get(ti).ts() <= o.ts()) {
                Trade t = tr.get(ti++);
                if (t.ts() <= prevTs || t.price() <= 0) {
                    continue;
                }
                notional += (double) t.price() * t.quantity();
                volume += t.quantity();
                if (t.takerSide() == TakerSide.BUY) {
                    buyVol += t.quantity();
                }
                low = Math.min(low, t.price());
                high = Math.max(high, t.price());
                lastPrice = t.price();
            }
            while (mi < mk.size() && mk.get(mi).ts() <= o.ts()) {
                MarkPrice m = mk.get(mi++);
                if (m.ts() <= prevTs || m.markPrice() <= 0) {
                    continue;
                }
                low = Math.min(low, m.markPrice());
                high = Math.max(high, m.markPrice());
                if (volume == 0) {
                    lastPrice = m.markPrice();
                }
            }
            long price = volume > 0 ? Math.round(notional / volume) : lastPrice;
            long oiCoins = o.oiBase() > 0 ? o.oiBase()
                    : price > 0 ? Fixed.divScaled(o.oiUsd(), 10, price) : 0;
            // Crossing first: levels the interval's extremes reached were liquidated during it.
            double liquidated = 0;
            if (low != Long.MAX_VALUE) {
                for (int j = live.size() - 1; j >= 0; j--) {
                    double[] l = live.get(j);
                    if (l[0] == 1 ? l[3] >= low : l[3] <= high) {
                        liquidated += l[4];
                        live.remove(j);
                    }
                }
            }
            if (prevOi >= 0 && price > 0) {
                long delta = oiCoins - prevOi;
                if (delta > 0) {
                    double buyShare = volume > 0 ? buyVol / volume : 0.5;
                    buyShare = Math.max(p.minSideShare(), Math.min(1 - p.minSideShare(), buyShare));
                    for (int k = 0; k < p.leverages().length; k++) {
                        double w = p.weights()[k] / wsum;
                        double lev = p.leverages()[k];
                        double mmr = p.mmrPpm() / 1e6;
                        live.add(new double[] {1, price, k, price * (1 - 1 / lev + mmr), delta * w * buyShare});
                        live.add(new double[] {0, price, k, price * (1 + 1 / lev - mmr), delta * w * (1 - buyShare)});
                    }
                } else if (delta < 0) {
                    // Each side holds the OI once: closing |delta| coins (less what liquidations already took)
                    // removes that share of each side's open interest. The side's OI includes what was open before
                    // the first observation (prevOi >= mapped cohorts), so closes are spread over old and new
                    // positions alike instead of being charged to the mapped cohorts alone, which would empty any
                    // map whose window ends after a large deleveraging.
                    double closing = Math.max(0, -delta - liquidated);
                    double longs = 0;
                    double shorts = 0;
                    for (double[] l : live) {
                        if (l[0] == 1) {
                            longs += l[4];
                        } else {
                            shorts += l[4];
                        }
                    }
                    double keepLong = longs > 0 ? Math.max(0, 1 - closing / Math.max(longs, prevOi)) : 0;
                    double keepShort = shorts > 0 ? Math.max(0, 1 - closing / Math.max(shorts, prevOi)) : 0;
                    for (double[] l : live) {
                        l[4] *= l[0] == 1 ? keepLong : keepShort;
                    }
                    live.removeIf(l -> l[4] < 1);
                }
            }
            prevOi = oiCoins;
            prevTs = o.ts();
            if (price > 0) {
                lastPrice = price;
            }
        }
        return bin(live, lastPrice, p);
    }

    private static LiquidationMap bin(List<double[]> live, long lastPrice, Params p) {
        int tiers = p.leverages().length;
        TreeMap<Long, long[][]> bins = new TreeMap<>();
        List<LiquidationMap.Level> levels = new ArrayList<>();
        for (double[] l : live) {
            long lp = Math.round(l[3]);
            long qty = Math.round(l[4]);
            if (qty <= 0 || lp <= 0) {
                continue;
            }
            boolean isLong = l[0] == 1;
            int tier = (int) l[2];
            levels.add(new LiquidationMap.Level(isLong, Math.round(l[1]), tier, lp, qty));
            long key = Math.floorDiv(lp, p.binWidth());
            long[][] b = bins.computeIfAbsent(key, k -> new long[2][tiers]);
            b[isLong ? 0 : 1][tier] += MarginMath.notional(qty, lp);
        }
        List<LiquidationMap.Bin> out = new ArrayList<>();
        for (var e : bins.entrySet()) {
            out.add(LiquidationMap.Bin.of(e.getKey() * p.binWidth(), e.getValue()[0], e.getValue()[1]));
        }
        return new LiquidationMap(p.binWidth(), lastPrice, p.leverages().clone(), List.copyOf(out), List.copyOf(levels));
    }
}
