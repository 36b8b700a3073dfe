package dev.cascade.core.analytics;

/**
 * Equally spaced buckets covering [fromTs, toTs): the first starts at {@code fromTs} rounded down to a multiple of the
 * bucket (UTC-aligned for minute and hour multiples, as the stores bucket), the last one holds {@code toTs - 1}.
 */
record BucketGrid(long first, long bucketMs, int size) {

    static BucketGrid of(long fromTs, long toTs, long bucketMs) {
        if (bucketMs <= 0 || toTs <= fromTs) {
            throw new IllegalArgumentException("need a positive bucket and a non-empty window");
        }
        long first = fromTs - Math.floorMod(fromTs, bucketMs);
        return new BucketGrid(first, bucketMs, (int) ((toTs - first + bucketMs - 1) / bucketMs));
    }

    long start(int i) {
        return first + i * bucketMs;
    }

    /** The bucket holding {@code t}, or -1 outside the grid. */
    int index(long t) {
        long i = Math.floorDiv(t - first, bucketMs);
        return i < 0 || i >= size ? -1 : (int) i;
    }
}
