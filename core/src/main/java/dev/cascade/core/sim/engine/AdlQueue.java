package dev.cascade.core.sim.engine;

import dev.cascade.core.sim.margin.BracketTable;
import dev.cascade.core.sim.margin.MarginMath;

/**
 * Binance's ADL queue for one side: positions ordered by PnL% x margin ratio, highest first. The ranking is a
 * snapshot (the exchange also refreshes its quantile lights periodically): building it reads every live position
 * of the side once (O(n)), then each {@link #next()} is O(log n) off a binary heap. Entries that were closed since
 * the snapshot are skipped lazily.
 */
final class AdlQueue {
    private int[] heap = new int[0];
    private double[] score = new double[0];
    private int n;
    private int builtAtStep = -1;

    boolean stale(int step, int refreshSteps) {
        return builtAtStep < 0 || step - builtAtStep >= refreshSteps || n == 0;
    }

    void build(CrossedFinder finder, PositionStore store, boolean longSide, long mark, BracketTable table, int step) {
        n = 0;
        finder.forEach(longSide, id -> {
            if (n == heap.length) {
                int cap = Math.max(16, n * 2);
                heap = java.util.Arrays.copyOf(heap, cap);
                score = java.util.Arrays.copyOf(score, cap);
            }
            heap[n] = id;
            score[n] = MarginMath.adlScore(store.wallet(id), store.cost(id), store.qty(id), mark, table);
            n++;
        });
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
        builtAtStep = step;
    }

    /** Highest-ranked live position of the wanted sign, or -1 when none is left. Does not remove it. */
    int peek(PositionStore store, boolean wantLong) {
        while (n > 0) {
            int id = heap[0];
            long q = store.qty(id);
            if (q != 0 && (q > 0) == wantLong) {
                return id;
            }
            heap[0] = heap[--n];
            score[0] = score[n];
            siftDown(0);
        }
        return -1;
    }

    private void siftDown(int i) {
        int id = heap[i];
        double s = score[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= n) {
                break;
            }
            if (c + 1 < n && score[c + 1] > score[c]) {
                c++;
            }
            if (score[c] <= s) {
                break;
            }
            heap[i] = heap[c];
            score[i] = score[c];
            i = c;
        }
        heap[i] = id;
        score[i] = s;
    }
}
