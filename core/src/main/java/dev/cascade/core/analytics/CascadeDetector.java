package dev.cascade.core.analytics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds liquidation cascades: bursts where liquidations cluster far above their recent level AND price moves with them.
 *
 * <p>Method (documented in docs/analytics.md). Over per-bucket liquidation notional L_t (both sides, all exchanges):
 * <ol>
 *   <li>Baseline: the mean of L over the last {@code baselineBuckets} QUIET buckets (hot buckets are left out, so a
 *       long cascade does not raise its own bar and end itself early).</li>
 *   <li>A bucket is hot when {@code L_t >= minBucketUsd} and {@code L_t >= multiple x baseline} (compared exactly as
 *       {@code L_t * n >= multiple * sum}).</li>
 *   <li>Hot buckets separated by at most {@code maxGapBuckets} quiet buckets form one burst.</li>
 *   <li>A burst is a cascade when its notional is at least {@code minCascadeUsd} and the price moved at least
 *       {@code minMoveBps} in the direction the liquidated side implies (long liquidations are forced sells: price
 *       down; short liquidations: price up), measured from the burst's first open to the extreme low (or high)
 *       inside it. Without price data the move test is skipped and the cascade says so.</li>
 * </ol>
 */
public final class CascadeDetector {
    /** Parameters; {@link #DEFAULT} suits 1-minute buckets of BTC. USD values e6. */
    public record Params(int baselineBuckets, long multiple, long minBucketUsd, int maxGapBuckets, long minCascadeUsd,
                         long minMoveBps) {
        public static final Params DEFAULT = new Params(60, 5, 1_000_000_000_000L, 2, 10_000_000_000_000L, 50);

        /** The same thresholds for buckets of {@code minutes} minutes: the per-bucket floor grows with the bucket. */
        public Params scaledTo(long minutes) {
            return minutes <= 1 ? this : new Params(baselineBuckets, multiple, Math.multiplyExact(minBucketUsd, minutes), maxGapBuckets,
                    minCascadeUsd, minMoveBps);
        }

        public Params {
            if (baselineBuckets <= 0 || multiple <= 0 || minBucketUsd < 0 || maxGapBuckets < 0 || minCascadeUsd < 0 || minMoveBps < 0) {
                throw new IllegalArgumentException("cascade parameters must be positive: " + baselineBuckets + ", " + multiple
                        + ", " + minBucketUsd + ", " + maxGapBuckets + ", " + minCascadeUsd + ", " + minMoveBps);
            }
        }
    }

    /**
     * One cascade.
     *
     * @param startTs      first hot bucket's start
     * @param endTs        last hot bucket's end (exclusive)
     * @param dominantSide "LONG" or "SHORT": the side with more notional liquidated
     * @param byExchange   notional per exchange id, USD e6
     * @param peakTs       start of the bucket with the most notional, {@code peakUsd} that notional
     * @param openPrice    reference price at the start (e8); {@code extremePrice} the low (longs) or high (shorts) inside
     * @param moveBps      (extreme - open) / open in basis points, signed; 0 when {@code priceKnown} is false
     */
    public record Cascade(long startTs, long endTs, SideTotals totals, String dominantSide, Map<String, Long> byExchange,
                          long peakTs, long peakUsd, long openPrice, long extremePrice, long extremeTs, long closePrice,
                          long moveBps, boolean priceKnown) {
        public long durationMs() {
            return endTs - startTs;
        }
    }

    private final Params params;

    public CascadeDetector(Params params) {
        this.params = params;
    }

    /** Hot flags per bucket (exposed for charts and tests). */
    public boolean[] hot(BucketSeries s) {
        boolean[] hot = new boolean[s.size()];
        ArrayDeque<Long> quiet = new ArrayDeque<>();
        long sum = 0;
        for (int i = 0; i < s.size(); i++) {
            long l = s.totalAt(i);
            boolean aboveBaseline = quiet.isEmpty()
                    || java.math.BigInteger.valueOf(l).multiply(java.math.BigInteger.valueOf(quiet.size()))
                    .compareTo(java.math.BigInteger.valueOf(params.multiple()).multiply(java.math.BigInteger.valueOf(sum))) >= 0;
            hot[i] = l > 0 && l >= params.minBucketUsd() && aboveBaseline;
            if (!hot[i]) {
                quiet.addLast(l);
                sum += l;
                if (quiet.size() > params.baselineBuckets()) {
                    sum -= quiet.removeFirst();
                }
            }
        }
        return hot;
    }

    public List<Cascade> detect(BucketSeries s) {
        boolean[] hot = hot(s);
        List<Cascade> out = new ArrayList<>();
        int i = 0;
        while (i < s.size()) {
            if (!hot[i]) {
                i++;
                continue;
            }
            int start = i;
            int last = i;
            int j = i + 1;
            while (j < s.size() && j - last - 1 <= params.maxGapBuckets()) {
                if (hot[j]) {
                    last = j;
                }
                j++;
            }
            Cascade c = build(s, start, last);
            if (c != null) {
                out.add(c);
            }
            i = last + 1;
        }
        return out;
    }

    private Cascade build(BucketSeries s, int start, int last) {
        SideTotals t = SideTotals.ZERO;
        Map<String, Long> byExchange = new TreeMap<>();
        int peak = start;
        for (int k = start; k <= last; k++) {
            t = t.plus("LONG", s.longUsd()[k], s.longCount()[k], false).plus("SHORT", s.shortUsd()[k], s.shortCount()[k], false);
            for (Map.Entry<String, long[]> e : s.byExchange().entrySet()) {
                if (e.getValue()[k] != 0) {
                    byExchange.merge(e.getKey(), e.getValue()[k], Math::addExact);
                }
            }
            if (s.totalAt(k) > s.totalAt(peak)) {
                peak = k;
            }
        }
        if (t.totalUsd() < params.minCascadeUsd()) {
            return null;
        }
        boolean longs = t.longUsd() >= t.shortUsd();
        long open = s.open()[start];
        boolean priceKnown = s.hasPrice() && open > 0;
        long extreme = open;
        long extremeTs = s.ts()[start];
        long moveBps = 0;
        if (priceKnown) {
            for (int k = start; k <= last; k++) {
                long v = longs ? s.low()[k] : s.high()[k];
                if (v > 0 && (longs ? v < extreme : v > extreme)) {
                    extreme = v;
                    extremeTs = s.ts()[k];
                }
            }
            moveBps = java.math.BigInteger.valueOf(extreme - open).multiply(java.math.BigInteger.valueOf(10_000))
                    .divide(java.math.BigInteger.valueOf(open)).longValueExact();
            if (Math.abs(moveBps) < params.minMoveBps()) {
                return null;
            }
        }
        return new Cascade(s.ts()[start], s.ts()[last] + s.bucketMs(), t, longs ? "LONG" : "SHORT", byExchange,
                s.ts()[peak], s.totalAt(peak), open, extreme, extremeTs, priceKnown ? s.close()[last] : 0, moveBps, priceKnown);
    }
}
