package dev.cascade.server;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Answers of the public read endpoints (totals, cards, history, buckets, open interest, funding, volume), kept by their
 * request (path and query string): every open dashboard polls the same few URLs, and under live ingest a second of
 * staleness is far cheaper than one store query per client per poll.
 *
 * <p>An answer is fresh for {@code ttl}. After that, a hot answer (one that served other requests while fresh) is
 * still served at once, up to {@code maxStale} after its computation began, while ONE background refresh computes its
 * successor (stale-while-revalidate): under load a store query takes a few hundred milliseconds, and without this
 * every request arriving in that time, once a second per endpoint, waited for it (the slowest light requests of the
 * load test). A cold answer, or one past {@code maxStale} (refreshes falling behind), is not served: the request
 * computes it, so an occasional poller sees fresh data, and identical requests that arrive meanwhile wait for that
 * answer instead of querying too. Bounded: at most {@code maxEntries} answers (when full
 * it starts again empty) and a bounded refresh queue (when full, the stale answer is served and the next request
 * tries again).
 */
final class ResponseCache implements AutoCloseable {
    /** How long a request waits for an identical one being answered before it asks the store itself. */
    private static final long WAIT_MS = 30_000;

    /**
     * One answer: its body once computed (null when it was not a cacheable 200), when its computation began, how many
     * other requests it has served (a hot answer is refreshed in the background; a cold one is recomputed by the next
     * request, which sees fresh data) and whether its refresh is under way.
     */
    private record Entry(CompletableFuture<byte[]> body, long atNanos, AtomicInteger served, AtomicBoolean refreshing) {
        Entry(CompletableFuture<byte[]> body, long atNanos) {
            this(body, atNanos, new AtomicInteger(), new AtomicBoolean());
        }

        /** The computed body, or null while computing or when there is nothing to share. */
        byte[] bodyNow() {
            return body.isDone() && !body.isCompletedExceptionally() ? body.getNow(null) : null;
        }
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
    private final long maxStaleNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final Executor refresher;

    ResponseCache(long ttlMillis, long maxStaleMillis, int maxEntries, LongSupplier nanoTime, Executor refresher) {
        if (ttlMillis < 1 || maxStaleMillis < ttlMillis || maxEntries < 1) {
            throw new IllegalArgumentException("bad cache settings");
        }
        this.ttlNanos = ttlMillis * 1_000_000L;
        this.maxStaleNanos = maxStaleMillis * 1_000_000L;
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
        this.refresher = refresher;
    }

    /**
     * Fresh for a second, served stale (when hot) up to two seconds old while refreshed on two daemon threads (the store answers
     * concurrent reads on separate connections), at most 64 refreshes waiting.
     */
    static ResponseCache oneSecond() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64),
                DaemonThreads.named("read-refresh"), new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return new ResponseCache(1_000, 2_000, 512, System::nanoTime, pool);
    }

    /**
     * The answer for {@code key} to serve now: fresh, or stale while a background {@code recompute} (returning the
     * body to share, or null for nothing to share) replaces it, or the one an identical request is computing (waited
     * for). Otherwise a claim to compute it (also when the one computing it gave nothing to share or took too long).
     */
    Claim claim(String key, Callable<byte[]> recompute) throws InterruptedException {
        while (true) {
            long now = nanoTime.getAsLong();
            Entry e = entries.get(key);
            if (e != null) {
                long age = now - e.atNanos();
                byte[] ready = e.bodyNow();
                if (ready != null && (age < ttlNanos || age < maxStaleNanos && e.served().get() > 0)) {
                    if (age >= ttlNanos) {
                        refresh(key, e, recompute);
                    }
                    e.served().incrementAndGet();
                    return new Claim(key, null, ready);
                }
                if (age < ttlNanos && !e.body().isDone()) {
                    e.served().incrementAndGet();
                    byte[] shared = await(e);
                    if (shared != null) {
                        return new Claim(key, null, shared);
                    }
                    if (entries.get(key) == e) {
                        return new Claim(key, null, null); // nothing shareable: compute for this request alone
                    }
                    continue;
                }
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

    /** Starts the one refresh of a stale entry, unless one is already running or queued. */
    private void refresh(String key, Entry stale, Callable<byte[]> recompute) {
        if (!stale.refreshing().compareAndSet(false, true)) {
            return;
        }
        Runnable task = () -> {
            long began = nanoTime.getAsLong();
            byte[] body;
            try {
                body = recompute.call();
            } catch (Exception | StackOverflowError failed) {
                body = null;
            }
            if (body == null) {
                // The request that next finds it missing computes it itself, and sees any error first-hand.
                entries.remove(key, stale);
            } else {
                entries.replace(key, stale, new Entry(CompletableFuture.completedFuture(body), began));
            }
        };
        try {
            refresher.execute(task);
        } catch (RejectedExecutionException full) {
            stale.refreshing().set(false);
        }
    }

    private static byte[] await(Entry e) throws InterruptedException {
        try {
            return e.body().get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException failedOrSlow) {
            return null;
        }
    }

    @Override
    public void close() {
        if (refresher instanceof ExecutorService pool) {
            pool.shutdownNow();
        }
    }
}
