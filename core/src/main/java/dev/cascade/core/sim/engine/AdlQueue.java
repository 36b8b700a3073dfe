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
 * above that 24-bit threshold is sorted, by a stable radix sort on the score bits (the chunk is gathered in id
 * order, so ties stay in id order). When those run out the next chunk is cut the same way from the same scores below
 * the previous threshold, without rescoring: the served order is exactly the full sorted snapshot's
 * ({@code CascadeEngineTest} checks it against a plain full sort, and whole cascades against an engine that uses one;
 * {@code AdlQueueTest} the radix sort against a comparison sort).
 *
 * <p>Serving touches positions in rank order, i.e. at random in memory: {@link #peek} reads the next few dozen
 * ranked positions ahead in one tight loop ({@link PositionStore#touch}), so their memory misses overlap.
 */
final class AdlQueue implements AdlRanking {
    private static final int BINS = 4_096;
    private static final int HIGH_SHIFT = 19; // 31 value bits: the top 12 (exponent and 4 mantissa bits) ...
    private static final int LOW_SHIFT = 7;   // ... then the next 12
    private static final int MAX_CAPACITY = 1 << 28;
    private static final int DIGIT_BITS = 11;
    private static final int DIGIT_MASK = (1 << DIGIT_BITS) - 1;
    /** Below this a chunk is sorted by comparison (the radix sort's counting passes would cost more). */
    static final int RADIX_MIN = 64;
    /** How many ranked positions are read ahead at once: they sit at random in the store, one memory miss each. */
    private static final int READ_AHEAD = 32;

    private final int minCapacity;
    private int capacity;
    private int[] sideIds;
    private int members;
    private float[] scores = new float[0];
    /** The snapshot's scores by their top 12 bits (float bits >>> HIGH_SHIFT), counted while scoring. */
    private final int[] highHist = new int[BINS];
    /** Scores of one high bin ({@link #lowBin}) by their next 12 bits: the bin the last cut's threshold fell in. */
    private final int[] lowHist = new int[BINS];
    private int lowBin = -1;
    private long[] packed = new long[0];
    private long[] spare = new long[0];
    private final int[] counts = new int[3 << DIGIT_BITS];
    private int[] ranked = new int[0];
    private int rankedCount;
    private int cursor;
    /** Ranked entries below this were read ahead (see {@link PositionStore#touch}). */
    private int readAhead;
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
            packed = new long[k + 1];
        }
        double markPerE8 = mark / 1e10;
        int[] h = highHist;
        Arrays.fill(h, 0);
        int live = 0;
        for (int k = 0; k < members; k++) {
            int i = sideIds[k];
            long q = store.qty(i);
            if (q == 0 || (q > 0) != longSide) {
                continue;
            }
            float score = (float) score(store.wallet(i), store.cost(i), q, markPerE8, table);
            int bits = Float.floatToRawIntBits(score);
            if (bits >= 0) {
                h[bits >>> HIGH_SHIFT]++;
            }
            sideIds[live] = i;
            scores[live++] = score;
        }
        members = live;
        lowBin = -1;
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
        int m = members;
        long[] p = packed;
        int[] ids = sideIds;
        float[] sc = scores;
        long span = (upper - threshold) & 0xFFFF_FFFFL;
        int c = 0;
        for (int k = 0; k < m; k++) {
            // Without a branch (about half the scores are taken, at random): every score is written at c, and c
            // moves on only for those in [threshold, upper), an unsigned comparison that also rejects negative bits.
            int bits = Float.floatToRawIntBits(sc[k]);
            p[c] = ((long) (Integer.MAX_VALUE - bits) << 32) | ids[k]; // descending score, then ascending id
            c += (int) ((((bits - threshold) & 0xFFFF_FFFFL) - span) >>> 63);
        }
        int minKey = Integer.MAX_VALUE;
        int maxKey = 0;
        for (int k = 0; k < c; k++) {
            int key = (int) (p[k] >>> 32);
            minKey = Math.min(minKey, key);
            maxKey = Math.max(maxKey, key);
        }
        if (spare.length < c) {
            spare = new long[Math.max(c, Math.min(m, spare.length * 2))];
        }
        long[] sorted = sortByKey(p, spare, c, minKey, maxKey, counts);
        if (ranked.length < c) {
            ranked = new int[c];
        }
        for (int k = 0; k < c; k++) {
            ranked[k] = (int) sorted[k];
        }
        rankedCount = c;
        cursor = 0;
        readAhead = 0;
        upperBits = threshold == 0 ? -1 : threshold;
        capacity = Math.min(capacity * 4, MAX_CAPACITY); // a snapshot that runs dry is likely to need much more
    }

    /**
     * Sorts {@code a[0, n)} by their upper 32 bits (keys in [minKey, maxKey]), keeping the incoming order among equal
     * keys, with a least-significant-digit radix sort over the bits where the keys differ: the chunk arrives in
     * ascending id order, so this is the order of sorting the whole longs (key, then id), in two or three linear
     * passes instead of a comparison sort. Returns whichever of {@code a} and {@code spare} holds the result.
     */
    static long[] sortByKey(long[] a, long[] spare, int n, int minKey, int maxKey, int[] counts) {
        if (n < RADIX_MIN) {
            Arrays.sort(a, 0, n);
            return a;
        }
        int width = 32 - Integer.numberOfLeadingZeros(maxKey - minKey);
        int passes = (width + DIGIT_BITS - 1) / DIGIT_BITS;
        Arrays.fill(counts, 0);
        for (int i = 0; i < n; i++) {
            int d = (int) (a[i] >>> 32) - minKey;
            for (int p = 0; p < passes; p++) {
                counts[(p << DIGIT_BITS) + ((d >>> (p * DIGIT_BITS)) & DIGIT_MASK)]++;
            }
        }
        long[] src = a;
        long[] dst = spare;
        for (int p = 0; p < passes; p++) {
            int base = p << DIGIT_BITS;
            int start = 0;
            for (int b = 0; b <= DIGIT_MASK; b++) {
                int cnt = counts[base + b];
                counts[base + b] = start;
                start += cnt;
            }
            int shift = p * DIGIT_BITS;
            for (int i = 0; i < n; i++) {
                long x = src[i];
                int d = (((int) (x >>> 32) - minKey) >>> shift) & DIGIT_MASK;
                dst[counts[base + d]++] = x;
            }
            long[] t = src;
            src = dst;
            dst = t;
        }
        return src;
    }

    /**
     * The lowest float-bits threshold that keeps at least {@code capacity} scores in [threshold, upper), or 0. The
     * high bins come from the counts taken while scoring; below a previous threshold, the bin it fell in is counted
     * by the low bins that cut computed. At most one pass over the scores: the low bins of a new boundary bin.
     */
    private int selectThreshold(int upper) {
        int upperBin = upper == Integer.MAX_VALUE ? BINS - 1 : upper >>> HIGH_SHIFT;
        int upperLow = upper == Integer.MAX_VALUE ? BINS : (upper >>> LOW_SHIFT) & (BINS - 1);
        if (upper != Integer.MAX_VALUE && (upperBin != lowBin || (upper & ((1 << LOW_SHIFT) - 1)) != 0)) {
            throw new IllegalStateException("threshold " + upper + " does not continue the last cut");
        }
        int above = 0;
        int bin = -1;
        for (int b = upperBin; b >= 0; b--) {
            int n = b == lowBin && b == upperBin ? below(upperLow) : highHist[b];
            if (above + n >= capacity) {
                bin = b;
                break;
            }
            above += n;
        }
        if (bin <= 0) {
            return 0;
        }
        int lowFrom = BINS - 1;
        if (bin != lowBin) {
            int[] h = lowHist;
            Arrays.fill(h, 0);
            int m = members;
            float[] sc = scores;
            for (int k = 0; k < m; k++) {
                int bits = Float.floatToRawIntBits(sc[k]);
                if (bits >>> HIGH_SHIFT == bin) {
                    h[(bits >>> LOW_SHIFT) & (BINS - 1)]++;
                }
            }
            lowBin = bin;
        } else {
            lowFrom = upperLow - 1;
        }
        for (int b = lowFrom; b >= 0; b--) {
            above += lowHist[b];
            if (above >= capacity) {
                return (bin << HIGH_SHIFT) | (b << LOW_SHIFT);
            }
        }
        return bin << HIGH_SHIFT;
    }

    /** Scores of {@link #lowBin} whose low 12 bits are below {@code low}. */
    private int below(int low) {
        int n = 0;
        for (int b = 0; b < low; b++) {
            n += lowHist[b];
        }
        return n;
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

    /** Positions in the chunk being served (tests check how chunks are cut). */
    int chunkSize() {
        return rankedCount;
    }

    @Override
    public int peek(PositionStore store, boolean wantLong) {
        while (true) {
            while (cursor < rankedCount) {
                if (cursor >= readAhead) {
                    readAhead = Math.min(rankedCount, cursor + READ_AHEAD);
                    store.touch(ranked, cursor, readAhead);
                }
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
