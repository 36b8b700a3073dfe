package dev.cascade.feed;

import dev.cascade.core.model.FeedGap;
import dev.cascade.core.venue.ExchangeConnector;
import dev.cascade.core.venue.binance.BinanceUsdmConnector;
import dev.cascade.core.venue.bitmex.BitmexConnector;
import dev.cascade.feed.fake.FakeVenue;
import dev.cascade.feed.fake.FakeVenues;
import dev.cascade.feed.fake.FakeWsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The venue behaviours that would silently degrade a live run, each against a fake venue that behaves that way:
 * a refused subscription, a stream that never delivers, a 24-hour cut, a server that welcomes and closes, and a long
 * backpressure while the venue pings and drops clients that do not answer.
 */
class ProtocolFaultTest {
    /** Waits (event-driven, generous timeout) until {@code condition} holds. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bybit-linear", "okx", "bitmex", "deribit", "gate-usdt", "bitget-usdt"})
    void aRefusedSubscriptionIsShownInTheFeedStatus(String venue) throws Exception {
        try (FeedHarness h = new FeedHarness(FakeVenues.create(venue).refusingSubscriptions(), FrameQueue.standard())) {
            FeedStatus st = h.status();
            await("a refusal in the status", () -> !st.refusedSubscriptions().isEmpty());
            assertThat(st.state()).isEqualTo(FeedStatus.State.UP); // the link is up: only the status tells
            assertThat(st.degraded()).isTrue();
            assertThat(st.problems()).startsWith("refused: ");
            assertThat(st.view().refusedSubscriptions()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r).containsAnyOf("FOO", "doesn't exist", "ETH"));
        }
    }

    @Test
    void acksAreNotRefusals() throws Exception {
        for (String venue : List.of("bybit-linear", "okx", "bitmex", "deribit", "gate-usdt", "bitget-usdt")) {
            try (FeedHarness h = new FeedHarness(FakeVenues.create(venue), FrameQueue.standard())) {
                FakeWsServer.Conn c = h.subscribed(null);
                h.send(c, 0, 20);
                h.awaitStored(h.expected(20), 15_000);
                assertThat(h.status().refusedSubscriptions()).as(venue).isEmpty();
                assertThat(h.status().degraded()).as(venue).isFalse();
            }
        }
    }

    @Test
    void aBinanceStreamThatNeverDeliversIsShownSilent() throws Exception {
        FakeVenue v = FakeVenues.create("binance-usdm");
        SessionSettings settings = FeedHarness.FAST.withSilentAfter(Duration.ofMillis(800));
        try (FeedHarness h = new FeedHarness(v, FrameQueue.standard(), settings) {
            @Override
            ExchangeConnector connectorFor(FakeVenue venue) {
                return new BinanceUsdmConnector(venue.base(), List.of("BTC", "ETH", "FOO")); // Binance lists no FOOUSDT
            }
        }) {
            FakeWsServer.Conn c = h.subscribed(null);
            assertThat(c.path).contains("foousdt@markPrice@1s");
            FeedStatus st = h.status();
            int i = 0;
            while (!st.silentStreams().contains("foousdt@markPrice@1s")) {
                c.send(v.frame(9 + 10 * (i++ % 2))); // markPrice of ETHUSDT, then BTCUSDT, and so on
                Thread.sleep(20);
                assertThat(i).as("frames sent before FOOUSDT was called silent").isLessThan(3_000);
            }
            assertThat(st.degraded()).isTrue();
            assertThat(st.problems()).contains("silent: ").contains("foousdt@markPrice@1s");
            // The streams that deliver are (or soon are again) not silent; FOOUSDT stays silent.
            for (int k = 0; k < 4; k++) {
                c.send(v.frame(9 + 10 * k));
            }
            await("BTC and ETH delivering", () -> !st.silentStreams().contains("btcusdt@markPrice@1s")
                    && !st.silentStreams().contains("ethusdt@markPrice@1s"));
            assertThat(st.silentStreams()).contains("foousdt@markPrice@1s");
        }
    }

    @Test
    void bitgetLinksAreRotatedBeforeTheVenueCutsThem() throws Exception {
        // Bitget cuts every link at 24 h; here the fake cuts at 4 s and the session's rotation age is shrunk to 600 ms.
        // Without a rotation age for Bitget the override has nothing to shrink: the link is cut and a gap recorded.
        FakeVenue v = FakeVenues.create("bitget-usdt").cutLinksAfter(Duration.ofSeconds(4));
        try (FeedHarness h = new FeedHarness(v, FrameQueue.standard(), FeedHarness.FAST.withMaxAge(Duration.ofMillis(600)))) {
            h.subscribed(null);
            long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            int n = h.streamToEveryLinkWhile(() -> System.nanoTime() < until || h.status().rotations() < 3);
            h.assertAllStoredOnce(n);
            assertThat(v.cuts()).as("links the venue had to cut").isZero();
            assertThat(h.gaps()).isEmpty();
            assertThat(h.status().rotations()).isGreaterThanOrEqualTo(3);
        }
    }

    /** A session on its own (no store): its queue is the test's to drain, its monotonic clock may be the test's. */
    private static final class Bench implements AutoCloseable {
        final ExecutorService io = Executors.newCachedThreadPool();
        final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        final HttpClient client = dev.cascade.ingest.ConnectorSource.newClient(io, Duration.ofSeconds(5));
        final FrameQueue queue;
        final WsSession session;

