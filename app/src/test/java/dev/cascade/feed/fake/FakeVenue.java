package dev.cascade.feed.fake;

import dev.cascade.core.venue.ExchangeConnector;

import java.io.IOException;
import java.net.URI;

/**
 * A fake exchange on 127.0.0.1: a {@link FakeWsServer} that speaks one venue's protocol (subscribe and its ack,
 * pings, heartbeats) and generates any number of distinct data frames in the venue's real format, built from the
 * documented sample payloads in exchange-feeds.md with ids and timestamps varied.
 */
public abstract class FakeVenue implements FakeWsServer.Handler, AutoCloseable {
    private FakeWsServer server;
    private Thread keepalive;
    private volatile boolean closed;
    /** Keepalive rounds (100 ms apart) a link may leave unanswered before the venue drops it. */
    protected volatile int unansweredLimit = 300;
    private volatile long cutAfterNanos = Long.MAX_VALUE;
    private final java.util.concurrent.atomic.AtomicInteger cuts = new java.util.concurrent.atomic.AtomicInteger();
    /** When set, every subscribe is answered with the venue's own refusal instead of its ack. */
    protected volatile boolean refuseSubscriptions;

    /** Drops a link whose pings or heartbeats went unanswered for this many keepalive rounds (100 ms each). */
    public FakeVenue dropUnansweredAfter(int rounds) {
        unansweredLimit = rounds;
        return this;
    }

    /** Cuts every link once it is this old, as Binance and Bitget do after 24 hours. */
    public FakeVenue cutLinksAfter(java.time.Duration age) {
        cutAfterNanos = age.toNanos();
        return this;
    }

    /** Links this venue cut for their age. */
    public int cuts() {
        return cuts.get();
    }

    /** Answers every subscribe with this venue's refusal (an unknown symbol), as the real venue words it. */
    public FakeVenue refusingSubscriptions() {
        refuseSubscriptions = true;
        return this;
    }

    /** The feed id, as the venue's connector names it. */
    public String source() {
        return connector(URI.create("ws://127.0.0.1:1")).source();
    }

    public abstract ExchangeConnector connector(URI base);

    /** The i-th distinct data frame (i >= 0); the same i always gives the same frame. */
    public abstract String frame(int i);

    /** Server-initiated keepalive every 100 ms on live links: Binance protocol pings, Deribit test_request. */
    protected void keepalive(FakeWsServer.Conn c) {
    }

    /** A frame the normalizer must reject: the i-th frame cut in half. */
    public String truncated(int i) {
        String f = frame(i);
        return f.substring(0, f.length() / 2);
    }

    public FakeVenue start() throws IOException {
        return start(0);
    }

    /** On a given loopback port (0 = any free one). */
    public FakeVenue start(int port) throws IOException {
        server = new FakeWsServer(this, port);
        keepalive = new Thread(() -> {
            while (!closed) {
                for (FakeWsServer.Conn c : server.connections()) {
                    if (c.isOpen() && System.nanoTime() - c.openedNanos > cutAfterNanos) {
                        cuts.incrementAndGet();
                        c.drop();
                    } else if (c.isOpen() && !c.stalled()) {
                        keepalive(c);
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fake-keepalive-" + source());
        keepalive.setDaemon(true);
        keepalive.start();
        return this;
    }

    public FakeWsServer server() {
        return server;
    }

    public URI base() {
        return server.base();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        keepalive.interrupt();
        server.close();
    }

    /** Answers the text "ping" with "pong" (OKX, BitMEX, Bitget); true if the text was that ping. */
    static boolean answeredTextPing(FakeWsServer.Conn c, String text) {
        if (!"ping".equals(text)) {
            return false;
        }
        c.pings++;
        c.send("pong");
        return true;
    }

    static String side(int i, String a, String b) {
        return i % 2 == 0 ? a : b;
    }

    static final long T0 = 1_760_130_900_000L; // 10 Oct 2025 21:15 UTC, the crash
}
