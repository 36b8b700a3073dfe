package dev.cascade.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * The server's operational metrics, served at /metrics in the Prometheus text format (Micrometer's Prometheus
 * registry). Counts that other parts already keep (pipeline, live hub, webhooks, store) are read from them when
 * scraped (function counters and gauges), so the hot paths gain no work; only HTTP requests, rejects by reason and
 * flushes are recorded as they happen.
 */
public final class Metrics {
    /** At most this many distinct reject reasons per feed; more are counted as "other" (bounded label values). */
    private static final int MAX_REASONS_PER_FEED = 32;
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d.,eE+-]*");

    /**
     * Histogram buckets of the latency timers, 1 ms to 60 s. Micrometer's percentile histogram would publish about 70
     * buckets per timer, and with one timer per route and status each scrape was thousands of lines (the slowest light
     * endpoint under load); these 15 answer what is asked of them (how many requests took over 250 ms?).
     */
    private static final Duration[] BUCKETS = java.util.stream.LongStream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000,
            10_000, 30_000, 60_000).mapToObj(Duration::ofMillis).toArray(Duration[]::new);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> rejects = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> reasonsByFeed = new ConcurrentHashMap<>();
    private final Set<String> boundFeeds = ConcurrentHashMap.newKeySet();
    private final Map<String, Timer> httpTimers = new ConcurrentHashMap<>();
    private final Timer flush;
    private volatile Supplier<Map<String, long[]>> feedCounts = Map::of;

    public Metrics() {
        flush = Timer.builder("cascade.store.flush").description("Time to make a batch of events durable in the store")
                .serviceLevelObjectives(BUCKETS).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition (format 0.0.4). */
    public String scrape() {
        bindNewFeeds();
        return registry.scrape();
    }

    /** Content type of {@link #scrape()}. */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    /**
     * Per feed frames in, events in and malformed frames, read at scrape time: {@code counts} maps a feed to
     * {frames, events, malformed}.
     */
    public void feeds(Supplier<Map<String, long[]>> counts) {
        this.feedCounts = counts;
    }

    private void bindNewFeeds() {
        for (String feed : feedCounts.get().keySet()) {
            if (boundFeeds.add(feed)) {
                FunctionCounter.builder("cascade.frames.in", this, m -> m.feedValue(feed, 0))
                        .description("Frames received per feed").tag("feed", feed).register(registry);
                FunctionCounter.builder("cascade.events.in", this, m -> m.feedValue(feed, 1))
                        .description("Events normalized per feed").tag("feed", feed).register(registry);
            }
        }
    }

    private double feedValue(String feed, int i) {
        long[] c = feedCounts.get().get(feed);
        return c == null ? 0 : c[i];
    }

    /** A frame rejected by the normalizer; the reason is reduced to its shape so label values stay few. */
    public void rejected(String feed, String reason) {
        String f = feed == null ? "unknown" : feed;
        String r = reasonLabel(reason);
        Set<String> seen = reasonsByFeed.computeIfAbsent(f, k -> ConcurrentHashMap.newKeySet());
        if (!seen.contains(r)) {
            if (seen.size() < MAX_REASONS_PER_FEED) {
                seen.add(r);
            } else {
                r = "other";
            }
        }
        String reasonLabel = r;
        rejects.computeIfAbsent(f + '\u0000' + r, k -> Counter.builder("cascade.rejects")
                .description("Frames rejected by the normalizer, per feed and reason").tag("feed", f).tag("reason", reasonLabel)
                .register(registry)).increment();
    }

    /** "unknown Bybit side 'X'" -> "unknown Bybit side ?"; numbers become #; at most 80 characters. */
    static String reasonLabel(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unspecified";
        }
        String r = QUOTED.matcher(reason).replaceAll("?");
        r = NUMBER.matcher(r).replaceAll("#").trim();
        return r.length() <= 80 ? r : r.substring(0, 80);
    }

    /** One store flush (its duration). */
    public void flushed(long nanos) {
        flush.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A monotonic count kept elsewhere, read at scrape time. */
    public <T> void counter(String name, String description, T source, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, source, value).description(description).register(registry);
    }

    /** A current value kept elsewhere, read at scrape time. */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).register(registry);
    }

    /** One HTTP request: method, route template (never the raw path: bounded label values), status and duration. */
    public void http(String method, String route, int status, long nanos) {
        String key = method + ' ' + route + ' ' + status;
        httpTimers.computeIfAbsent(key, k -> Timer.builder("cascade.http.requests")
                .description("HTTP requests by method, route and status").tag("method", method.toUpperCase(Locale.ROOT))
                .tag("route", route).tag("status", Integer.toString(status))
                .serviceLevelObjectives(BUCKETS).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
