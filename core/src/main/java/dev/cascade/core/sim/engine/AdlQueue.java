package dev.cascade.core.sim.engine;

import dev.cascade.core.sim.margin.Bracket;
import dev.cascade.core.sim.margin.BracketTable;

/**
 * Binance's ADL queue for one side: positions ordered by PnL% x margin ratio
 * ({@link dev.cascade.core.sim.margin.MarginMath#adlScore}), highest first.
 *
 * <p>The ranking is a snapshot, as the exchange's quantile lights are: it is rebuilt every
 * {@code adlRefreshSteps} steps or when exhausted. A build is one sequential pass over the position arrays that keeps
 * only the best K candidates in a bounded min-heap (K adapts: it quadruples when a snapshot runs dry), then sorts
 * those K. So a build costs O(n + K log K) with a cheap inner loop, instead of ranking all n positions. Entries
 * closed since the snapshot are skipped lazily.
 */
final class AdlQueue {
    private int capacity;
    private final boolean heapOnly;
    private int[] heap;
    private double[] score;
    private int size;
    private int[] ranked = new int[0];
    private long[] packed = new long[0];
    private int rankedCount;
    private int cursor;
    private int builtAtStep = -1;
    private boolean exhausted;

    AdlQueue() {
        this(4_096, false);
    }

    /** @param heapOnly never take the full-sort path (tests compare the two) */
    AdlQueue(int initialCapacity, boolean heapOnly) {
        this.capacity = initialCapacity;
        this.heapOnly = heapOnly;
        this.heap = new int[initialCapacity];
        this.score = new double[initialCapacity];
    }

    boolean stale(int step, int refreshSteps) {
        return builtAtStep < 0 || step - builtAtStep >= refreshSteps || exhausted;
    }

    void build(PositionStore store, boolean longSide, long mark, BracketTable table, int step) {
        if (exhausted && builtAtStep == step) {
            capacity = Math.min(capacity * 4, 1 << 26);
        }
        double m = mark / 1e10;
        int n = store.size();
        if (!heapOnly && capacity >= n / 8) {
            buildBySort(store, longSide, m, table);
        } else {
            buildByHeap(store, longSide, m, table);
        }
        cursor = 0;
        exhausted = false;
        builtAtStep = step;
    }

    /**
     * When a large share of the side is needed (a gap that bankrupts most of the other side at once), a full sort of
     * packed (score, id) longs beats a big heap: scores are non-negative, so their float bits order like the floats.
     */
    private void buildBySort(PositionStore store, boolean longSide, double m, BracketTable table) {
        int n = store.size();
        if (packed.length < n) {
            packed = new long[n];
        }
        int c = 0;
        for (int i = 0; i < n; i++) {
            long q = store.qty(i);
            if (q == 0 || (q > 0) != longSide) {
                continue;
            }
            float s = (float) score(store.wallet(i), store.cost(i), q, m, table);
            // Descending score, then ascending id: invert the score bits.
            packed[c++] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(s)) << 32) | i;
        }
        java.util.Arrays.sort(packed, 0, c);
        if (ranked.length < c) {
            ranked = new int[c];
        }
        for (int k = 0; k < c; k++) {
            ranked[k] = (int) packed[k];
        }
        rankedCount = c;
        capacity = Math.max(capacity, c + 1);
    }

    private void buildByHeap(PositionStore store, boolean longSide, double m, BracketTable table) {
        if (heap.length < capacity) {
            heap = new int[capacity];
            score = new double[capacity];
        }
        size = 0;
        int n = store.size();
        for (int i = 0; i < n; i++) {
            long q = store.qty(i);
            if (q == 0 || (q > 0) != longSide) {
                continue;
            }
            double s = score(store.wallet(i), store.cost(i), q, m, table);
            if (size < capacity) {
                heap[size] = i;
                score[size] = s;
                siftUp(size++);
            } else if (s > score[0]) {
                heap[0] = i;
                score[0] = s;
                siftDown(0);
            }
        }
        // Drain the min-heap into descending order.
        if (ranked.length < size) {
            ranked = new int[size];
        }
        rankedCount = size;
        for (int k = size - 1; k >= 0; k--) {
            ranked[k] = heap[0];
            heap[0] = heap[size - 1];
            score[0] = score[size - 1];
            size--;
            siftDown(0);
        }
    }

    /**
     * The exchange's score in doubles (it only orders positions): PnL% = max(0, uPnL) / max(1, WB),
     * margin ratio = MM / (WB + uPnL), 0 when the margin balance is not positive.
     */
    private static double score(long wallet, long cost, long qty, double markPerE8, BracketTable table) {
        double mv = qty * markPerE8; // qty e8 x mark e8 / 1e10 = USD e6
        double upnl = mv - cost;
        double balance = wallet + upnl;
        if (upnl <= 0 || balance <= 0) {
            return 0;
        }
        double notional = Math.abs(mv);
        Bracket b = table.forNotional((long) notional);
        double mm = notional * b.mmrPpm() / 1e6 - b.cumUsd();
        return upnl / Math.max(1e6, wallet) * mm / balance;
    }

    /** Highest-ranked live position of the wanted sign, or -1 when the snapshot is used up. Does not remove it. */
    int peek(PositionStore store, boolean wantLong) {
        while (cursor < rankedCount) {
            int id = ranked[cursor];
            long q = store.qty(id);
            if (q != 0 && (q > 0) == wantLong) {
                return id;
            }
            cursor++;
        }
        exhausted = true;
        return -1;
    }

    /** True when the last snapshot held every live candidate (so -1 from peek means nobody is left at all). */
    boolean complete() {
        return rankedCount < capacity;
    }

    private void siftUp(int i) {
        int id = heap[i];
        double s = score[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (score[p] <= s) {
                break;
            }
            heap[i] = heap[p];
            score[i] = score[p];
            i = p;
        }
        heap[i] = id;
        score[i] = s;
    }

    private void siftDown(int i) {
        int id = heap[i];
        double s = score[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && score[c + 1] < score[c]) {
                c++;
            }
            if (score[c] >= s) {
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
