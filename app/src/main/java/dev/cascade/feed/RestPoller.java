package dev.cascade.feed;

import dev.cascade.core.record.RecordedFrame;
import dev.cascade.core.venue.RestFrame;
import dev.cascade.core.venue.RestPoll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Polls a REST-only value ({@link RestPoll}: Binance open interest, the long/short account ratios of Binance, Bybit
 * and OKX) for each coin every {@code interval}, and feeds the response bodies into the same queue as the WebSocket
 * frames (the feed's normalizer reads them; the recorded feed keeps them). A poll whose body does not say what it
 * answers is recorded with its request ({@link RestFrame}). Bodies are bounded ({@link #MAX_BODY_BYTES}): a larger
 * one is an error, read no further and never queued. Rate limits: Binance's used weight header {@code x-mbx-used-weight-1m} above
 * {@link #WEIGHT_SOFT_LIMIT} of 2400, or HTTP 429/418 from any venue, doubles the delay (up to {@link #MAX_BACKOFF},
 * or the server's Retry-After); a clean round restores the normal interval.
 */
public final class RestPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestPoller.class);
    static final int WEIGHT_SOFT_LIMIT = 1800;
    static final Duration MAX_BACKOFF = Duration.ofMinutes(2);
    /** Real answers are a few KB; a venue (or anything posing as one) sending more is not read past this, nor queued. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final String source;
    private final URI base;
    private final RestPoll poll;
    private final List<String> queries;
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

    public RestPoller(PollSpec spec, HttpClient client, FrameQueue queue, ScheduledExecutorService scheduler, LongSupplier clock) {
        this.source = spec.source();
        this.base = spec.base();
        this.poll = spec.poll();
        this.queries = spec.queries();
        this.interval = spec.poll().every();
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
        for (String q : queries) {
            if (closed) {
                return;
            }
            String request = poll.path() + "?" + q;
            URI uri = URI.create(base + request);
            try {
                HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                String body = boundedBody(r);
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
                    lastError = "HTTP " + code + " for " + request;
                    continue;
                }
                if (body == null) {
                    errors.incrementAndGet();
                    lastError = "answer to " + request + " larger than " + MAX_BODY_BYTES + " bytes";
                    continue;
                }
                polls.incrementAndGet();
                String frame = poll.wrapped() ? RestFrame.wrap(request, body) : body;
                queue.put(new FrameQueue.FrameItem(new RecordedFrame(clock.getAsLong(), source, frame), System.nanoTime()));
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
            LOG.warn("{} {}: {}; next poll in {} ms", source, poll.kind().label(), lastError, delayMs);
        } else {
            delayMs = interval.toMillis();
        }
        schedule(delayMs);
    }

    /** The body as UTF-8 text, or null if it is longer than {@link #MAX_BODY_BYTES} (the rest is not read). */
    private static String boundedBody(HttpResponse<InputStream> r) throws IOException {
        try (InputStream in = r.body()) {
            byte[] b = in.readNBytes(MAX_BODY_BYTES + 1);
            return b.length > MAX_BODY_BYTES ? null : new String(b, StandardCharsets.UTF_8);
        }
    }

    public String source() {
        return source;
    }

    /** What it polls ("open interest", "long/short ratio"). */
    public String what() {
        return poll.kind().label();
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
