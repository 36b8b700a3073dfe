package dev.cascade.server;

import dev.cascade.wire.WireJson;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs the expensive analyses (autopsy, liquidation map, stress) off the HTTP request threads: a small pool (one per
 * two cores) with a short queue, so a burst of them cannot take every request thread or all the memory at once, and the
 * light endpoints keep answering. When the queue is full the request is answered 429 with Retry-After at once; a job
 * that runs past its time limit is interrupted and answered 503. Answers are cached by their request (endpoint
 * plus parameters) for a short while, and identical requests that arrive while one is computing share it.
 */
final class AnalysisRunner implements AutoCloseable {
    /** The answer of one analysis: the JSON body, or a client error to send instead. */
    record Answer(int status, String body) {
    }

    /** Refused: 429 while workers and queue are full (retry soon), 503 when a job ran past its time limit. */
    static final class Busy extends RuntimeException {
        final int status;

        Busy(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** Workers by default: one per two cores, at least one. */
    static final int WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;
    private final long timeoutMs;
    private final long cacheMs;
    private final int cacheEntries;
    private final LongSupplier nowMs;
    private final Map<String, Entry> cache;
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong cacheHits = new AtomicLong();

    private record Entry(CompletableFuture<Answer> answer, long createdMs) {
    }

    AnalysisRunner(int threads, int queue, long timeoutMs, long cacheMs, int cacheEntries, LongSupplier nowMs) {
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                DaemonThreads.named("analysis"), new ThreadPoolExecutor.AbortPolicy());
        this.timer = DaemonThreads.scheduler(1, "analysis-timeout");
        this.timeoutMs = timeoutMs;
        this.cacheMs = cacheMs;
        this.cacheEntries = cacheEntries;
        this.nowMs = nowMs;
        this.cache = new LinkedHashMap<>(16, 0.75f, true);
    }

    /**
     * The defaults: one worker per two cores (at least one), so the analyses, which are CPU-bound, leave the other
     * cores to ingest and the light endpoints; 8 waiting, 30 s per job, answers cached 30 s (64 of them).
     */
    static AnalysisRunner withDefaults() {
        return new AnalysisRunner(WORKERS, 8, 30_000, 30_000, 64, System::currentTimeMillis);
    }

    /**
     * Answers {@code ctx} with the analysis {@code key} identifies, computing it with {@code work} unless a fresh answer
     * is cached or already being computed. {@link BadRequest}, or IllegalArgumentException as the domain code throws
     * it, is a 400; the store failing a 503 with its reason; any other failure a 500 that names no exception (logged).
     */
    void answer(Context ctx, String key, Supplier<Object> work) {
        CompletableFuture<Answer> answer = submit(key, work);
        ctx.future(() -> answer.handle((a, err) -> {
            if (err == null) {
                ctx.status(a.status()).contentType("application/json").result(a.body());
            } else {
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                if (cause instanceof Busy busy) {
                    ctx.header("Retry-After", "5");
                    Http.error(ctx, busy.status, cause.getMessage());
                } else if (cause instanceof dev.cascade.store.StoreException) { // as on the request threads (CascadeServer)
                    ctx.header("Retry-After", "30");
                    Http.error(ctx, 503, cause.getMessage());
                } else {
                    Http.internalError(ctx, cause);
                }
            }
            return null;
        }));
    }

    /** The answer for {@code key}: cached, being computed, or computed now on a worker (completes exceptionally with Busy). */
    CompletableFuture<Answer> submit(String key, Supplier<Object> work) {
        long now = nowMs.getAsLong();
        CompletableFuture<Answer> result = new CompletableFuture<>();
        synchronized (cache) {
            Entry e = cache.get(key);
            if (e != null && now - e.createdMs() < cacheMs && !e.answer().isCompletedExceptionally()) {
                cacheHits.incrementAndGet();
                return e.answer();
            }
            cache.put(key, new Entry(result, now));
            while (cache.size() > cacheEntries) {
                cache.remove(cache.keySet().iterator().next());
            }
        }
        Future<?> job;
        try {
            job = pool.submit(() -> {
                try {
                    result.complete(new Answer(200, WireJson.write(work.get())));
                } catch (BadRequest | IllegalArgumentException e) { // the domain refuses its input: the client's to fix
                    result.complete(new Answer(400, WireJson.write(Map.of("error", e.getMessage(), "status", 400))));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
                return null;
            });
        } catch (RejectedExecutionException full) {
            rejected.incrementAndGet();
            forget(key, result);
            result.completeExceptionally(new Busy(429, "the analysis workers are all busy (" + pool.getMaximumPoolSize() + " running, "
                    + pool.getQueue().size() + " waiting); retry in a few seconds"));
            return result;
        }
        Future<?> deadline = timer.schedule(() -> {
            if (!result.isDone()) {
                timedOut.incrementAndGet();
                forget(key, result);
                result.completeExceptionally(new Busy(503, "the analysis took longer than " + timeoutMs / 1000
                        + " s and was stopped; narrow the window or retry later"));
                job.cancel(true);
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        result.whenComplete((a, e) -> deadline.cancel(false));
        return result;
    }

    private void forget(String key, CompletableFuture<Answer> result) {
        synchronized (cache) {
            Entry e = cache.get(key);
            if (e != null && e.answer() == result) {
                cache.remove(key);
            }
        }
    }

    long rejected() {
        return rejected.get();
    }

    long timedOut() {
        return timedOut.get();
    }

    long cacheHits() {
        return cacheHits.get();
    }

    int running() {
        return pool.getActiveCount();
    }

    int queued() {
        return pool.getQueue().size();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        timer.shutdownNow();
    }
}
