package dev.cascade.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class LiveHubTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A client that reads everything at once and tallies what it was sent. */
    private static final class Tally implements LiveHub.Outbound {
        final AtomicLong liquidations = new AtomicLong();
        final AtomicLong toldServerBusy = new AtomicLong();
        final AtomicLong toldSlowClient = new AtomicLong();
        volatile String disconnected;

        @Override
        public void send(ByteBuffer frame, Runnable written, Consumer<Throwable> failed) {
            byte[] b = new byte[frame.remaining()];
            frame.get(b);
            try {
                for (JsonNode m : JSON.readTree(new String(b, StandardCharsets.UTF_8))) {
                    switch (m.get("type").asText()) {
                        case "liq" -> liquidations.incrementAndGet();
                        case "dropped" -> (m.get("cause").asText().equals("server-busy") ? toldServerBusy : toldSlowClient)
                                .addAndGet(m.get("count").asLong());
                        default -> throw new AssertionError("unexpected message " + m);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            written.run();
        }

        @Override
        public void disconnect(String reason) {
            disconnected = reason;
        }
    }

    @Test
    void messagesTheFullQueueCouldNotTakeAreToldToEveryClientSoNoneIsMissedSilently() throws Exception {
        // A queue of 10 and a sender that wakes once a second: a burst overflows the queue.
        try (LiveHub hub = new LiveHub(10, 64, 5000, 1_000, 5_000)) {
            Tally a = new Tally();
            Tally b = new Tally();
            hub.add("a", a);
            hub.add("b", b);
            long published = 0;
            while (hub.stats().notBroadcast() == 0 || published < 100) {
                hub.publish(new LiveHub.Message("liq", "{\"type\":\"liq\",\"n\":" + published + "}"));
                published++;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (Tally t : new Tally[]{a, b}) {
                while (t.liquidations.get() + t.toldServerBusy.get() < published && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(t.toldServerBusy.get()).as("told how many the server could not broadcast")
                        .isEqualTo(hub.stats().notBroadcast()).isPositive();
                assertThat(t.liquidations.get()).as("and got the rest").isEqualTo(published - hub.stats().notBroadcast());
                assertThat(t.toldSlowClient).hasValue(0);
                assertThat(t.disconnected).as("a client that reads at once stays connected").isNull();
            }
        }
    }
}
