package dev.cascade.core.sim.engine;

import dev.cascade.core.sim.margin.BracketTable;

import java.util.Arrays;

/**
 * Binance's ADL queue for one side: positions ordered by PnL% x margin ratio
 * ({@link dev.cascade.core.sim.margin.MarginMath#adlScore}), highest first, ties by account id.
 *
 * <p>The ranking is a snapshot, as the exchange's quantile lights are: every live position of the side scored at
 * the snapshot's mark and sorted, then served from the top while it lasts, positions closed since the snapshot
 * skipped. It is retaken when {@code adlRefreshSteps} old and the mark has moved more than 0.25% since.
 *
 * <p>How it avoids sorting millions of positions it will never serve: a snapshot scores every position of the
 * side once into a float array (positive floats order like their bits) and sorts only the best K, K sized by what
 * the previous snapshot served. The cut is exact: a histogram of the top 12 bits of the scores' bits picks the bin
 * the K-th score falls in, a second histogram of the next 12 bits inside that bin refines it, and every score at or
 * above that 24-bit threshold is sorted. When those run out the next chunk is cut the same way from the same
 * scores below the previous threshold, without rescoring: the served order is exactly the full sorted snapshot's
 * ({@code AdlQueueTest} checks it against a plain full sort, and whole cascades against an engine that uses one).
 */
final class AdlQueue implements AdlRanking {
    private static final int BINS = 4_096;
    private static final int HIGH_SHIFT = 19; // 31 value bits: the top 12 (exponent and 4 mantissa bits) ...
    private static final int LOW_SHIFT = 7;   // ... then the next 12
    private static final int MAX_CAPACITY = 1 << 28;

    private final int minCapacity;
    private int capacity;
    private int[] sideIds;
    private int members;
    private float[] scores = new float[0];
    private final int[] hist = new int[BINS];
    private long[] packed = new long[0];
    private int[] ranked = new int[0];
    private int rankedCount;
    private int cursor;
    private int served;
    /** Scores with float bits at or above this were already cut into chunks; -1 when the snapshot is used up. */
    private int upperBits;
    private int builtAtStep = -1;
    private long builtMark;

    AdlQueue() {
        this(4_096);
    }

    AdlQueue(int initialCapacity) {
        this.minCapacity = initialCapacity;
        this.capacity = initialCapacity;
    }

    /**
     * Scores depend on a position's own state (which only ADL itself changes, and closed positions are skipped) and
     * on the mark, so an old snapshot at the same mark is the same ranking.
     */
    @Override
    public boolean stale(int step, int refreshSteps, long mark) {
        if (builtAtStep < 0) {
            return true;
        }
        return step - builtAtStep >= refreshSteps && Math.abs(mark - builtMark) * 400 > builtMark;
    }

    @Override
    public void build(PositionStore store, boolean longSide, long mark, BracketTable table, int step) {
        if (builtAtStep >= 0) {
            // Size the first chunk of the new snapshot by what the last one actually served.
            capacity = Math.max(minCapacity, Math.min(MAX_CAPACITY, served * 2));
        }
        if (sideIds == null) {
            // Trader positions only ever shrink in a cascade (liquidation and ADL close, nothing opens or flips),
            // so the side's members are listed once; each snapshot drops those closed since the last one.
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
            members = k;
            scores = new float[k];
        }
        double markPerE8 = mark / 1e10;
        int live = 0;
        for (int k = 0; k < members; k++) {
            int i = sideIds[k];
            long q = store.qty(i);
            if (q == 0 || (q > 0) != longSide) {
                continue;
            }
            sideIds[live] = i;
            scores[live++] = (float) score(store.wallet(i), store.cost(i), q, markPerE8, table);
        }
        members = live;
        upperBits = Integer.MAX_VALUE;
        served = 0;
        builtAtStep = step;
        builtMark = mark;
        cutNextChunk();
    }

    /**
     * Sorts the best {@code capacity} scores (whole groups of equal 24-bit prefixes) below {@link #upperBits} into
     * {@link #ranked} and lowers {@code upperBits} to their threshold; the next call continues below it.
     */
    private void cutNextChunk() {
        int upper = upperBits;
        int threshold = selectThreshold(upper);
        int c = 0;
        int m = members;
        for (int k = 0; k < m; k++) {
            int bits = Float.floatToRawIntBits(scores[k]);
            if (bits >= threshold && bits < upper) {
                if (c == packed.length) {
                    packed = Arrays.copyOf(packed, Math.max(16, Math.min(m, c * 2)));
                }
                // Descending score, then ascending id.
                packed[c++] = ((long) (Integer.MAX_VALUE - bits) << 32) | sideIds[k];
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
        cursor = 0;
        upperBits = threshold == 0 ? -1 : threshold;
        capacity = Math.min(capacity * 4, MAX_CAPACITY); // a snapshot that runs dry is likely to need much more
    }

    /** The lowest float-bits threshold that keeps at least {@code capacity} scores in [threshold, upper), or 0. */
    private int selectThreshold(int upper) {
        int[] h = hist;
        Arrays.fill(h, 0);
        int m = members;
        for (int k = 0; k < m; k++) {
            int bits = Float.floatToRawIntBits(scores[k]);
            if (bits >= 0 && bits < upper) {
                h[bits >>> HIGH_SHIFT]++;
            }
        }
        int above = 0;
        int bin = -1;
        for (int b = BINS - 1; b >= 0; b--) {
            if (above + h[b] >= capacity) {
                bin = b;
                break;
            }
            above += h[b];
        }
        if (bin <= 0) {
            return 0;
        }
        Arrays.fill(h, 0);
        for (int k = 0; k < m; k++) {
            int bits = Float.floatToRawIntBits(scores[k]);
            if (bits >>> HIGH_SHIFT == bin && bits < upper) {
                h[(bits >>> LOW_SHIFT) & (BINS - 1)]++;
            }
        }
        for (int b = BINS - 1; b >= 0; b--) {
            above += h[b];
            if (above >= capacity) {
                return (bin << HIGH_SHIFT) | (b << LOW_SHIFT);
            }
        }
        return bin << HIGH_SHIFT;
    }

    /**
     * The exchange's score in doubles (it only orders positions): PnL% = max(0, uPnL) / max(1, WB),
     * margin ratio = MM / (WB + uPnL), 0 when the margin balance is not positive.
     */
    static double score(long wallet, long cost, long qty, double markPerE8, BracketTable table) {
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

    @Override
    public int peek(PositionStore store, boolean wantLong) {
        while (true) {
            while (cursor < rankedCount) {
                int id = ranked[cursor];
                long q = store.qty(id);
                if (q != 0 && (q > 0) == wantLong) {
                    return id;
                }
                cursor++;
                served++;
            }
            if (upperBits < 0) {
                return -1;
            }
            cutNextChunk();
        }
    }
}
