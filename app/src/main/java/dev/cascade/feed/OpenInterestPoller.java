package dev.cascade.feed;

import dev.cascade.core.record.RecordedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Polls a REST-only value - Binance open interest ({@code /fapi/v1/openInterest}, {@code /dapi/v1/openInterest}) -
 * for each symbol every {@code interval} (5 s), and feeds the response bodies into the same queue as the WebSocket
 * frames (the Binance normalizer reads them; the recorded feed keeps them). Rate limits: the used weight header
 * {@code x-mbx-used-weight-1m} above {@link #WEIGHT_SOFT_LIMIT} of 2400, or HTTP 429/418, doubles the delay (up to
 * {@link #MAX_BACKOFF}, or the server's Retry-After); a clean round restores the normal interval.
 */
public final class OpenInterestPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenInterestPoller.class);
    static final int WEIGHT_SOFT_LIMIT = 1800;
    static final Duration MAX_BACKOFF = Duration.ofMinutes(2);

    private final String source;
    private final URI base;
    private final String path;
    private final List<String> symbols;
    private final Duration interval;
    private final HttpClient client;
    private final FrameQueue queue;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock;
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private volatile long delayMs;
    private volatile boolean closed;
    private volatile String lastError;

    public OpenInterestPoller(String source, URI base, String path, List<String> symbols, Duration interval,
                              HttpClient client, FrameQueue queue, ScheduledExecutorService scheduler, LongSupplier clock) {
        this.source = source;
        this.base = base;
        this.path = path;
        this.symbols = List.copyOf(symbols);
        this.interval = interval;
        this.client = client;
        this.queue = queue;
        this.scheduler = scheduler;
        this.clock = clock;
        this.delayMs = interval.toMillis();
    }

    public void start() {
        schedule(0);
    }

    private void schedule(long ms) {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(this::round, ms, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private void round() {
        boolean limited = false;
        long retryAfterMs = -1;
        for (String s : symbols) {
            if (closed) {
                return;
            }
            URI uri = URI.create(base + path + "?symbol=" + s);
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                int code = r.statusCode();
                if (code == 429 || code == 418) {
                    limited = true;
                    rateLimited.incrementAndGet();
                    retryAfterMs = r.headers().firstValueAsLong("Retry-After").orElse(-1) * 1000;
                    lastError = "HTTP " + code + " (rate limited)";
                    break;
                }
                if (code != 200) {
                    errors.incrementAndGet();
                    lastError = "HTTP " + code + " for " + s;
                    continue;
                }
                polls.incrementAndGet();
                queue.put(new FrameQueue.FrameItem(new RecordedFrame(clock.getAsLong(), source, r.body()), System.nanoTime()));
                long weight = r.headers().firstValueAsLong("x-mbx-used-weight-1m").orElse(0);
                if (weight >= WEIGHT_SOFT_LIMIT) {
                    limited = true;
                    rateLimited.incrementAndGet();
                    lastError = "used weight " + weight + "/2400";
                    break;
                }
            } catch (IOException e) {
                errors.incrementAndGet();
                lastError = NetErrors.describe(e, uri);
                break; // the network is down: do not hammer the next symbols
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (limited) {
            delayMs = retryAfterMs > 0 ? retryAfterMs : Math.min(MAX_BACKOFF.toMillis(), delayMs * 2);
            LOG.warn("{} open interest: {}; next poll in {} ms", source, lastError, delayMs);
        } else {
            delayMs = interval.toMillis();
        }
        schedule(delayMs);
    }

    public String source() {
        return source;
    }

    public long polls() {
        return polls.get();
    }

    public long errors() {
        return errors.get();
    }

    public long rateLimited() {
        return rateLimited.get();
    }

    public long currentDelayMs() {
        return delayMs;
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        closed = true;
    }
}
