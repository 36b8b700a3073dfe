package dev.cascade.server;

import dev.cascade.core.port.QueryStore;

import java.util.List;

/** Long/short split of totals grouped by side. */
record SideTotals(long longUsdE6, long shortUsdE6, long count, boolean lowerBound) {
    static SideTotals of(List<QueryStore.LiquidationTotal> bySide) {
        long longUsd = 0;
        long shortUsd = 0;
        long count = 0;
        boolean lower = false;
        for (QueryStore.LiquidationTotal t : bySide) {
            if ("LONG".equals(t.side())) {
                longUsd += t.notionalUsd();
            } else {
                shortUsd += t.notionalUsd();
            }
            count += t.count();
            lower |= t.lowerBound();
        }
        return new SideTotals(longUsd, shortUsd, count, lower);
    }

    long totalUsdE6() {
        return longUsdE6 + shortUsdE6;
    }
}
