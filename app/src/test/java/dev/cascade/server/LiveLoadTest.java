package dev.cascade.server;

import dev.cascade.ingest.ReplayFileSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded load test on loopback (tag "load", not in the default run):
 * {@code mvn -pl app -am test -Dtest=LiveLoadTest -Dsurefire.failIfNoSpecifiedTests=false -Dcascade.excludedGroups=none}.
 * A SYNTHETIC Binance/Bybit liquidation feed (seeded) is replayed at 10x its recorded rate of 1 frame/ms = 10k msgs/s
 * for a bounded number of seconds through the full path (replay -> normalize -> hub + store), with 50 WebSocket clients
 * connected. Each client measures now - ingestUs for every liquidation it receives (server and clients share the
 * machine's clock); the test reports p50/p99/max and the counts.
 */
@Tag("load")
class LiveLoadTest {
    /** Scans each frame's bytes for "ingestUs": values (cheap: 50 clients share the server's 2 cores). */
    static final class Client {
        private static final byte[] KEY = "\"ingestUs\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long[] latUs = new long[1 << 16];
        long[] atUs = new long[1 << 16];
        int n;
        long dropped;

        synchronized void reset() {
            n = 0;
            dropped = 0;
        }

        synchronized void frame(byte[] f) {
            long now = EventJson.nowMicros();
            for (int i = 0; i + KEY.length < f.length; i++) {
                if (f[i] == KEY[0] && matches(f, i)) {
                    int j = i + KEY.length;
                    long v = 0;
                    while (j < f.length && f[j] >= '0' && f[j] <= '9') {
                        v = v * 10 + (f[j++] - '0');
                    }
                    if (n == latUs.length) {
                        latUs = Arrays.copyOf(latUs, n * 2);
                        atUs = Arrays.copyOf(atUs, n * 2);
                    }
                    atUs[n] = v;
                    latUs[n++] = now - v;
                    i = j;
                } else if (f[i] == 'd' && f.length < 64) {
                    dropped++;
                    break;
                }
            }
        }

        private static boolean matches(byte[] f, int at) {
            for (int k = 1; k < KEY.length; k++) {
                if (f[at + k] != KEY[k]) {
                    return false;
                }
            }
            return true;
        }
    }

    private static void report(String label, List<Client> cs, int frames, long published, int clients) {
        long[] all = cs.stream().flatMapToLong(c -> Arrays.stream(c.latUs, 0, c.n)).sorted().toArray();
        System.out.printf(Locale.ROOT, "LOAD %s: %d frames, %d deliveries (%.1f%% of %d x %d); latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                label, frames, all.length, 100.0 * all.length / ((double) published * clients), published, clients,
                all[all.length / 2] / 1000.0, all[(int) (all.length * 0.99)] / 1000.0, all[all.length - 1] / 1000.0);
    }

    @Test
    void fiftyClientsAtTenThousandMessagesPerSecond(@TempDir Path tmp) throws Exception {
        int seconds = Integer.getInteger("load.seconds", 10);
        int clients = Integer.getInteger("load.clients", 50);
        int frames = seconds * 10_000;
        int warmSeconds = Integer.getInteger("load.warmup.seconds", 5);
        // Warm-up first (JIT of server and clients: the first seconds of a cold JVM run at a fraction of the speed),
        // then the measured run; both figures are printed.
        Path warmFeed = SyntheticFeed.write(tmp, 41L, warmSeconds * 10_000, 1_767_225_000_000L, 1_000, 0.0);
        Path feed = SyntheticFeed.write(tmp, 42L, frames, 1_767_225_600_000L, 1_000, 0.0); // 1 frame per recorded ms
        ReplayFileSource warm = ReplayFileSource.paced(List.of(warmFeed), 10, 1000);
        ReplayFileSource replay = ReplayFileSource.paced(List.of(feed), 10, 1000);
        LiveHub hub = LiveHub.withDefaults();
        // The replays are added to the running spine once the clients are connected.
        try (TestServer ts = new TestServer(tmp.resolve("load.duckdb"), null, hub, false)) {
            List<Client> cs = new ArrayList<>();
            List<WebSocket> sockets = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Client c = new Client();
                cs.add(c);
                // One HttpClient each: a JDK HttpClient reads all its sockets on one selector thread.
                sockets.add(HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + ts.server.port() + "/ws/liquidations"), new WsCollector(c::frame))
                        .get(10, TimeUnit.SECONDS));
            }
            while (hub.stats().clients() < clients) {
                Thread.sleep(20);
            }
            long warmStart = System.nanoTime();
            ts.spine.add(warm);
            while (!warm.finished() && System.nanoTime() - warmStart < TimeUnit.SECONDS.toNanos(warmSeconds * 4L)) {
                Thread.sleep(100);
            }
            Thread.sleep(1000);
            report("WARM-UP (cold JVM)", cs, warmSeconds * 10_000, hub.stats().published(), clients);
            for (Client c : cs) {
                c.reset();
            }
            long publishedBefore = hub.stats().published();
            long start = System.nanoTime();
            ts.spine.add(replay);
            while (!replay.finished() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds * 4L)) {
                Thread.sleep(100);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            Thread.sleep(1000); // let the last frames arrive
            long published = hub.stats().published() - publishedBefore;
            long[] all = new long[cs.stream().mapToInt(c -> c.n).sum()];
            int k = 0;
            long dropped = 0;
            for (Client c : cs) {
                System.arraycopy(c.latUs, 0, all, k, c.n);
                k += c.n;
                dropped += c.dropped;
            }
            long startUs = EventJson.nowMicros() - (System.nanoTime() - start) / 1000;
            StringBuilder perSecond = new StringBuilder();
            for (int sec = 0; sec < seconds + 2; sec++) {
                long lo = startUs + sec * 1_000_000L;
                long[] in = cs.stream().flatMapToLong(c -> java.util.stream.IntStream.range(0, c.n)
                        .filter(i -> c.atUs[i] >= lo && c.atUs[i] < lo + 1_000_000L).mapToLong(i -> c.latUs[i])).sorted().toArray();
                if (in.length > 0) {
                    perSecond.append(String.format(Locale.ROOT, " s%d:p50=%.0f/p99=%.0f", sec, in[in.length / 2] / 1000.0,
                            in[(int) (in.length * 0.99)] / 1000.0));
                }
            }
            System.out.println("LOAD per second of ingest (ms):" + perSecond);
            Arrays.sort(all);
            double p50 = all[all.length / 2] / 1000.0;
            double p99 = all[(int) (all.length * 0.99)] / 1000.0;
            double max = all[all.length - 1] / 1000.0;
            ts.spine.flushNow();
            long stored = ts.store.stats().stored();
            System.out.printf(Locale.ROOT, "LOAD MEASURED: %d frames replayed in %.2fs (%.0f msgs/s), %d clients, %d deliveries (%.1f%% of %d x %d), "
                            + "dropped notices %d, stored %d, spine %s; event->client latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    frames, elapsed, frames / elapsed, clients, all.length, 100.0 * all.length / ((double) published * clients), published, clients,
                    dropped, stored, ts.spine.flushSummary(), p50, p99, max);
            sockets.forEach(WebSocket::abort);
            assertThat(published).isEqualTo(frames);
            assertThat(p99).as("event-to-client p99 (ms)").isLessThan(250.0);
        }
    }
}
