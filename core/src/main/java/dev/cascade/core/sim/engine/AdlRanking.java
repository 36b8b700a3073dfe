package dev.cascade.core.sim.engine;

import dev.cascade.core.sim.margin.BracketTable;

/**
 * One side's ADL queue as the engine uses it: a ranking snapshot taken when {@link #stale}, served from the top.
 * {@link AdlQueue} is the engine's; tests compare it with a plain full sort.
 */
interface AdlRanking {
    /** True when a snapshot must be (re)taken before serving at this step and mark. */
    boolean stale(int step, int refreshSteps, long mark);

    /** Takes a snapshot of the live positions on {@code longSide}, scored at {@code mark}. */
    void build(PositionStore store, boolean longSide, long mark, BracketTable table, int step);

    /** Highest-ranked position of the snapshot still open on the wanted side, or -1 when none is left. Does not remove it. */
    int peek(PositionStore store, boolean wantLong);
}
