package dev.cascade.server;

import dev.cascade.core.model.PositionSide;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded load test on loopback (tag "load", not in the default run):
 * {@code mvn -pl app -am test -Dtest=ServerLoadTest -Dsurefire.failIfNoSpecifiedTests=false -Dcascade.excludedGroups=none}
 * ({@code -Dload.seconds=20 -Dload.ws=200 -Dload.http=50 -Dload.rate=10000}). Live liquidations are published at
 * {@code load.rate} per second through the full server path (hub, alerts, store) while {@code load.ws} WebSocket
 * clients read the stream and {@code load.http} HTTP clients loop over every GET endpoint. Prints requests, p50/p99
 * per endpoint, errors by status, deliveries and stored events; fails on any 5xx, any event not stored, or a light
 * endpoint p99 of 250 ms or more.
 */
@Tag("load")
class ServerLoadTest {
    /** Cheap per-request endpoints (the dashboard's polling) and the analyses that run on the bounded worker pool. */
    private static final List<String> LIGHT = List.of("/api/health", "/api/totals?window=1h", "/api/totals/cards",
            "/api/liquidations?limit=100", "/api/liquidations/buckets?window=1h", "/api/open-interest?window=1d&bucket=1h",
            "/api/funding?window=1d&bucket=1h", "/api/feeds", "/api/alerts/recent", "/api/alerts/rules", "/metrics", "/openapi.json");
    private static final List<String> HEAVY = List.of("/api/autopsy?window=1h", "/api/liquidation-map?coin=BTC",
            "/api/stress?shockPct=-10");

    private static final class Stats {
        final Map<String, long[]> latUs = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> count = new ConcurrentHashMap<>();
        final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        final AtomicLong failures = new AtomicLong();

        synchronized void add(String path, long us, int status) {
            long[] a = latUs.computeIfAbsent(path, k -> new long[1]);
            int n = (int) a[0];
            if (n + 2 > a.length) {
                a = Arrays.copyOf(a, Math.max(16, a.length * 2));
                latUs.put(path, a);
            }
            a[n + 1] = us;
            a[0] = n + 1;
            count.computeIfAbsent(path, k -> new AtomicLong()).incrementAndGet();
            statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
        }

        synchronized long[] sorted(List<String> paths) {
            return paths.stream().flatMapToLong(p -> {
                long[] a = latUs.getOrDefault(p, new long[1]);
                return Arrays.stream(a, 1, 1 + (int) a[0]);
            }).sorted().toArray();
        }
    }

    private static String pct(long[] sortedUs) {
        if (sortedUs.length == 0) {
            return "no requests";
        }
        return String.format(Locale.ROOT, "%d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms", sortedUs.length,
                sortedUs[sortedUs.length / 2] / 1000.0, sortedUs[(int) (sortedUs.length * 0.99)] / 1000.0,
                sortedUs[sortedUs.length - 1] / 1000.0);
    }

