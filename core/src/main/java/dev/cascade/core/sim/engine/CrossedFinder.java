package dev.cascade.core.sim.engine;

/** Finds the positions a mark price has crossed; the engine tells it when a position's liquidation price moves. */
public interface CrossedFinder {
    /** Builds the structure from the store's current lp values. */
    void build(PositionStore store);

    /**
     * Removes and returns (into {@code out}) every position of one side whose liquidation price the mark has reached:
     * longs with lp &gt;= mark, shorts with lp &lt;= mark.
     */
    void popCrossed(boolean longSide, long mark, IntList out);

    /**
     * A position's lp changed, or it became flat (newQty == 0). A finder may keep flat positions and return them
     * from {@link #popCrossed}; callers skip positions whose quantity is 0.
     */
    void update(int id, boolean wasLong, long oldLp, long newQty, long newLp);

    /** All live positions of one side (ADL ranking). */
    void forEach(boolean longSide, java.util.function.IntConsumer action);
}
