package dev.cascade.core.sim.engine;

import java.util.function.IntConsumer;

/**
 * Baseline: finds crossed positions by scanning every account on every mark update, with the exact margin check
 * (margin balance &lt;= maintenance) a risk engine without a price index must do. O(n) per step; it exists only to
 * measure the liquidation index against.
 */
public final class ScanFinder implements CrossedFinder {
    private final dev.cascade.core.sim.margin.BracketTable table;
    private final boolean marginCheck;
    private PositionStore store;

    /**
     * @param table       brackets for the margin check
     * @param marginCheck true: test every account's margin balance against maintenance (what a risk engine without a
     *                    price index does, as in exchange-core PR #151); false: compare the stored liquidation price
     *                    only (the cheapest possible scan; finds exactly what the index finds)
     */
    public ScanFinder(dev.cascade.core.sim.margin.BracketTable table, boolean marginCheck) {
        this.table = table;
        this.marginCheck = marginCheck;
    }

    @Override
    public void build(PositionStore s) {
        this.store = s;
    }

    @Override
    public void popCrossed(boolean longSide, long mark, IntList out) {
        int n = store.size();
        for (int i = 0; i < n; i++) {
            long q = store.qty(i);
            if (q == 0 || (q > 0) != longSide) {
                continue;
            }
            long lp = store.lp(i);
            boolean crossed = longSide ? lp >= mark : lp <= mark;
            if (marginCheck && !crossed) {
                // lp is floored (long) / ceiled (short), so the exact check can only add boundary positions.
                crossed = dev.cascade.core.sim.margin.MarginMath.liquidatable(store.wallet(i), store.cost(i), q, mark, table);
            }
            if (crossed) {
                out.add(i);
            }
        }
    }

    @Override
    public void update(int id, boolean wasLong, long oldLp, long newQty, long newLp) {
        // Nothing to maintain: the scan reads the store directly.
    }

    @Override
    public void forEach(boolean longSide, IntConsumer action) {
        int n = store.size();
        for (int i = 0; i < n; i++) {
            long q = store.qty(i);
            if (q != 0 && (q > 0) == longSide) {
                action.accept(i);
            }
        }
    }
}
