package dev.cascade.core.sim.map;

import dev.cascade.core.sim.engine.PositionStore;
import dev.cascade.core.sim.margin.BracketTable;
import dev.cascade.core.sim.margin.MarginMath;
import dev.cascade.core.sim.scenario.Population;

import java.util.ArrayList;
import java.util.List;

/**
 * Estimated liquidation levels: USD (notional at the liquidation price, e6) per price bin, side and leverage tier,
 * plus the surviving estimated positions they come from. Values are model estimates, meaningful relative to each
 * other (the reference's "relative intensity"), not a ledger.
 *
 * @param binWidth  price bin width e8; bin i covers [i x binWidth, (i+1) x binWidth)
 * @param lastPrice price at the end of the input data e8
 * @param leverages the leverage tiers; {@code Bin.longByTier[k]} is for {@code leverages[k]}
 */
public record LiquidationMap(long binWidth, long lastPrice, double[] leverages, List<Bin> bins, List<Level> levels) {

    public record Bin(long priceLow, long longUsd, long shortUsd, long[] longByTier, long[] shortByTier) {
        /** A bin from its per-tier USD, with the side totals summed. */
        static Bin of(long priceLow, long[] longByTier, long[] shortByTier) {
            long longUsd = 0;
            long shortUsd = 0;
            for (int k = 0; k < longByTier.length; k++) {
                longUsd += longByTier[k];
                shortUsd += shortByTier[k];
            }
            return new Bin(priceLow, longUsd, shortUsd, longByTier, shortByTier);
        }
    }

    /** One estimated cohort: side, entry and leverage of positions opened together, and its size (e8 coins). */
    public record Level(boolean isLong, long entry, int tier, long liquidationPrice, long qty) {
    }

    /** Long liquidation USD in bins starting in [lo, hi). */
    public long longUsdBetween(long lo, long hi) {
        return usdBetween(lo, hi, true);
    }

    /** Short liquidation USD in bins starting in [lo, hi). */
    public long shortUsdBetween(long lo, long hi) {
        return usdBetween(lo, hi, false);
    }

    private long usdBetween(long lo, long hi, boolean longs) {
        long s = 0;
        for (Bin b : bins) {
            if (b.priceLow() >= lo && b.priceLow() < hi) {
                s += longs ? b.longUsd() : b.shortUsd();
            }
        }
        return s;
    }

    /**
     * The estimated cohorts as an engine population (isolated margin, wallet = entry notional / leverage), so the
     * stress test can run on what stored market data implies instead of a synthetic scenario.
     */
    public Population toPopulation(String symbol, BracketTable table) {
        PositionStore store = new PositionStore(levels.size());
        int dropped = 0;
        for (Level l : levels) {
            long q = l.isLong() ? l.qty() : -l.qty();
            long cost = MarginMath.value(q, l.entry());
            long wallet = Math.round(Math.abs(cost) / leverages[l.tier()]);
            long lp = MarginMath.liquidationPrice(wallet, cost, q, table);
            if (q == 0 || (q > 0 ? lp >= lastPrice : lp <= lastPrice)) {
                dropped++;
                continue;
            }
            store.setLp(store.add(q, cost, wallet, false), lp);
        }
        return new Population(symbol, lastPrice, table, store, dropped, List.of());
    }

    /** Bins from the lowest to the highest non-empty one, for charts. */
    public List<Bin> nonEmptyBins() {
        List<Bin> out = new ArrayList<>();
        for (Bin b : bins) {
            if (b.longUsd() != 0 || b.shortUsd() != 0) {
                out.add(b);
            }
        }
        return out;
    }
}
