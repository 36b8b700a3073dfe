package dev.cascade.server;

import dev.cascade.feed.NetErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * POSTs fired alerts to their rule's webhook: plain HTTP/1.1 (one request per connection, no upgrade headers), to the
 * addresses the {@link WebhookPolicy} just checked (re-resolved per delivery), with a connect and an overall timeout,
 * and retried with exponential backoff on connection failures, timeouts, 408, 429 and 5xx. Never blocks the caller: at
 * most 64 deliveries are pending (retries included); beyond that an alert's webhook is dropped and counted. Each rule's
 * last outcome is kept for the API, with the URL masked.
 */
public final class WebhookNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final int MAX_PENDING = 64;
    private static final int MAX_STATUS_LINE = 1024;

    /** Attempts, timeouts and backoff: {@code attempts} tries in all, waiting base, 2 x base, 4 x base ... between them. */
    public record Retry(int attempts, Duration backoffBase, Duration connectTimeout, Duration requestTimeout) {
        public static final Retry DEFAULT = new Retry(4, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    /** The last outcome of one rule's webhook, as the API shows it. */
    public record Status(String url, long delivered, long failed, long lastAttemptAt, String lastError) {
    }

    private final ScheduledExecutorService pool;
    private final Semaphore pending = new Semaphore(MAX_PENDING);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Map<String, Status> byRule = new ConcurrentHashMap<>();
    private final LongSupplier wallMs;
    private volatile WebhookPolicy policy;
    private volatile Retry retry;

    public WebhookNotifier(WebhookPolicy policy, Retry retry, LongSupplier wallMs) {
        this.policy = policy;
        this.retry = retry;
        this.wallMs = wallMs;
        this.pool = DaemonThreads.scheduler(4, "webhook");
    }

    public WebhookNotifier() {
        this(WebhookPolicy.publicOnly(), Retry.DEFAULT, System::currentTimeMillis);
    }

    /** Replaces the target policy and retry settings (the server applies its start options). */
    public void configure(WebhookPolicy policy, Retry retry) {
        this.policy = policy;
        this.retry = retry;
    }

    public WebhookPolicy policy() {
        return policy;
    }

    /** Queues one alert for a rule's webhook; returns at once. */
    public void deliver(String ruleId, String url, String json) {
        if (!pending.tryAcquire()) {
            record(ruleId, url, false, MAX_PENDING + " webhook deliveries already pending, alert not sent");
            dropped.incrementAndGet();
            LOG.warn("webhook {}: {} deliveries already pending, alert not sent", WebhookPolicy.mask(url), MAX_PENDING);
            return;
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Retry r = retry;
        try {
            pool.execute(() -> attempt(ruleId, url, body, r, 1));
        } catch (RuntimeException e) { // rejected: the notifier is closed
            pending.release();
            dropped.incrementAndGet();
        }
    }

    private void attempt(String ruleId, String url, byte[] body, Retry r, int n) {
        String error;
        boolean retryable;
        try {
            int status = post(policy.check(url), body, r);
            if (status / 100 == 2) {
                record(ruleId, url, true, null); // the rule's status first: whoever sees the count sees it too
                delivered.incrementAndGet();
                pending.release();
                return;
            }
            error = "HTTP " + status;
            retryable = status >= 500 || status == 408 || status == 429;
        } catch (IllegalArgumentException e) { // the target no longer passes the policy: never retried
            error = e.getMessage();
            retryable = false;
        } catch (IOException e) {
            error = NetErrors.describe(e, java.net.URI.create(WebhookPolicy.mask(url))); // in words, secrets masked
            retryable = true;
        }
        if (retryable && n < r.attempts()) {
            retried.incrementAndGet();
            long delay = r.backoffBase().toMillis() << Math.min(n - 1, 20);
            // Recorded before the retry is scheduled: a retry that ran first (short backoff) had its final outcome
            // overwritten by this "retrying" line.
            record(ruleId, url, false, error + " (attempt " + n + " of " + r.attempts() + ", retrying)");
            try {
                pool.schedule(() -> attempt(ruleId, url, body, r, n + 1), delay, TimeUnit.MILLISECONDS);
                return;
            } catch (RuntimeException closed) {
                error += " (not retried: shutting down)";
            }
        }
        String last = error + " (attempt " + n + " of " + r.attempts() + ")";
        record(ruleId, url, false, last);
        failed.incrementAndGet();
        LOG.warn("webhook {} for rule {} failed: {}", WebhookPolicy.mask(url), ruleId, last);
        pending.release();
    }

    /** One HTTP/1.1 POST to the first checked address that accepts a connection; returns the status code. */
    private static int post(WebhookPolicy.Target t, byte[] body, Retry r) throws IOException {
        long deadline = System.nanoTime() + r.requestTimeout().toNanos();
        IOException last = null;
        for (InetAddress a : t.addresses()) {
            Socket raw = new Socket();
            try {
                raw.connect(new InetSocketAddress(a, t.port()), (int) r.connectTimeout().toMillis());
            } catch (IOException e) {
                raw.close();
                last = e;
                continue;
            }
            try (Socket s = t.tls() ? tls(raw, t) : raw) {
                s.setSoTimeout(remainingMs(deadline));
                OutputStream out = s.getOutputStream();
                out.write(head(t, body.length));
                out.write(body);
                out.flush();
                return statusCode(s.getInputStream(), deadline, s);
            }
        }
        throw last != null ? last : new IOException("no address to connect to");
    }

    private static Socket tls(Socket raw, WebhookPolicy.Target t) throws IOException {
        SSLContext ctx;
        try {
            ctx = SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            raw.close();
            throw new IOException("no TLS available", e);
        }
        SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(raw, t.host(), t.port(), true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host, as a browser checks
        if (!t.host().contains(":") && !t.host().matches("[0-9.]+")) {
            p.setServerNames(List.of(new SNIHostName(t.host())));
        }
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        return ssl;
    }

    private static byte[] head(WebhookPolicy.Target t, int length) {
        String host = t.host().contains(":") ? "[" + t.host() + "]" : t.host();
        boolean defaultPort = t.port() == (t.tls() ? 443 : 80);
        StringBuilder h = new StringBuilder(256)
                .append("POST ").append(t.requestTarget()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(defaultPort ? "" : ":" + t.port()).append("\r\n")
                .append("User-Agent: cascade-alerts\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(length).append("\r\n")
                .append("Connection: close\r\n");
        if (t.userInfo() != null) {
            String credentials = URLDecoder.decode(t.userInfo(), StandardCharsets.UTF_8);
            h.append("Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        return h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads "HTTP/1.1 204 No Content" up to its end of line, within the overall deadline; the rest is not needed. */
    private static int statusCode(InputStream in, long deadline, Socket s) throws IOException {
        StringBuilder line = new StringBuilder();
        while (line.length() < MAX_STATUS_LINE) {
            s.setSoTimeout(remainingMs(deadline));
            int c = in.read();
            if (c < 0 || c == '\n') {
                break;
            }
            line.append((char) c);
        }
        String[] parts = line.toString().trim().split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x response: '" + line.toString().trim() + "'");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad HTTP status line: '" + line.toString().trim() + "'");
        }
    }

    private static int remainingMs(long deadlineNanos) throws IOException {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (ms <= 0) {
            throw new java.net.SocketTimeoutException("request timed out");
        }
        return (int) Math.min(ms, Integer.MAX_VALUE);
    }

    private void record(String ruleId, String url, boolean ok, String error) {
        long now = wallMs.getAsLong();
        byRule.compute(ruleId, (id, s) -> {
            long d = s == null ? 0 : s.delivered();
            long f = s == null ? 0 : s.failed();
            boolean finalFailure = !ok && error != null && !error.endsWith("retrying)");
            return new Status(WebhookPolicy.mask(url), ok ? d + 1 : d, finalFailure ? f + 1 : f, now,
                    ok ? null : error);
        });
    }

    /** The last outcome for one rule, or null if its webhook was never called. */
    public Status status(String ruleId) {
        return byRule.get(ruleId);
    }

    /** Counters and the rules whose last attempt failed, for /api/health. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("delivered", delivered.get());
        m.put("failed", failed.get());
        m.put("retried", retried.get());
        m.put("dropped", dropped.get());
        m.put("pending", MAX_PENDING - pending.availablePermits());
        List<Map<String, Object>> failing = new ArrayList<>();
        byRule.forEach((id, s) -> {
            if (s.lastError() != null) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("ruleId", id);
                f.put("url", s.url());
                f.put("lastAttemptAt", s.lastAttemptAt());
                f.put("lastError", s.lastError());
                failing.add(f);
            }
        });
        m.put("lastErrors", failing);
        return m;
    }

    public long delivered() {
        return delivered.get();
    }

    /** Deliveries that failed for good (after their retries) or were dropped. */
    public long failed() {
        return failed.get() + dropped.get();
    }

    public long retried() {
        return retried.get();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
