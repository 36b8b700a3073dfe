package dev.cascade.server;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Deliveries to a loopback receiver (so the policy allows private targets, as serve --allow-private-webhooks does). */
class WebhookNotifierTest {
    private static final WebhookNotifier.Retry FAST = new WebhookNotifier.Retry(3, Duration.ofMillis(10),
            Duration.ofSeconds(10), Duration.ofSeconds(30));

    /** What one request looked like on the wire. */
    record Seen(String method, String protocol, Map<String, java.util.List<String>> headers, String body) {
    }

    private HttpServer receiver;
    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private final Deque<Integer> answers = new ArrayDeque<>();
    private WebhookNotifier notifier;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            seen.add(new Seen(ex.getRequestMethod(), ex.getProtocol(), Map.copyOf(ex.getRequestHeaders()),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Integer status;
            synchronized (answers) {
                status = answers.isEmpty() ? 204 : answers.poll();
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
        notifier = new WebhookNotifier(WebhookPolicy.allowingPrivate(), FAST, System::currentTimeMillis);
    }

    @AfterEach
    void stop() {
        notifier.close();
        receiver.stop(0);
    }

    private String hook(String userInfo) {
        return "http://" + userInfo + "127.0.0.1:" + receiver.getAddress().getPort() + "/hook?key=s3cret";
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void aPlainHttp11PostWithBasicAuthFromTheUrl() throws Exception {
        notifier.deliver("r1", hook("alice:pw%21@"), "{\"a\":1}");
        Seen s = seen.poll(60, TimeUnit.SECONDS);
        assertThat(s).isNotNull();
        assertThat(s.method()).isEqualTo("POST");
        assertThat(s.protocol()).isEqualTo("HTTP/1.1");
        assertThat(s.body()).isEqualTo("{\"a\":1}");
        assertThat(s.headers()).doesNotContainKeys("Upgrade", "Http2-settings", "Http2-Settings");
        assertThat(s.headers().get("Authorization")).containsExactly("Basic "
                + java.util.Base64.getEncoder().encodeToString("alice:pw!".getBytes(StandardCharsets.UTF_8)));
        assertThat(s.headers().get("Content-type")).containsExactly("application/json");
        await(() -> notifier.delivered() == 1, "the delivery to count");
        assertThat(notifier.status("r1").lastError()).isNull();
        assertThat(notifier.status("r1").url()).doesNotContain("alice").doesNotContain("s3cret");
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheyPass() throws Exception {
        synchronized (answers) {
            answers.add(503);
            answers.add(500);
        }
        notifier.deliver("r2", hook(""), "{}");
        await(() -> notifier.delivered() == 1, "the third attempt to succeed");
        assertThat(seen).hasSize(3);
        assertThat(notifier.retried()).isEqualTo(2);
        assertThat(notifier.failed()).isZero();
    }

    @Test
    void aDeliveryThatKeepsFailingIsVisibleWithItsLastError() throws Exception {
        synchronized (answers) {
            for (int i = 0; i < 3; i++) {
                answers.add(502);
            }
        }
        notifier.deliver("r3", hook(""), "{}");
        await(() -> notifier.failed() == 1, "the delivery to fail for good");
        assertThat(seen).hasSize(3);
        assertThat(notifier.status("r3").lastError()).isEqualTo("HTTP 502 (attempt 3 of 3)");
        assertThat(notifier.status("r3").failed()).isEqualTo(1);
        assertThat(notifier.summary().toString()).contains("r3").contains("HTTP 502").doesNotContain("s3cret");
    }

    @Test
    void clientErrorsAreNotRetried() throws Exception {
        synchronized (answers) {
            answers.add(404);
        }
        notifier.deliver("r4", hook(""), "{}");
        await(() -> notifier.failed() == 1, "the delivery to fail");
        assertThat(seen).hasSize(1);
        assertThat(notifier.status("r4").lastError()).startsWith("HTTP 404");
    }

    @Test
    void aTargetThePolicyRefusesIsNeverContacted() throws Exception {
        notifier.configure(WebhookPolicy.publicOnly(), FAST);
        notifier.deliver("r5", hook(""), "{}");
        await(() -> notifier.failed() == 1, "the refusal");
        assertThat(notifier.status("r5").lastError()).contains("loopback");
        assertThat(seen).isEmpty();
    }

    @Test
    void aDeadReceiverIsAConnectionFailureRetriedThenReported() throws Exception {
        int port = receiver.getAddress().getPort();
        receiver.stop(0);
        notifier.deliver("r6", "http://127.0.0.1:" + port + "/hook", "{}");
        await(() -> notifier.failed() == 1, "the connection failures");
        assertThat(notifier.retried()).isEqualTo(2);
        assertThat(notifier.status("r6").lastError()).contains("attempt 3 of 3");
        // Said in words in /api/alerts/rules and /api/health, without Java's exception class ("ConnectException: ...").
        assertThat(notifier.status("r6").lastError()).startsWith("cannot connect to 127.0.0.1:" + port).doesNotContain("Exception");
    }
}
