package dev.cascade.core.sim.engine;

import dev.cascade.core.sim.margin.BracketTable;

import java.util.Arrays;

/**
 * Binance's ADL queue for one side: positions ordered by PnL% x margin ratio
 * ({@link dev.cascade.core.sim.margin.MarginMath#adlScore}), highest first, ties by account id.
 *
 * <p>The ranking is a snapshot, as the exchange's quantile lights are: it is rebuilt every
 * {@code adlRefreshSteps} steps or when it runs dry. A build needs only the best K positions (K adapts to what the
 * previous snapshot served, and quadruples when a snapshot runs dry within a step): one sequential pass scores every
 * position of the side into a float array and a 4,096-bin histogram of the score's float bits (positive floats order
 * like their bits), the histogram gives the score threshold of the top K, a second pass packs the (score, id) pairs
 * above it into longs, and only those are sorted. O(n + K log K) with tight loops over flat arrays.
 */
final class AdlQueue {
    private static final int BINS = 4_096;
    private static final int SHIFT = 19; // 31 value bits -> 12 bits: exponent and 4 mantissa bits

    private final int minCapacity;
    private int capacity;
    private int[] sideIds;
    private float[] scores = new float[0];
    private final int[] hist = new int[BINS];
    private long[] packed = new long[0];
    private int[] ranked = new int[0];
    private int rankedCount;
    private boolean allIncluded;
    private int cursor;
    private int builtAtStep = -1;
    private long builtMark;
    private boolean exhausted;

    AdlQueue() {
        this(4_096);
    }

    AdlQueue(int initialCapacity) {
        this.minCapacity = initialCapacity;
        this.capacity = initialCapacity;
    }

    /**
     * A snapshot is refreshed when it ran dry, or when it is {@code refreshSteps} old and the mark has moved more
     * than 0.25% since it was taken: scores depend on a position's own state (which only ADL itself changes, and
     * closed positions are skipped) and on the mark, so an old snapshot at the same mark is the same ranking.
     */
    boolean stale(int step, int refreshSteps, long mark) {
        if (builtAtStep < 0 || exhausted) {
            return true;
        }
        return step - builtAtStep >= refreshSteps && Math.abs(mark - builtMark) * 400 > builtMark;
    }

    void build(PositionStore store, boolean longSide, long mark, BracketTable table, int step) {
        if (exhausted && builtAtStep == step) {
            capacity = Math.min(capacity * 4, 1 << 28);
        } else if (builtAtStep >= 0) {
            // Size the next snapshot by what the last one actually served.
            capacity = Math.max(minCapacity, Math.min(1 << 28, cursor * 2));
        }
        if (sideIds == null) {
            // Trader positions only ever shrink in a cascade (liquidation and ADL close, nothing opens or flips),
            // so the side's members are listed once and later passes skip the other side entirely.
            int n = store.size();
            int[] ids = new int[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                long q = store.qty(i);
                if (q != 0 && (q > 0) == longSide) {
                    ids[k++] = i;
                }
            }
            sideIds = Arrays.copyOf(ids, k);
            scores = new float[k];
        }
        int m = sideIds.length;
        Arrays.fill(hist, 0);
        double markPerE8 = mark / 1e10;
        int candidates = 0;
        for (int k = 0; k < m; k++) {
            int i = sideIds[k];
            long q = store.qty(i);
            if (q == 0 || (q > 0) != longSide) {
                scores[k] = -1f;
                continue;
            }
            float sc = (float) score(store.wallet(i), store.cost(i), q, markPerE8, table);
            scores[k] = sc;
            hist[Float.floatToIntBits(sc) >>> SHIFT]++;
            candidates++;
        }
        int threshold = 0;
        int above = 0;
        for (int b = BINS - 1; b >= 0; b--) {
            above += hist[b];
            if (above >= capacity) {
                threshold = b;
                break;
            }
        }
        if (packed.length < Math.max(above, 16)) {
            packed = new long[Math.max(Math.min(above, m), 16)];
        }
        int c = 0;
        for (int k = 0; k < m; k++) {
            float sc = scores[k];
            if (sc >= 0f) {
                int bits = Float.floatToIntBits(sc);
                if ((bits >>> SHIFT) >= threshold) {
                    // Descending score, then ascending id.
                    packed[c++] = ((long) (Integer.MAX_VALUE - bits) << 32) | sideIds[k];
                }
            }
        }
        Arrays.sort(packed, 0, c);
        if (ranked.length < c) {
            ranked = new int[c];
        }
        for (int k = 0; k < c; k++) {
            ranked[k] = (int) packed[k];
        }
        rankedCount = c;
        allIncluded = c == candidates;
        cursor = 0;
        exhausted = false;
        builtAtStep = step;
        builtMark = mark;
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
        int tier = table.indexOf((long) notional);
        double mm = notional * table.mmrPpmAt(tier) / 1e6 - table.cumAt(tier);
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
        return allIncluded;
    }
}
