package dev.cascade.core.sim.engine;

import dev.cascade.core.sim.margin.BracketTable;

import java.util.Arrays;

/**
 * The straightforward ADL snapshot {@link AdlQueue} must equal: every live position of the side scored and the
 * whole side sorted (score descending, id ascending) at each snapshot, same refresh rule.
 */
final class FullSortAdlRanking implements AdlRanking {
    private int[] ranked = new int[0];
    private int cursor;
    private int builtAtStep = -1;
    private long builtMark;
    int builds;

    @Override
    public boolean stale(int step, int refreshSteps, long mark) {
        return builtAtStep < 0 || step - builtAtStep >= refreshSteps && Math.abs(mark - builtMark) * 400 > builtMark;
    }

    @Override
    public void build(PositionStore store, boolean longSide, long mark, BracketTable table, int step) {
        Integer[] ids = new Integer[store.size()];
        float[] score = new float[store.size()];
        int n = 0;
        for (int i = 0; i < store.size(); i++) {
            long q = store.qty(i);
            if (q != 0 && (q > 0) == longSide) {
                score[i] = (float) AdlQueue.score(store.wallet(i), store.cost(i), q, mark / 1e10, table);
                ids[n++] = i;
            }
        }
        Integer[] side = Arrays.copyOf(ids, n);
        Arrays.sort(side, (x, y) -> score[x] != score[y] ? Float.compare(score[y], score[x]) : Integer.compare(x, y));
        ranked = Arrays.stream(side).mapToInt(Integer::intValue).toArray();
        cursor = 0;
        builtAtStep = step;
        builtMark = mark;
        builds++;
    }

    @Override
    public int peek(PositionStore store, boolean wantLong) {
        while (cursor < ranked.length) {
            long q = store.qty(ranked[cursor]);
            if (q != 0 && (q > 0) == wantLong) {
                return ranked[cursor];
            }
            cursor++;
        }
        return -1;
    }
}
