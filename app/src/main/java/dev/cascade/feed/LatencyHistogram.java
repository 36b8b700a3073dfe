package dev.cascade.feed;

/** Receive-to-stored latencies in 100 µs buckets up to 60 s (the last bucket holds everything slower). */
public final class LatencyHistogram {
    private static final long BUCKET_NANOS = 100_000;
    private final long[] counts = new long[600_001];
    private long total;
    private long maxNanos;

    public synchronized void record(long nanos) {
        int b = (int) Math.min(counts.length - 1, Math.max(0, nanos / BUCKET_NANOS));
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
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return (i + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return maxNanos / 1e6;
    }

    public synchronized double maxMs() {
        return maxNanos / 1e6;
    }
}
