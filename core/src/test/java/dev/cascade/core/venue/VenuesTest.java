package dev.cascade.core.venue;

import dev.cascade.core.normalize.Instruments;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VenuesTest {
    private static final URI BASE = URI.create("ws://127.0.0.1:1");

    @Test
    void everyFeedsNormalizerAndConnectionCarryItsId() {
        for (Venue v : Venues.ALL) {
            for (Feed f : v.feeds()) {
                assertThat(Venues.normalizer(f.source(), Instruments.withDefaults()).source()).isEqualTo(f.source());
                assertThat(Venues.venueOf(f)).isSameAs(v);
                if (v.selection() == Venue.Selection.REPLAY_ONLY) {
                    assertThat(f.connector()).as(f.source()).isNull();
                } else {
                    assertThat(f.connector().apply(BASE, List.of("BTC")).source()).isEqualTo(f.source());
                    assertThat(v.wsBase()).isNotNull();
                }
            }
        }
    }

    @Test
    void namesSelectVenuesAliasesAndSingleFeeds() {
        assertThat(sources("all")).containsExactly("binance-usdm", "binance-coinm", "binance-spot", "bybit-linear", "bybit-inverse",
                "bybit-spot", "okx", "bitmex", "deribit");
        assertThat(sources("binance")).containsExactly("binance-usdm", "binance-coinm", "binance-spot");
        assertThat(sources("bybit")).containsExactly("bybit-linear", "bybit-inverse", "bybit-spot");
        assertThat(sources("bybit-inverse")).containsExactly("bybit-inverse");
        assertThat(sources("gate")).containsExactly("gate-usdt");
        assertThat(Venues.select(List.of("okx", "OKX ", "all")).stream().map(Feed::source)).containsOnlyOnce("okx");
        assertThatThrownBy(() -> sources("coinglass")).hasMessageContaining("unknown exchange 'coinglass'")
                .hasMessageContaining("bitget");
        assertThatThrownBy(() -> Venues.select(List.of(" "))).hasMessage("no exchange given");
        assertThatThrownBy(() -> Venues.normalizer("nope", new Instruments())).hasMessageContaining("unknown source 'nope'");
    }

    @Test
    void restPollsAskForEachCoinsPerpetual() {
        Feed usdm = Venues.feed("binance-usdm");
        assertThat(usdm.polls().get(0).kind()).isEqualTo(RestPoll.Kind.OPEN_INTEREST);
        assertThat(usdm.polls().get(0).queries(List.of("btc", "ETH"))).containsExactly("symbol=BTCUSDT", "symbol=ETHUSDT");
        assertThat(usdm.polls().get(1).queries(List.of("BTC"))).containsExactly("symbol=BTCUSDT&period=5m&limit=3");
        assertThat(Venues.feed("binance-coinm").polls()).singleElement().satisfies(p ->
                assertThat(p.queries(List.of("BTC"))).containsExactly("symbol=BTCUSD_PERP"));
        assertThat(Venues.feed("bybit-linear").polls()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("/v5/market/account-ratio");
            assertThat(p.queries(List.of("SOL"))).containsExactly("category=linear&symbol=SOLUSDT&period=5min&limit=3");
        });
        assertThat(Venues.feed("okx").polls()).singleElement().satisfies(p -> {
            assertThat(p.wrapped()).isTrue();
            assertThat(p.queries(List.of("ETH"))).containsExactly("instId=ETH-USDT-SWAP&period=5m&limit=3");
        });
        assertThat(Venues.feed("bybit-inverse").polls()).isEmpty();
        assertThat(Venues.feed("binance-spot").polls()).isEmpty();
    }

    private static List<String> sources(String name) {
        return Venues.select(List.of(name)).stream().map(Feed::source).toList();
    }
}
