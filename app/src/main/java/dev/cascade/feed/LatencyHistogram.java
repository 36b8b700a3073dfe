package dev.cascade.feed;

/**
 * Receive-to-stored latencies: 100 µs buckets up to 100 ms, then 10 ms buckets up to 60 s (the last bucket holds
 * everything slower). Two tiers keep it at 56 KB: the spine holds two, and a replay must fit a small heap.
 */
public final class LatencyHistogram {
    private static final long FINE_NANOS = 100_000;
    private static final int FINE_BUCKETS = 1000; // up to 100 ms
    private static final long COARSE_NANOS = 10_000_000;
    private static final int COARSE_BUCKETS = 5990; // 100 ms .. 60 s
    private final long[] counts = new long[FINE_BUCKETS + COARSE_BUCKETS + 1];
    private long total;
    private long maxNanos;

    public synchronized void record(long nanos) {
        long n = Math.max(0, nanos);
        int b = n < FINE_BUCKETS * FINE_NANOS ? (int) (n / FINE_NANOS)
                : (int) Math.min(counts.length - 1, FINE_BUCKETS + (n - FINE_BUCKETS * FINE_NANOS) / COARSE_NANOS);
        counts[b]++;
        total++;
        maxNanos = Math.max(maxNanos, nanos);
    }

    public synchronized long count() {
        return total;
    }

    /** Upper edge of the bucket holding the q-quantile, in milliseconds (q in (0,1]). */
    public synchronized double quantileMs(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length - 1; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return upperEdgeNanos(i) / 1e6;
            }
        }
        return maxNanos / 1e6;
    }

    private static long upperEdgeNanos(int bucket) {
        return bucket < FINE_BUCKETS ? (bucket + 1) * FINE_NANOS
                : FINE_BUCKETS * FINE_NANOS + (bucket - FINE_BUCKETS + 1) * COARSE_NANOS;
    }

    public synchronized double maxMs() {
        return maxNanos / 1e6;
    }
}
