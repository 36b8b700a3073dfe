package dev.cascade.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * POSTs fired alerts to their rule's webhook, asynchronously: at most 64 deliveries in flight, beyond that an alert's
 * webhook call is dropped and counted (the dashboard still shows it). Never blocks the caller.
 */
public final class WebhookNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Semaphore inFlight = new Semaphore(64);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public void deliver(String url, String json) {
        if (!inFlight.tryAcquire()) {
            failed.incrementAndGet();
            LOG.warn("webhook {}: 64 deliveries already in flight, alert not sent", url);
            return;
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("User-Agent", "cascade-alerts")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        client.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((resp, err) -> {
            inFlight.release();
            if (err != null) {
                failed.incrementAndGet();
                LOG.warn("webhook {} failed: {}", url, err.toString());
            } else if (resp.statusCode() / 100 != 2) {
                failed.incrementAndGet();
                LOG.warn("webhook {} answered HTTP {}", url, resp.statusCode());
            } else {
                delivered.incrementAndGet();
            }
        });
    }

    public long delivered() {
        return delivered.get();
    }

    public long failed() {
        return failed.get();
    }
}