        Bench(ExchangeConnector connector, SessionSettings settings, FrameQueue queue) {
            this.queue = queue;
            this.session = new WsSession(connector, settings, client, queue, timer, System::currentTimeMillis);
            session.start();
        }

        @Override
        public void close() {
            session.close();
            timer.shutdownNow();
            io.shutdownNow();
        }
    }

    /** BitMEX's welcome frame, then the server closes: a venue refusing us after the handshake. */
    private static final String WELCOME = "{\"info\":\"Welcome to the BitMEX Realtime API.\",\"version\":\"2.0.0\","
            + "\"timestamp\":\"2025-10-10T21:15:00.000Z\",\"docs\":\"https://www.bitmex.com/app/wsAPI\",\"limit\":{\"remaining\":39}}";

    @Test
    void aServerThatWelcomesAndClosesIsRetriedEverMoreSlowly() throws Exception {
        // The session's clock is the test's: two minutes (healthyAfter) never pass on it while the test runs.
        AtomicLong jump = new AtomicLong();
        LongSupplier nanos = () -> System.nanoTime() + jump.get();
        try (FakeWsServer server = new FakeWsServer(new FakeWsServer.Handler() {
            @Override
            public void onOpen(FakeWsServer.Conn c) {
                c.send(WELCOME);
                c.drop();
            }

            @Override
            public void onText(FakeWsServer.Conn c, String text) {
            }
        }); Bench b = new Bench(new BitmexConnector(server.base()), FeedHarness.FAST.withNanoClock(nanos), FrameQueue.standard())) {
            await("seven connections", () -> server.connections().size() >= 7);
            FeedStatus st = b.session.status();
            assertThat(st.frames()).as("welcome frames received").isPositive();
            assertThat(st.consecutiveFailures()).as("failed attempts in a row, welcome frames notwithstanding").isGreaterThanOrEqualTo(6);
            // FAST backs off from 20 ms doubling to 200 ms: the sixth failure waits at least half the cap.
            assertThat(st.view().nextRetryMs()).isGreaterThanOrEqualTo(FeedHarness.FAST.backoffMax().toMillis() / 2);
        }
    }

