package dev.cascade.feed;

import dev.cascade.core.venue.ExchangeConnector;
import dev.cascade.feed.fake.FakeVenues;
import dev.cascade.feed.fake.FakeWsServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A quiet but healthy link must survive well past the stale timeout on each venue's own keepalive: application pings
 * answered by pongs (Bybit, OKX, BitMEX), protocol pings answered by the JDK (Binance), heartbeats answered with
 * public/test (Deribit, whose fake drops links that ignore them).
 */
class KeepaliveTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"binance-usdm", "bybit-linear", "okx", "bitmex", "deribit"}) // one per keepalive mechanism
    void quietLinkStaysUpOnKeepaliveAlone(String venue) throws Exception {
        try (FeedHarness h = new FeedHarness(FakeVenues.create(venue), FrameQueue.standard())) {
            FakeWsServer.Conn c = h.subscribed(null);
            Thread.sleep(2 * FeedHarness.FAST.staleOverride().toMillis());
            h.stopIngest();
            assertThat(h.venue.server().connections()).as("one link, never replaced").hasSize(1);
            assertThat(h.gaps()).isEmpty();
            switch (venue) {
                case "bybit-linear", "okx", "bitmex" -> assertThat(c.pings).isGreaterThanOrEqualTo(10);
                case "deribit" -> assertThat(c.heartbeatReplies).isGreaterThanOrEqualTo(10);
                default -> assertThat(c.pings).isZero(); // Binance: the server pings, the client sends no app pings
            }
        }
    }

    @org.junit.jupiter.api.Test
    void linksAreRotatedBeforeTheirMaximumAgeWithoutAGapOrALoss() throws Exception {
        dev.cascade.feed.fake.FakeVenue v = FakeVenues.create("binance-usdm"); // the harness starts it
        // Binance's 24 h rotation age, shrunk to 400 ms (the override applies only to venues that cut links at an age).
        try (FeedHarness h = new FeedHarness(v, FrameQueue.standard(), FeedHarness.FAST.withMaxAge(java.time.Duration.ofMillis(400)))) {
            h.subscribed(null);
            long until = System.currentTimeMillis() + 2_000;
            int n = h.streamToEveryLinkWhile(() -> System.currentTimeMillis() < until || v.server().connections().size() < 3);
            h.assertAllStoredOnce(n);
            assertThat(v.server().connections().size()).isGreaterThanOrEqualTo(3);
            assertThat(h.ingest.sessions().get(0).status().rotations()).isGreaterThanOrEqualTo(2);
            assertThat(h.gaps()).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void aVenueDownAtStartIsAGapFromTheStartOfTheRun() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // free now, refused until the fake starts on it
        }
        dev.cascade.feed.fake.FakeVenue v = FakeVenues.create("okx");
        try (dev.cascade.store.DuckDbStore store = dev.cascade.store.DuckDbStore.open(null)) {
            long before = System.currentTimeMillis();
            TestIngest ingest = new TestIngest(java.util.List.of(v.connector(java.net.URI.create("ws://127.0.0.1:" + port))), FeedHarness.FAST, FrameQueue.standard(), store, 50);
            assertThat(ingest.sessions().get(0).firstAttempt().get(5, java.util.concurrent.TimeUnit.SECONDS))
                    .startsWith("cannot connect to 127.0.0.1:" + port);
            long failedBy = System.currentTimeMillis();
            Thread.sleep(300);
            long fakeUpAt = System.currentTimeMillis();
            v.start(port);
            v.server().await(c -> c.subscribed, 10_000);
            long connectedBy = System.currentTimeMillis();
            ingest.close();
            try (java.sql.Connection c = store.connect(); java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT ts, to_ts, reason FROM feed_gap")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isBetween(before, failedBy); // the run's start, before the failure was seen
                assertThat(rs.getLong(2)).isBetween(fakeUpAt, connectedBy); // until the venue was back and linked
                assertThat(rs.getString(3)).startsWith("cannot connect to 127.0.0.1:" + port);
                assertThat(rs.next()).isFalse();
            }
        } finally {
            v.close();
        }
    }
}
