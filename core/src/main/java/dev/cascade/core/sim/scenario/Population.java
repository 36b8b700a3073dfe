package dev.cascade.core.sim.scenario;

import dev.cascade.core.sim.engine.PositionStore;
import dev.cascade.core.sim.margin.BracketTable;
import dev.cascade.core.sim.margin.MarginMath;

import java.util.List;

/**
 * Positions ready for the engine: the store (liquidation prices computed), the price they are marked at, the
 * brackets, and the input lines that were rejected (file loads) or the positions dropped because the start price
 * had already crossed their liquidation price (they would have been liquidated before "now").
 */
public record Population(String symbol, long startPrice, BracketTable table, PositionStore store, int dropped,
                         List<String> rejected) {
    public long longOiUsd() {
        long q = 0;
        for (int i = 0; i < store.size(); i++) {
            q += Math.max(0, store.qty(i));
        }
        return MarginMath.notional(q, startPrice);
    }

    public long shortOiUsd() {
        long q = 0;
        for (int i = 0; i < store.size(); i++) {
            q += Math.max(0, -store.qty(i));
        }
        return MarginMath.notional(q, startPrice);
    }

    /** A fresh copy so one generated population can be run many times (each run mutates its positions). */
    public Population copy() {
        return new Population(symbol, startPrice, table, store.copy(), dropped, rejected);
    }
}
