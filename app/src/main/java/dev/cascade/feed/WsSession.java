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
import java.util.List;
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
 *       {@link ExchangeConnector#replyTo}. The JDK answers a Ping only when it reads it, so backpressure may stop
 *       reading a link for at most {@code maxReadPause}: after that the link is read again, pings and heartbeats are
 *       answered, and data frames are dropped until the store makes room (one {@link FeedGap} for the run).</li>
 *   <li>A stale timer replaces a link that delivered nothing (not even a pong) for {@code staleAfter}. At the
 *       connector's maximum link age (Binance and Bitget cut links at 24 h) a replacement is opened first and takes
 *       over at its first frame, so a rotation leaves no gap (the overlap's duplicates are dropped by the store).</li>
 *   <li>Reconnect with exponential backoff and jitter, resubscribe, and one {@link FeedGap} per disconnect window:
 *       from the last frame of the lost link (or the failed start) to the moment the new link is open. The backoff is
 *       reset only by a link that stayed up for {@code healthyAfter}: a venue that sends a welcome frame and closes
 *       is retried ever more slowly, not every half second.</li>
 *   <li>Refused subscriptions ({@link ExchangeConnector#refusal}) and watched streams silent past their bound
 *       ({@link ExchangeConnector#watchedStreams}) are shown in the {@link FeedStatus}: the link is up, the data is
 *       not.</li>
 * </ul>
 */
public final class WsSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WsSession.class);
    private static final Duration REPEAT_LOG = Duration.ofMinutes(5);

    private final ExchangeConnector connector;
    private final SessionSettings settings;
    private final HttpClient client;
    private final FrameQueue queue;
    private final ScheduledExecutorService scheduler;
    private final FeedStatus status;
    private final LongSupplier clock;
    private final LongSupplier nanos;
    private final List<ExchangeConnector.Watched> watched;
    private final CompletableFuture<String> firstAttempt = new CompletableFuture<>();

    private final Object lock = new Object();
    private Connection current;
    /** During a rotation: the replacement link, opened while {@code current} still delivers (make before break). */
    private Connection pending;
    /**
     * After a rotation: the old link, until it is closed. Frames it had in flight when the replacement took over are
     * still taken (the replacement may not have subscribed in time to carry them; the store drops what both carried).
     */
    private Connection retiring;
    private long nextRotationNanos;
    private int failedAttempts;
    private long outageFrom = -1;
    private String outageReason;
    /** What the log last said about this outage, so a venue that stays unreachable is not a line per retry. */
    private String loggedReason;
    private long loggedAtNanos;
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
        this.nanos = settings.nanoClock();
        this.watched = List.copyOf(connector.watchedStreams());
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
                c.linked(nanos.getAsLong());
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
            c.linked(nanos.getAsLong());
            if (outageFrom >= 0) {
                gap = new FeedGap(connector.source(), Math.min(outageFrom, now), now, outageReason);
                outageFrom = -1;
                outageReason = null;
            }
            loggedReason = null;
            status.state(FeedStatus.State.UP);
            status.newLink();
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
                retiring = retired;
                current = c;
                pending = null;
                status.newLink();
            } else if (c != current && c != retiring) {
                return; // a late frame of a link replaced after a failure: the new link re-delivers what matters
            }
            // No backoff reset here: a welcome frame is not a healthy link (see lost).
        }
        if (retired != null) {
            Connection old = retired;
            WebSocket ows = old.ws;
            if (ows != null) {
                // A close handshake, not an abort: what the venue sent before it saw our Close is still read (and
                // taken, see retiring) until its own Close arrives; a venue that never answers is cut after the
                // stale bound.
                ows.sendClose(WebSocket.NORMAL_CLOSURE, "rotated");
                try {
                    scheduler.schedule(ows::abort, settings.stale(connector).toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                    ows.abort();
                }
            }
            status.rotated();
            LOG.info("{}: link rotated without a gap", connector.source());
        }
        status.frame(now);
        String reply = connector.replyTo(frame);
        if (reply != null) {
            c.send(reply);
        }
        String refused = connector.refusal(frame);
        if (refused != null) {
            status.refused(refused);
            LOG.warn("{}: the venue refused a subscription: {}", connector.source(), refused);
        }
        long t = nanos.getAsLong();
        if (!watched.isEmpty()) {
            c.watch(frame, t);
        }
        boolean drop;
        synchronized (c) {
            drop = c.shedding;
            if (drop) {
                c.shedCount++;
            } else {
                c.waitingForRoom = true;
                c.parkedNanos = t;
            }
        }
        if (drop) {
            status.shed();
            c.requestNext();
            return;
        }
        queue.offer(new FrameQueue.FrameItem(new RecordedFrame(now, connector.source(), frame), t), () -> resumed(c));
    }

    /** The queue took the link's frame: read on, or end a run of dropped frames with its gap. */
    private void resumed(Connection c) {
        FeedGap gap = null;
        boolean request;
        synchronized (c) {
            // While parked the JDK delivers nothing, pings included: that is our backpressure, not a dead link.
            long now = nanos.getAsLong();
            c.lastFrameNanos = now;
            c.waitingForRoom = false;
            c.paused(c.parkedNanos, now);
            request = !c.shedding; // a shedding link already has its next read requested
            if (c.shedding) {
                c.shedding = false;
                if (c.shedCount > 0) {
                    gap = new FeedGap(connector.source(), c.shedFromMs, clock.getAsLong(), "store behind: " + c.shedCount
                            + " frames dropped while reading on to answer the venue's keepalive");
                }
                c.shedCount = 0;
            }
        }
        if (gap != null) {
            LOG.warn("{}: the store caught up; {}", connector.source(), gap.reason());
            emitGap(gap);
        }
        if (request) {
            c.requestNext();
        }
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
                nextRotationNanos = nanos.getAsLong() + TimeUnit.MILLISECONDS.toNanos(backoffMs(3));
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
            if (c.ws != null && nanos.getAsLong() - c.openedNanos >= settings.healthyAfter().toNanos()) {
                failedAttempts = 0; // the link was healthy: this is a fresh outage, not the next failure of a loop
            }
            delayMs = backoffMs(failedAttempts++);
            status.backoff(failedAttempts, delayMs);
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
        logOutage(reason, delayMs);
        try {
            scheduler.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    /**
     * One warning when an outage starts or its reason changes, then a reminder at most every {@link #REPEAT_LOG}
     * while the same failure repeats (the feed status and the stored gap carry every attempt).
     */
    private void logOutage(String reason, long delayMs) {
        long t = nanos.getAsLong();
        int attempts;
        synchronized (lock) {
            boolean repeat = reason.equals(loggedReason);
            if (repeat && t - loggedAtNanos < REPEAT_LOG.toNanos()) {
                LOG.debug("{}: {}; reconnecting in {} ms", connector.source(), reason, delayMs);
                return;
            }
            loggedReason = reason;
            loggedAtNanos = t;
            attempts = failedAttempts;
        }
        if (attempts > 1) {
            LOG.warn("{}: still failing after {} attempts: {}; next try in {} ms", connector.source(), attempts, reason, delayMs);
        } else {
            LOG.warn("{}: {}; reconnecting in {} ms", connector.source(), reason, delayMs);
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
        if (p != null && p.ws != null && nanos.getAsLong() - p.lastFrameNanos > settings.stale(connector).toNanos()) {
            lost(p, "replacement link delivered nothing");
        }
        if (c == null || c.ws == null) {
            return;
        }
        long now = nanos.getAsLong();
        Duration stale = settings.stale(connector);
        if ((!c.waitingForRoom || c.shedding) && now - c.lastFrameNanos > stale.toNanos()) {
            lost(c, "stale: nothing received for " + stale.toMillis() + " ms");
            return;
        }
        if (c.waitingForRoom) {
            readOnIfPausedTooLong(c, now);
        } else {
            checkSilence(c, now);
        }
        Duration maxAge = settings.maxAge(connector);
        if (maxAge != null && now - c.openedNanos > maxAge.toNanos() && now >= nextRotationNanos) {
            rotate();
        }
        String ping = connector.pingMessage();
        if (ping != null && now - c.lastPingNanos >= settings.ping(connector).toNanos()) {
            c.lastPingNanos = now;
            c.send(ping);
        }
    }

    /**
     * Backpressure has stopped reading this link for longer than {@code maxReadPause}: the venue's pings are piling up
     * unanswered (the JDK answers them only as it reads) and Binance or Deribit would soon drop the link. Read on, and
     * drop data frames until the queue takes the parked one; {@link #resumed} records the dropped run as a gap.
     */
    private void readOnIfPausedTooLong(Connection c, long now) {
        synchronized (c) {
            if (!c.waitingForRoom || c.shedding || now - c.parkedNanos <= settings.maxReadPause().toNanos()) {
                return;
            }
            c.shedding = true;
            c.shedFromMs = clock.getAsLong();
        }
        LOG.warn("{}: store behind for over {} ms; reading on to keep the link, dropping data until it catches up",
                connector.source(), settings.maxReadPause().toMillis());
        c.requestNext();
    }

    /** Watched streams that delivered nothing for their bound on this link are shown as silent (once each). */
    private void checkSilence(Connection c, long now) {
        for (int i = 0; i < watched.size(); i++) {
            ExchangeConnector.Watched w = watched.get(i);
            if (now - c.seenNanos[i] > settings.silentAfter(w).toNanos() && status.silent(w.name(), true)) {
                LOG.warn("{}: subscribed stream {} has delivered nothing for {} ms (a symbol the venue does not list?)",
                        connector.source(), w.name(), settings.silentAfter(w).toMillis());
            }
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
        volatile long openedNanos;
        volatile long lastFrameNanos;
        volatile long lastFrameAt = -1;
        volatile long lastPingNanos;
        volatile boolean waitingForRoom;
        volatile long parkedNanos;
        /** Reading on past the read-pause bound, dropping data frames (guarded by this). */
        volatile boolean shedding;
        long shedFromMs;
        long shedCount;
        /** Per watched stream: when it last delivered, and when its marker is next worth looking for. */
        final long[] seenNanos = new long[watched.size()];
        final long[] nextLookNanos = new long[watched.size()];
        private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);

        /** The link is open: its age, staleness, ping and silence clocks start now. */
        void linked(long now) {
            openedNanos = now;
            lastFrameNanos = now;
            lastPingNanos = now;
            java.util.Arrays.fill(seenNanos, now);
        }

        /** Time spent not reading (our own backpressure) does not count toward a stream's silence. */
        void paused(long from, long to) {
            for (int i = 0; i < seenNanos.length; i++) {
                if (seenNanos[i] < from) {
                    seenNanos[i] += to - from;
                }
            }
        }

        /**
         * Notes which watched stream this frame belongs to. A stream seen recently is not looked for again until a
         * quarter of its bound has passed, so the search costs nothing on most frames.
         */
        void watch(String frame, long now) {
            for (int i = 0; i < seenNanos.length; i++) {
                if (now < nextLookNanos[i]) {
                    continue;
                }
                ExchangeConnector.Watched w = watched.get(i);
                if (frame.contains(w.marker())) {
                    seenNanos[i] = now;
                    nextLookNanos[i] = now + settings.silentAfter(w).toNanos() / 4;
                    if (status.silent(w.name(), false)) {
                        LOG.info("{}: stream {} delivers again", connector.source(), w.name());
                    }
                }
            }
        }

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
            lastFrameNanos = nanos.getAsLong();
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
