package dev.cascade.server;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Answers of the public read endpoints (totals, cards, history, buckets, open interest, funding), kept for a second
 * by their request (path and query string): every open dashboard polls the same few URLs, and under live ingest a
 * second of staleness is far cheaper than one store query per client per poll. Identical requests that arrive while
 * one is being answered wait for that answer instead of querying too (under load, the moment an answer expires
 * dozens of clients ask for it at once, and each would hold a store connection). Bounded: at most {@code maxEntries}
 * answers; when full it starts again empty.
 */
final class ResponseCache {
    /** How long a request waits for an identical one being answered before it asks the store itself. */
    private static final long WAIT_MS = 30_000;

    /** One answer: its body once computed (null when it was not a cacheable 200), and when its computation began. */
    private record Entry(CompletableFuture<byte[]> body, long atNanos) {
    }

    /** A request's part: the shared answer ({@link #body} not null), or the duty to compute it and {@link #done} it. */
    final class Claim {
        private final String key;
        private final Entry owned;
        private final byte[] body;

        private Claim(String key, Entry owned, byte[] body) {
            this.key = key;
            this.owned = owned;
            this.body = body;
        }

        /** The shared answer, or null: then this request computes it and must call {@link #done}. */
        byte[] body() {
            return body;
        }

        /** The computed answer ({@code null}: nothing to share, e.g. an error); lets the waiting requests go on. */
        void done(byte[] answer) {
            if (owned == null) {
                return;
            }
            owned.body().complete(answer);
            if (answer == null) {
                entries.remove(key, owned);
            }
        }
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
        return e != null && e.body().isDone() && nanoTime.getAsLong() - e.atNanos() < ttlNanos ? e.body().getNow(null) : null;
    }

    /**
     * The fresh answer for {@code key}, waiting for it if an identical request is computing it; else a claim to compute
     * it (also when the one computing it gave nothing to share or took too long).
     */
    Claim claim(String key) throws InterruptedException {
        while (true) {
            long now = nanoTime.getAsLong();
            Entry e = entries.get(key);
            if (e != null && now - e.atNanos() < ttlNanos) {
                byte[] shared = await(e);
                if (shared != null) {
                    return new Claim(key, null, shared);
                }
                if (entries.get(key) == e) {
                    return new Claim(key, null, null); // nothing shareable: compute for this request alone
                }
                continue;
            }
            Entry mine = new Entry(new CompletableFuture<>(), now);
            if (e == null ? entries.size() < maxEntries && entries.putIfAbsent(key, mine) == null : entries.replace(key, e, mine)) {
                return new Claim(key, mine, null);
            }
            if (e == null && entries.size() >= maxEntries) {
                entries.clear();
            }
        }
    }

    private static byte[] await(Entry e) throws InterruptedException {
        try {
            return e.body().get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException failedOrSlow) {
            return null;
        }
    }

    void put(String key, byte[] body) {
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, new Entry(CompletableFuture.completedFuture(body), nanoTime.getAsLong()));
    }
}