    @Test
    void websocketAndHttpClientsWhileIngestingTenThousandEventsPerSecond(@TempDir Path tmp) throws Exception {
        int seconds = Integer.getInteger("load.seconds", 20);
        int wsClients = Integer.getInteger("load.ws", 200);
        int httpClients = Integer.getInteger("load.http", 50);
        int rate = Integer.getInteger("load.rate", 10_000);
        try (TestServer ts = new TestServer(tmp.resolve("load.duckdb"), null, LiveHub.withDefaults(), true)) {
            AtomicLong received = new AtomicLong();
            List<WebSocket> sockets = new ArrayList<>();
            List<HttpClient> wsHttp = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                wsHttp.add(HttpClient.newHttpClient()); // 20 selector threads for 200 sockets
            }
            for (int i = 0; i < wsClients; i++) {
                sockets.add(wsHttp.get(i % wsHttp.size()).newWebSocketBuilder()
                        .buildAsync(URI.create("ws://127.0.0.1:" + ts.server.port() + "/ws/liquidations"),
                                new WsCollector(f -> received.addAndGet(count(f))))
                        .get(30, TimeUnit.SECONDS));
            }
            while (ts.server.hub().stats().clients() < wsClients) {
                Thread.sleep(20);
            }
            long t0 = 1_767_225_600_000L;
            long storedBefore = ts.store.stats().stored();
            long publishedBefore = ts.server.hub().stats().published();
            Stats stats = new Stats();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < httpClients; c++) {
                int id = c;
                Thread t = new Thread(() -> {
                    int i = id;
                    while (System.nanoTime() < deadline) {
                        // Mostly light endpoints, like a dashboard; one request in 10 is an analysis.
                        String path = i % 10 == 0 ? HEAVY.get((i / 10) % HEAVY.size()) : LIGHT.get(i % LIGHT.size());
                        i++;
                        long start = System.nanoTime();
                        try {
                            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(ts.url(path)))
                                    .header("Authorization", "Bearer " + TestServer.TOKEN).timeout(Duration.ofSeconds(60)).GET().build(),
                                    HttpResponse.BodyHandlers.discarding());
                            stats.add(path, (System.nanoTime() - start) / 1000, r.statusCode());
                        } catch (Exception e) {
                            stats.failures.incrementAndGet();
                        }
                    }
                }, "load-http-" + c);
                t.start();
                threads.add(t);
            }
            // Ingest: `rate` liquidations per second of wall time, paced per millisecond.
            long published = 0;
            long start = System.nanoTime();
            while (System.nanoTime() < deadline) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                for (; published < due; published++) {
                    ts.spine.publish(ServerApiTest.liq(t0 + published, published % 3 == 0 ? PositionSide.SHORT : PositionSide.LONG,
                            1_000 + published % 5_000));
                }
                Thread.sleep(1);
            }
            double ingestSeconds = (System.nanoTime() - start) / 1e9;
            for (Thread t : threads) {
                t.join(TimeUnit.MINUTES.toMillis(2));
            }
            ts.spine.flushNow();
            long stored = ts.store.stats().stored() - storedBefore;
            long expected = (ts.server.hub().stats().published() - publishedBefore) * wsClients;
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.get() + ts.server.hub().stats().dropped() * 0 < expected && System.nanoTime() < waitUntil) {
                Thread.sleep(100);
            }
            long[] light = stats.sorted(LIGHT);
            long[] heavy = stats.sorted(HEAVY);
            System.out.printf(Locale.ROOT, "LOAD: %d s, %d WebSocket + %d HTTP clients; ingested %d events in %.1f s (%.0f/s), stored %d;"
                            + " WebSocket deliveries %d of %d (%.2f%%), frames dropped for slow clients %d%n",
                    seconds, wsClients, httpClients, published, ingestSeconds, published / ingestSeconds, stored, received.get(),
                    expected, 100.0 * received.get() / Math.max(1, expected), ts.server.hub().stats().dropped());
            System.out.println("LOAD light endpoints: " + pct(light));
            System.out.println("LOAD heavy endpoints: " + pct(heavy));
            for (String p : LIGHT) {
                System.out.println("LOAD   " + p + ": " + pct(stats.sorted(List.of(p))));
            }
            for (String p : HEAVY) {
                System.out.println("LOAD   " + p + ": " + pct(stats.sorted(List.of(p))));
            }
            System.out.println("LOAD statuses " + stats.statuses + ", client-side failures " + stats.failures.get());
            sockets.forEach(WebSocket::abort);
            assertThat(stored).as("every published event stored").isEqualTo(published);
            assertThat(stats.statuses.keySet()).as("no 5xx").allMatch(s -> s < 500 || s == 503);
            assertThat(stats.failures.get()).isZero();
            assertThat(light[(int) (light.length * 0.99)] / 1000.0).as("light endpoints p99 (ms)").isLessThan(250.0);
        }
    }

    /** Liquidation messages in one binary frame (the stream packs a tick's messages into one JSON array). */
    private static int count(byte[] frame) {
        int n = 0;
        byte[] key = "\"type\":\"liq\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + key.length <= frame.length; i++) {
            for (int k = 0; k < key.length; k++) {
                if (frame[i + k] != key[k]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }
}
