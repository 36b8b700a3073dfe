package dev.cascade.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Answers of the public read endpoints (totals, cards, history, buckets, open interest, funding), kept for a second
 * by their request (path and query string): every open dashboard polls the same few URLs, and under live ingest a
 * second of staleness is far cheaper than one store query per client per poll. Bounded: at most {@code maxEntries}
 * answers; when full it starts again empty.
 */
final class ResponseCache {
    private record Entry(byte[] body, long atNanos) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;

    ResponseCache(long ttlMillis, int maxEntries, LongSupplier nanoTime) {
        this.ttlNanos = ttlMillis * 1_000_000L;
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    static ResponseCache oneSecond() {
        return new ResponseCache(1_000, 512, System::nanoTime);
    }

    /** The answer stored for {@code key} less than the time-to-live ago, or null. */
    byte[] fresh(String key) {
        Entry e = entries.get(key);
        return e != null && nanoTime.getAsLong() - e.atNanos() < ttlNanos ? e.body() : null;
    }

    void put(String key, byte[] body) {
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, new Entry(body, nanoTime.getAsLong()));
    }
}
