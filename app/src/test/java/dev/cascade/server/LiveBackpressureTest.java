package dev.cascade.server;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** A WebSocket client that never reads must be sampled and then dropped, while a normal client gets everything. */
class LiveBackpressureTest {
    private static final int MESSAGES = 40_000;

    @Test
    void aClientThatNeverReadsIsDroppedAndSlowsNobody() throws Exception {
        // Few frames in flight and a short stall limit so the test is quick; the mechanism is the one the server uses.
        LiveHub hub = new LiveHub(100_000, 4, 5000, 5, 1500);
        try (TestServer ts = new TestServer(null, null, hub, false)) {
            // 1. The slow client: a raw socket that completes the handshake and then never reads a byte.
            Socket raw = new Socket("127.0.0.1", ts.server.port());
            raw.setReceiveBufferSize(4096);
            OutputStream out = raw.getOutputStream();
            String key = Base64.getEncoder().encodeToString("cascade-test-key".getBytes(StandardCharsets.US_ASCII));
            out.write(("GET /ws/liquidations HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = raw.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.read());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");

            // 2. A normal client that counts the liquidations it receives.
            AtomicLong received = new AtomicLong();
            AtomicLong droppedNotices = new AtomicLong();
            WebSocket fast = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                    URI.create("ws://127.0.0.1:" + ts.server.port() + "/ws/liquidations"), WsCollector.ofText(f -> {
                        int i = 0;
                        while ((i = f.indexOf("\"type\":\"liq\"", i) + 1) > 0) {
                            received.incrementAndGet();
                        }
                        if (f.contains("\"type\":\"dropped\"")) {
                            droppedNotices.incrementAndGet();
                        }
                    })).get(5, TimeUnit.SECONDS);
            long waitStart = System.nanoTime();
            while (hub.stats().clients() < 2 && System.nanoTime() - waitStart < 5_000_000_000L) {
                Thread.sleep(10);
            }
            assertThat(hub.stats().clients()).isEqualTo(2);

            // 3. Ingest at ~20k msgs/s through the real path (normalized events -> hub + store).
            long t0 = 1_767_225_600_000L;
            long publishStart = System.nanoTime();
            for (int i = 0; i < MESSAGES; i++) {
                ts.spine.publish(ServerApiTest.liq(t0 + i, i % 2 == 0 ? dev.cascade.core.model.PositionSide.LONG
                        : dev.cascade.core.model.PositionSide.SHORT, 1000 + i));
                if (i % 200 == 199) {
                    LockSupport.parkNanos(10_000_000L); // 200 per 10 ms: ~20k msgs/s
                }
            }
            double publishSeconds = (System.nanoTime() - publishStart) / 1e9;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((received.get() < MESSAGES || hub.stats().disconnectedSlow() < 1) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            LiveHub.Stats s = hub.stats();
            System.out.printf("backpressure: published %d in %.2fs; fast client got %d; dropped for slow client %d; slow disconnected %d%n",
                    MESSAGES, publishSeconds, received.get(), s.dropped(), s.disconnectedSlow());
            assertThat(received.get()).as("the reading client gets every message").isEqualTo(MESSAGES);
            assertThat(droppedNotices.get()).isZero();
            assertThat(s.dropped()).as("messages skipped for the client that does not read").isPositive();
            assertThat(s.disconnectedSlow()).as("the stalled client is disconnected").isEqualTo(1);
            assertThat(s.clients()).isEqualTo(1);
            ts.spine.flushNow();
            assertThat(ts.queries.liquidations(t0, t0 + MESSAGES, dev.cascade.core.port.QueryStore.LiquidationFilter.ANY, 0,
                    null, 1000).rows()).hasSize(1000); // and ingestion stored everything meanwhile
            fast.abort();
            raw.close();
        }
    }
    /** The status line of a WebSocket upgrade on a fresh socket, which is kept open (returned through {@code keep}). */
    private static String upgrade(TestServer ts, java.util.List<Socket> keep) throws Exception {
        Socket s = new Socket("127.0.0.1", ts.server.port());
        s.setSoTimeout(30_000);
        keep.add(s);
        s.getOutputStream().write(("GET /ws/liquidations HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: Y2FzY2FkZS10ZXN0LWtleQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        StringBuilder line = new StringBuilder();
        for (int c; (c = s.getInputStream().read()) >= 0 && c != '\n'; ) {
            line.append((char) c);
        }
        return line.toString().trim();
    }

    /**
     * Live clients are bounded like every other resource: past the hub's limit an upgrade is a 503 with Retry-After
     * (before, every connection was taken, idle ones included, until the process ran out of memory or descriptors),
     * and a place that frees up is given again.
     */
    @Test
    void clientsBeyondTheLimitAreRefusedUntilAPlaceFreesUp() throws Exception {
        LiveHub hub = new LiveHub(100_000, 64, 5000, 5, 5000, 2);
        java.util.List<Socket> sockets = new java.util.ArrayList<>();
        try (TestServer ts = new TestServer(null, null, hub, false)) {
            assertThat(upgrade(ts, sockets)).startsWith("HTTP/1.1 101");
            assertThat(upgrade(ts, sockets)).startsWith("HTTP/1.1 101");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (hub.stats().clients() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(upgrade(ts, sockets)).as("the third of two places").startsWith("HTTP/1.1 503");
            sockets.get(0).close();
            while (hub.stats().clients() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(upgrade(ts, sockets)).as("a place freed").startsWith("HTTP/1.1 101");
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
