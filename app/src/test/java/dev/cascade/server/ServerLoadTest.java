package dev.cascade.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.core.venue.ExchangeConnector;
import dev.cascade.feed.SessionSettings;
import dev.cascade.feed.fake.FakeVenue;
import dev.cascade.feed.fake.FakeVenues;
import dev.cascade.feed.fake.FakeWsServer;
import dev.cascade.feed.fake.PacedSenders;
import dev.cascade.ingest.ConnectorSource;
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
 * ({@code -Dload.seconds=20 -Dload.ws=200 -Dload.http=50 -Dload.rate=10000}). Three fake venues (Binance USD-M, Bybit,
 * OKX, each in its real wire format on loopback) send {@code load.rate} frames per second in all through the
 * exchange connectors and the ingest spine (live broadcast, alerts, store) while {@code load.ws} WebSocket clients
 * read the stream and {@code load.http} HTTP clients loop over every GET endpoint of the served OpenAPI document.
 * Prints requests, p50/p99 per endpoint, errors by status, deliveries and stored events; fails on any 5xx, any event
 * sent but not stored, an endpoint never requested, or a light endpoint p99 of 250 ms or more. Heavy endpoints are
 * those the document says may answer 429 (the bounded analysis pool).
 */
@Tag("load")
class ServerLoadTest {
    private static final class Stats {
        final Map<String, long[]> latUs = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> count = new ConcurrentHashMap<>();
        final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        final Map<String, Integer> notOk = new ConcurrentHashMap<>();
        final AtomicLong failures = new AtomicLong();
        /** Light requests of 250 ms or more by the second of the run they started in: warm-up, or all along? */
        final Map<Long, AtomicLong> slowLightBySecond = new java.util.concurrent.ConcurrentSkipListMap<>();

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
            if (status != 200 && status != 429) {
                notOk.put(path, status);
            }
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

    /** Every GET path of the served OpenAPI document, split by whether it may answer 429 (the analysis pool). */
    private record Endpoints(List<String> light, List<String> heavy) {
        static Endpoints of(JsonNode openApi) {
            ReadWarmup paths = ReadWarmup.of(openApi);
            return new Endpoints(paths.light(), paths.analyses());
        }
    }

