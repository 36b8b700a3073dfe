package dev.cascade.feed;

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
    @ValueSource(strings = {"binance-usdm", "binance-coinm", "bybit-linear", "bybit-inverse", "okx", "bitmex", "deribit"})
    void quietLinkStaysUpOnKeepaliveAlone(String venue) throws Exception {
        try (FeedHarness h = new FeedHarness(FakeVenues.create(venue), FrameQueue.standard())) {
            FakeWsServer.Conn c = h.subscribed(null);
            Thread.sleep(2 * FeedHarness.FAST.staleOverride().toMillis());
            h.stopIngest();
            assertThat(h.venue.server().connections()).as("one link, never replaced").hasSize(1);
            assertThat(h.gaps()).isEmpty();
            switch (venue) {
                case "bybit-linear", "bybit-inverse", "okx", "bitmex" -> assertThat(c.pings).isGreaterThanOrEqualTo(4);
                case "deribit" -> assertThat(c.heartbeatReplies).isGreaterThanOrEqualTo(4);
                default -> assertThat(c.pings).isZero(); // Binance: the server pings, the client sends no app pings
            }
        }
    }
}