    @Test
    void aLinkThatStayedUpLongEnoughResetsTheBackoff() throws Exception {
        AtomicLong jump = new AtomicLong();
        SessionSettings settings = FeedHarness.FAST.withNanoClock(() -> System.nanoTime() + jump.get())
                .withHealthyAfter(Duration.ofMinutes(2));
        try (FakeWsServer server = new FakeWsServer(new FakeWsServer.Handler() {
            @Override
            public void onOpen(FakeWsServer.Conn c) {
                c.send(WELCOME);
            }

            @Override
            public void onText(FakeWsServer.Conn c, String text) {
            }
        }); Bench b = new Bench(new BitmexConnector(server.base()), settings, FrameQueue.standard())) {
            FeedStatus st = b.session.status();
            for (int k = 1; k <= 3; k++) {
                int links = k;
                await("link " + k, () -> server.connections().size() >= links && st.frames() >= links);
                server.connections().get(k - 1).drop(); // closed young: one more failure in a row
                await("failure " + k, () -> st.consecutiveFailures() == links);
            }
            await("link 4", () -> server.connections().size() >= 4 && st.frames() >= 4);
            jump.addAndGet(Duration.ofMinutes(2).toNanos()); // this link has now been up for two minutes
            server.connections().get(3).drop();
            await("link 5", () -> server.connections().size() >= 5);
            assertThat(st.consecutiveFailures()).as("the failure after a healthy link is the first of a new run").isEqualTo(1);
            assertThat(st.view().nextRetryMs()).isLessThanOrEqualTo(FeedHarness.FAST.backoffInitial().toMillis());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"binance-usdm", "deribit"}) // protocol Pings answered by the JDK; heartbeats answered by us
    void aLongBackpressureKeepsAnsweringTheVenuesKeepaliveAndRecordsTheDroppedRun(String venueName) throws Exception {
        // The venue drops a client after 50 unanswered keepalive rounds (5 s); reading may pause for 300 ms.
        FakeVenue v = FakeVenues.create(venueName).dropUnansweredAfter(50).start();
        FrameQueue tiny = new FrameQueue(2, 1 << 20);
        SessionSettings settings = FeedHarness.FAST.withMaxReadPause(Duration.ofMillis(300));
        try (v; Bench b = new Bench(v.connector(v.base()), settings, tiny)) {
            FakeWsServer.Conn c = v.server().await(x -> x.subscribed && x.isOpen(), 10_000);
            for (int i = 0; i < 10; i++) {
                c.send(v.frame(i)); // two fit, the third is parked: the store is stuck
            }
            // The store stays stuck while the venue keeps sending and asks for 60 answers to its keepalive (6 s, more
            // than the 5 s after which it drops a silent client).
            int answered0 = answers(c);
            for (int i = 10; answers(c) < answered0 + 60; i++) {
                assertThat(c.isOpen()).as("the link the venue keeps").isTrue();
                if (i < 200) {
                    c.send(v.frame(i));
                }
                Thread.sleep(20);
            }
            assertThat(v.server().connections()).as("links: the venue never dropped ours").hasSize(1);
            assertThat(b.session.status().shedFrames()).isPositive();
            // The store catches up: the dropped run becomes one gap, and frames sent from now on are delivered.
            List<FrameQueue.Item> got = new ArrayList<>(tiny.drain(100, 1000));
            for (int i = 1000; i < 1010; i++) {
                c.send(v.frame(i));
            }
            Set<String> wanted = new HashSet<>();
            for (int i = 1000; i < 1010; i++) {
                wanted.add(v.frame(i));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!delivered(got).containsAll(wanted) && System.nanoTime() < deadline) {
                got.addAll(tiny.drain(100, 200));
            }
            assertThat(delivered(got)).containsAll(wanted);
            List<FeedGap> gaps = got.stream().filter(it -> it instanceof FrameQueue.EventItem e && e.event() instanceof FeedGap)
                    .map(it -> (FeedGap) ((FrameQueue.EventItem) it).event()).toList();
            assertThat(gaps).singleElement().satisfies(g -> {
                assertThat(g.reason()).contains("frames dropped");
                assertThat(g.toTs()).isGreaterThanOrEqualTo(g.fromTs());
            });
            assertThat(v.server().connections()).hasSize(1);
        }
    }

    /** Keepalives the client answered: Pongs to protocol Pings, or public/test replies to Deribit's heartbeats. */
    private static int answers(FakeWsServer.Conn c) {
        return c.pongs + c.heartbeatReplies;
    }

    private static Set<String> delivered(List<FrameQueue.Item> items) {
        Set<String> out = new HashSet<>();
        for (FrameQueue.Item it : items) {
            if (it instanceof FrameQueue.FrameItem f) {
                out.add(f.frame().frame());
            }
        }
        return out;
    }
}