    @Test
    void websocketAndHttpClientsWhileFakeVenuesSendTenThousandEventsPerSecond(@TempDir Path tmp) throws Exception {
        int seconds = Integer.getInteger("load.seconds", 20);
        int wsClients = Integer.getInteger("load.ws", 200);
        int httpClients = Integer.getInteger("load.http", 50);
        int rate = Integer.getInteger("load.rate", 10_000);
        List<FakeVenue> venues = new ArrayList<>();
        List<ExchangeConnector> connectors = new ArrayList<>();
        for (String name : List.of("binance-usdm", "bybit-linear", "okx")) {
            FakeVenue v = FakeVenues.create(name).start();
            venues.add(v);
            connectors.add(v.connector(v.base()));
        }
        SessionSettings settings = new SessionSettings(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(1), Duration.ofSeconds(10), 1 << 20);
        try (TestServer ts = new TestServer(tmp.resolve("load.duckdb"), new ConnectorSource(connectors, List.of(), settings),
                LiveHub.withDefaults(), true)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            Endpoints endpoints = Endpoints.of(new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(ts.url("/openapi.json")))
                    .build(), HttpResponse.BodyHandlers.ofString()).body()));
            assertThat(endpoints.heavy()).as("analysis endpoints documented with 429").isNotEmpty();
            List<FakeWsServer.Conn> conns = new ArrayList<>();
            for (FakeVenue v : venues) {
                conns.add(v.server().await(c -> c.subscribed, 30_000));
            }
            AtomicLong received = new AtomicLong();
            List<WebSocket> sockets = new ArrayList<>();
            List<HttpClient> wsHttp = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                wsHttp.add(HttpClient.newHttpClient()); // 20 selector threads for 200 sockets
            }
            for (int i = 0; i < wsClients; i++) {
                sockets.add(wsHttp.get(i % wsHttp.size()).newWebSocketBuilder()
                        .buildAsync(URI.create("ws://127.0.0.1:" + ts.server.port() + "/ws/liquidations"),
                                new LiquidationCounter(received))
                        .get(30, TimeUnit.SECONDS));
            }
            while (ts.server.hub().stats().clients() < wsClients) {
                Thread.sleep(20);
            }
            long storedBefore = ts.store.stats().stored();
            long eventsBefore = events(ts);
            LiveHub.Stats hubBefore = ts.server.hub().stats();
            Stats stats = new Stats();
            long t0 = System.nanoTime();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> threads = new ArrayList<>();
            AtomicLong requestNo = new AtomicLong();
            for (int c = 0; c < httpClients; c++) {
                Thread t = new Thread(() -> {
                    while (System.nanoTime() < deadline) {
                        // Mostly light endpoints, like a dashboard; one request in 10 is an analysis. One counter for
                        // all clients, so every path comes round in turn.
                        long i = requestNo.getAndIncrement();
                        String path = i % 10 == 0 ? endpoints.heavy().get((int) (i / 10 % endpoints.heavy().size()))
                                : endpoints.light().get((int) (i % endpoints.light().size()));
                        long start = System.nanoTime();
                        try {
                            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(ts.url(path)))
                                    .header("Authorization", "Bearer " + TestServer.TOKEN).timeout(Duration.ofSeconds(60)).GET().build(),
                                    HttpResponse.BodyHandlers.discarding());
                            long us = (System.nanoTime() - start) / 1000;
                            stats.add(path, us, r.statusCode());
                            if (us >= 250_000 && endpoints.light().contains(path)) {
                                stats.slowLightBySecond.computeIfAbsent((start - t0) / 1_000_000_000L, k -> new AtomicLong()).incrementAndGet();
                            }
                        } catch (Exception e) {
                            stats.failures.incrementAndGet();
                        }
                    }
                }, "load-http-" + c);
                t.start();
                threads.add(t);
            }
            // Ingest: each venue sends its share of `rate` frames per second of wall time, paced per millisecond.
            PacedSenders senders = PacedSenders.start(venues, conns, rate, t0, deadline);
            senders.join();
            double ingestSeconds = (System.nanoTime() - t0) / 1e9;
            for (Thread t : threads) {
                t.join(TimeUnit.MINUTES.toMillis(2));
            }
            // What the frames sent must normalize to; wait (event-driven, generous) until the spine has them all.
            long expected = senders.expectedEvents();
            long frames = senders.frames();
            long waitUntil = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (events(ts) - eventsBefore < expected && System.nanoTime() < waitUntil) {
                Thread.sleep(20);
            }
            ts.spine.flushNow();
            long stored = ts.store.stats().stored() - storedBefore;
            LiveHub.Stats hub = ts.server.hub().stats();
            long offered = hub.published() - hubBefore.published();
            long notStreamed = hub.notBroadcast() - hubBefore.notBroadcast();
            long broadcast = (offered - notStreamed) * wsClients;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.get() < broadcast && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            long[] light = stats.sorted(endpoints.light());
            long[] heavy = stats.sorted(endpoints.heavy());
            System.out.printf(Locale.ROOT, "LOAD: %d s, %d WebSocket + %d HTTP clients; 3 fake venues sent %d frames in %.1f s (%.0f/s) ->"
                            + " %d events, stored %d; live stream: %d messages offered, %d not streamed (live queue full; every client told),"
                            + " deliveries of the rest %d of %d (%.2f%%), skipped for slow clients %d%n",
                    seconds, wsClients, httpClients, frames, ingestSeconds, frames / ingestSeconds, expected, stored, offered, notStreamed,
                    received.get(), broadcast, 100.0 * received.get() / Math.max(1, broadcast), ts.server.hub().stats().dropped() - hubBefore.dropped());
            System.out.println("LOAD light endpoints: " + pct(light));
            System.out.println("LOAD light requests of 250 ms or more, by second started: " + stats.slowLightBySecond);
            System.out.println("LOAD heavy endpoints: " + pct(heavy));
            for (String p : endpoints.light()) {
                System.out.println("LOAD   " + p + ": " + pct(stats.sorted(List.of(p))));
            }
            for (String p : endpoints.heavy()) {
                System.out.println("LOAD   " + p + ": " + pct(stats.sorted(List.of(p))));
            }
            System.out.println("LOAD statuses " + stats.statuses + " (other than 200/429: " + stats.notOk + "), client-side failures "
                    + stats.failures.get());
            sockets.forEach(WebSocket::abort);
            assertThat(senders.failures()).isEmpty();
            assertThat(stored).as("every event the venues sent stored").isEqualTo(expected);
            assertThat(stats.notOk).as("every request answered 200, or 429 from the analysis pool").isEmpty();
            assertThat(stats.failures.get()).isZero();
            assertThat(stats.count.keySet()).as("every GET endpoint requested").containsAll(endpoints.light()).containsAll(endpoints.heavy());
            assertThat(light[(int) (light.length * 0.99)] / 1000.0).as("light endpoints p99 (ms)").isLessThan(250.0);
        } finally {
            for (FakeVenue v : venues) {
                v.close();
            }
        }
    }

    private static long events(TestServer ts) {
        return ts.spine.counts().values().stream().mapToLong(Pipeline.FeedCounts::events).sum();
    }

    /**
     * Counts liquidation messages as the stream's fragments arrive, without reassembling frames. The 200 clients receive
     * every frame each, so this runs over gigabytes in the test's own JVM, on the server's two cores: each fragment is
     * read as Latin-1 (one char per byte, so the ASCII key is found exactly) and searched with the JDK's vectorized
     * String.indexOf (a byte loop took over half the JVM's Java CPU); the key's length minus one bytes are carried over
     * to the next fragment, so a key split between two is found once.
     */
    private static final class LiquidationCounter implements WebSocket.Listener {
        private static final String KEY = "\"type\":\"liq\"";
        private final AtomicLong count;
        private byte[] buf = new byte[1 << 16];
        private int carried;

        LiquidationCounter(AtomicLong count) {
            this.count = count;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onBinary(WebSocket w, java.nio.ByteBuffer data, boolean last) {
            int n = carried + data.remaining();
            if (n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
            }
            data.get(buf, carried, data.remaining());
            String text = new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
            int found = 0;
            for (int i = text.indexOf(KEY); i >= 0; i = text.indexOf(KEY, i + KEY.length())) {
                found++;
            }
            count.addAndGet(found);
            // A key cut at the end of this fragment is completed by the next one of the same frame.
            carried = last ? 0 : Math.min(KEY.length() - 1, n);
            System.arraycopy(buf, n - carried, buf, 0, carried);
            w.request(1);
            return null;
        }
    }
}
