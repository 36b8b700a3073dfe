package dev.cascade.feed;

import dev.cascade.core.venue.ExchangeConnector;
import dev.cascade.core.model.FeedGap;
import dev.cascade.core.record.RecordedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One exchange WebSocket that stays up: the shared session every connector runs on.
 *
 * <ul>
 *   <li>Fragments: {@code onText(..., last=false)} pieces are accumulated until the last one (Binance
 *       {@code !markPrice@arr} and OKX snapshots arrive fragmented); a message over {@code maxMessageChars} is
 *       dropped, counted and logged.</li>
 *   <li>Flow control: one message at a time ({@code request(1)}), and the next is requested only once the
 *       {@link FrameQueue} took this one, so a slow store slows the socket instead of growing the heap.</li>
 *   <li>Keepalive: the connector's application ping on a timer (OKX "ping", Bybit op:ping, BitMEX "ping"); protocol
 *       Pings (Binance) are answered by the JDK; Deribit heartbeats are answered through
 *       {@link ExchangeConnector#replyTo}.</li>
 *   <li>A stale timer replaces a link that delivered nothing (not even a pong) for {@code staleAfter}. At the
 *       connector's maximum link age (Binance 24 h) a replacement is opened first and takes over at its first frame,
 *       so a rotation leaves no gap (the overlap's duplicates are dropped by the store).</li>
 *   <li>Reconnect with exponential backoff and jitter, resubscribe, and one {@link FeedGap} per disconnect window:
 *       from the last frame of the lost link (or the failed start) to the moment the new link is open.</li>
 * </ul>
 */
public final class WsSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WsSession.class);

    private final ExchangeConnector connector;
    private final SessionSettings settings;
    private final HttpClient client;
    private final FrameQueue queue;
    private final ScheduledExecutorService scheduler;
    private final FeedStatus status;
    private final LongSupplier clock;
    private final CompletableFuture<String> firstAttempt = new CompletableFuture<>();

    private final Object lock = new Object();
    private Connection current;
    /** During a rotation: the replacement link, opened while {@code current} still delivers (make before break). */
    private Connection pending;
    private long nextRotationNanos;
    private int failedAttempts;
    private long outageFrom = -1;
    private String outageReason;
    private boolean closed;
    private boolean everConnected;
    private long startedAt;
    private ScheduledFuture<?> ticker;

    public WsSession(ExchangeConnector connector, SessionSettings settings, HttpClient client, FrameQueue queue,
                     ScheduledExecutorService scheduler, LongSupplier clock) {
        this.connector = connector;
        this.settings = settings;
        this.client = client;
        this.queue = queue;
        this.scheduler = scheduler;
        this.clock = clock;
        this.status = new FeedStatus(connector.source(), connector.completeness());
    }

    public FeedStatus status() {
        return status;
    }

    public ExchangeConnector connector() {
        return connector;
    }

    /** Completes with null once connected the first time, or with the first failure's description. */
    public CompletableFuture<String> firstAttempt() {
        return firstAttempt;
    }

    public void start() {
        startedAt = clock.getAsLong();
        long tickMs = Math.max(10, Math.min(1000, Math.min(settings.ping(connector).toMillis(), settings.stale(connector).toMillis() / 4)));
        synchronized (lock) {
            ticker = scheduler.scheduleWithFixedDelay(this::tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
        }
        connect();
    }

    private void connect() {
        Connection c;
        synchronized (lock) {
            if (closed) {
                return;
            }
            c = new Connection();
            current = c;
            status.state(FeedStatus.State.CONNECTING);
        }
        try {
            handshake().buildAsync(connector.uri(), c)
                    .whenComplete((ws, err) -> {
                        if (err != null) {
                            lost(c, NetErrors.describe(err, connector.uri()));
                        }
                    });
        } catch (RuntimeException e) {
            lost(c, NetErrors.describe(e, connector.uri()));
        }
    }

    private void opened(Connection c, WebSocket ws) {
        long now = clock.getAsLong();
        FeedGap gap = null;
        synchronized (lock) {
            if (c == pending && !closed) {
                // The replacement link: subscribe now, take over at its first frame (see received).
                c.ws = ws;
                c.openedNanos = System.nanoTime();
                c.lastFrameNanos = c.openedNanos;
                c.lastPingNanos = c.openedNanos;
            } else if (c != current || closed) {
                ws.abort();
                return;
            }
        }
        if (c.ws == ws) {
            LOG.info("{}: replacement link open, subscribing", connector.source());
            for (String m : connector.subscribeMessages()) {
                c.send(m);
            }
            ws.request(1);
            return;
        }
        synchronized (lock) {
            if (c != current || closed) {
                ws.abort();
                return;
            }
            c.ws = ws;
            everConnected = true;
            c.openedNanos = System.nanoTime();
            c.lastFrameNanos = c.openedNanos;
            c.lastPingNanos = c.openedNanos;
            if (outageFrom >= 0) {
                gap = new FeedGap(connector.source(), Math.min(outageFrom, now), now, outageReason);
                outageFrom = -1;
                outageReason = null;
            }
            status.state(FeedStatus.State.UP);
        }
        if (gap != null) {
            emitGap(gap);
        }
        firstAttempt.complete(null);
        LOG.info("{}: connected to {}", connector.source(), connector.uri());
        for (String m : connector.subscribeMessages()) {
            c.send(m);
        }
        ws.request(1);
    }

    private void received(Connection c, String frame) {
        long now = clock.getAsLong();
        Connection retired = null;
        synchronized (lock) {
            if (c == pending) {
                // First frame on the replacement: it takes over now, so no moment is uncovered. Events the old link
                // delivered after the new one subscribed arrive twice; the store keeps one (event keys).
                retired = current;
                current = c;
                pending = null;
                c.gotFrame = true;
            } else if (c != current) {
                return; // a late frame of a link already replaced: the new link re-delivers what matters
            }
            if (!c.gotFrame) {
                c.gotFrame = true;
                failedAttempts = 0;
            }
        }
        if (retired != null) {
            Connection old = retired;
            WebSocket ows = old.ws;
            if (ows != null) {
                ows.sendClose(WebSocket.NORMAL_CLOSURE, "rotated").whenComplete((w, e) -> ows.abort());
            }
            status.rotated();
            LOG.info("{}: link rotated without a gap", connector.source());
        }
        status.frame(now);
        String reply = connector.replyTo(frame);
        if (reply != null) {
            c.send(reply);
        }
        c.waitingForRoom = true;
        queue.offer(new FrameQueue.FrameItem(new RecordedFrame(now, connector.source(), frame), System.nanoTime()), () -> {
            // While parked the JDK delivers nothing, pings included: that is our backpressure, not a dead link.
            c.lastFrameNanos = System.nanoTime();
            c.waitingForRoom = false;
            c.requestNext();
        });
    }

    /** The link is gone (closed, failed, stale, rotated): start or extend the outage and schedule a reconnect. */
    private void lost(Connection c, String reason) {
        long now = clock.getAsLong();
        long delayMs;
        Connection abandoned;
        synchronized (lock) {
            if (c == pending) {
                // A failed replacement costs nothing: the current link still runs; try again later.
                pending = null;
                nextRotationNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs(3));
                LOG.warn("{}: replacement link failed ({}); keeping the current one", connector.source(), reason);
                WebSocket pws = c.ws;
                if (pws != null) {
                    pws.abort();
                }
                return;
            }
            if (c != current || closed) {
                return;
            }
            current = null;
            abandoned = pending;
            pending = null;
            if (outageFrom < 0) {
                // Never connected: the feed has been missing since the run began, not since this failure.
                outageFrom = !everConnected ? startedAt : c.ws == null ? now : c.lastFrameAt > 0 ? c.lastFrameAt : now;
                outageReason = reason;
            }
            delayMs = backoffMs(failedAttempts++);
            status.state(FeedStatus.State.DOWN);
            status.error(reason);
            status.reconnect();
        }
        WebSocket ws = c.ws;
        if (ws != null) {
            ws.abort();
        }
        if (abandoned != null && abandoned.ws != null) {
            abandoned.ws.abort();
        }
        firstAttempt.complete(reason);
        LOG.warn("{}: {}; reconnecting in {} ms", connector.source(), reason, delayMs);
        try {
            scheduler.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    /** Exponential backoff with "equal jitter": half the capped delay fixed, half random, so clients spread out. */
    long backoffMs(int attempt) {
        long initial = settings.backoffInitial().toMillis();
        long cap = settings.backoffMax().toMillis();
        long d = attempt >= 30 ? cap : Math.min(cap, initial << attempt);
        long half = Math.max(1, d / 2);
        return half + ThreadLocalRandom.current().nextLong(half + 1);
    }

    private void tick() {
        Connection c;
        Connection p;
        synchronized (lock) {
            c = current;
            p = pending;
        }
        if (p != null && p.ws != null && System.nanoTime() - p.lastFrameNanos > settings.stale(connector).toNanos()) {
            lost(p, "replacement link delivered nothing");
        }
        if (c == null || c.ws == null) {
            return;
        }
        long now = System.nanoTime();
        Duration stale = settings.stale(connector);
        if (!c.waitingForRoom && now - c.lastFrameNanos > stale.toNanos()) {
            lost(c, "stale: nothing received for " + stale.toMillis() + " ms");
            return;
        }
        Duration maxAge = connector.maxConnectionAge();
        if (maxAge != null && now - c.openedNanos > maxAge.toNanos() && now >= nextRotationNanos) {
            rotate();
        }
        String ping = connector.pingMessage();
        if (ping != null && now - c.lastPingNanos >= settings.ping(connector).toNanos()) {
            c.lastPingNanos = now;
            c.send(ping);
        }
    }

    /** Opens a replacement link before the venue's age limit cuts the current one (make before break). */
    private void rotate() {
        Connection c2;
        synchronized (lock) {
            if (pending != null || current == null || closed) {
                return;
            }
            c2 = new Connection();
            pending = c2;
        }
        LOG.info("{}: rotating the link before the venue's age limit", connector.source());
        try {
            handshake().buildAsync(connector.uri(), c2)
                    .whenComplete((ws, err) -> {
                        if (err != null) {
                            lost(c2, NetErrors.describe(err, connector.uri()));
                        }
                    });
        } catch (RuntimeException e) {
            lost(c2, NetErrors.describe(e, connector.uri()));
        }
    }

    private void emitGap(FeedGap gap) {
        status.gap();
        LOG.warn("{}: gap {} ms ({})", gap.source(), gap.toTs() - gap.fromTs(), gap.reason());
        try {
            queue.put(new FrameQueue.EventItem(gap));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        Connection c;
        FeedGap gap = null;
        long now = clock.getAsLong();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            c = current;
            current = null;
            if (pending != null && pending.ws != null) {
                pending.ws.abort();
            }
            pending = null;
            if (ticker != null) {
                ticker.cancel(false);
            }
            if (outageFrom >= 0) {
                gap = new FeedGap(connector.source(), Math.min(outageFrom, now), now, outageReason + " (not recovered before shutdown)");
            }
            status.state(FeedStatus.State.CLOSED);
        }
        if (gap != null) {
            emitGap(gap);
        }
        if (c != null && c.ws != null) {
            c.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").whenComplete((w, e) -> c.ws.abort());
        }
        firstAttempt.complete("closed before connecting");
    }

    /** One physical link; its callbacks are ignored once it is no longer {@code current}. */
    private final class Connection implements WebSocket.Listener {
        volatile WebSocket ws;
        final StringBuilder buf = new StringBuilder();
        boolean skipping;
        boolean gotFrame;
        volatile long openedNanos;
        volatile long lastFrameNanos;
        volatile long lastFrameAt = -1;
        volatile long lastPingNanos;
        volatile boolean waitingForRoom;
        private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);

        void requestNext() {
            WebSocket w = ws;
            if (w != null) {
                w.request(1);
            }
        }

        /** java.net.http.WebSocket allows one outstanding send: chain them (pings, replies and subscribes interleave). */
        synchronized void send(String text) {
            WebSocket w = ws;
            if (w == null) {
                return;
            }
            sendChain = sendChain.handle((x, e) -> null).thenCompose(x -> w.sendText(text, true))
                    .exceptionally(e -> {
                        LOG.debug("{}: send failed: {}", connector.source(), e.toString());
                        return null;
                    });
        }

        private void alive() {
            lastFrameNanos = System.nanoTime();
            lastFrameAt = clock.getAsLong();
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            opened(this, webSocket);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            alive();
            if (!skipping) {
                buf.append(data);
                if (buf.length() > settings.maxMessageChars()) {
                    skipping = true;
                    buf.setLength(0);
                    buf.trimToSize();
                }
            }
            if (!last) {
                webSocket.request(1);
                return null;
            }
            if (skipping) {
                skipping = false;
                status.droppedOversize();
                LOG.warn("{}: dropped a message over {} chars", connector.source(), settings.maxMessageChars());
                webSocket.request(1);
                return null;
            }
            String frame = buf.toString();
            buf.setLength(0);
            if (buf.capacity() > 1 << 16) {
                buf.trimToSize(); // do not keep a burst's largest message around
            }
            received(this, frame);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            alive();
            webSocket.request(1); // no venue here sends binary market data
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            alive(); // the JDK sends the Pong itself
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            alive();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            lost(this, "closed by server (" + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost(this, NetErrors.describe(error, connector.uri()));
        }
    }

    private java.net.http.WebSocket.Builder handshake() {
        java.net.http.WebSocket.Builder b = client.newWebSocketBuilder().connectTimeout(settings.connectTimeout());
        connector.headers().forEach(b::header);
        return b;
    }
}
