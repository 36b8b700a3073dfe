package dev.cascade.core.venue;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.venue.binance.BinanceCoinmConnector;
import dev.cascade.core.venue.binance.BinanceSpotConnector;
import dev.cascade.core.venue.binance.BinanceUsdmConnector;
import dev.cascade.core.venue.bybit.BybitConnector;
import dev.cascade.core.venue.okx.OkxConnector;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hot venues' connections as data, each value the venue's documented protocol (the app's fake-venue tests run
 * them over sockets; these pin the values themselves): URLs and combined streams, subscribe messages and their
 * batching, pings, rotation before a venue's 24-hour cut, the steady streams watched for silence, refusals.
 */
class ConnectionsTest {
    private static final URI BASE = URI.create("ws://127.0.0.1:9");

    @Test
    void binanceFuturesPutEveryStreamInTheUrlAndRotateBeforeTheDailyCut() {
        BinanceUsdmConnector usdm = new BinanceUsdmConnector(BASE, List.of("btc", "ETH"));
        assertThat(usdm.source()).isEqualTo("binance-usdm");
        assertThat(usdm.symbols()).containsExactly("BTCUSDT", "ETHUSDT");
        assertThat(usdm.uri()).hasToString("ws://127.0.0.1:9/market/stream?streams=!forceOrder@arr"
                + "/btcusdt@markPrice@1s/btcusdt@aggTrade/ethusdt@markPrice@1s/ethusdt@aggTrade");
        assertThat(usdm.subscribeMessages()).isEmpty();
        assertThat(usdm.pingMessage()).as("Binance pings; the client only answers").isNull();
        assertThat(usdm.pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(usdm.staleAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(usdm.maxConnectionAge()).isLessThan(Duration.ofHours(24)).isGreaterThan(Duration.ofHours(23));
        assertThat(usdm.watchedStreams()).extracting(ExchangeConnector.Watched::name)
                .containsExactly("btcusdt@markPrice@1s", "ethusdt@markPrice@1s");
        assertThat(usdm.watchedStreams().get(0).marker()).isEqualTo("\"stream\":\"btcusdt@markPrice@1s\"");
        assertThat(usdm.watchedStreams().get(0).silentAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(usdm.completeness()).isEqualTo(Completeness.SAMPLED_1S_PER_SYMBOL);

        BinanceCoinmConnector coinm = new BinanceCoinmConnector(BASE, List.of("BTC"));
        assertThat(coinm.source()).isEqualTo("binance-coinm");
        assertThat(coinm.uri()).hasToString("ws://127.0.0.1:9/stream?streams=!forceOrder@arr/btcusd_perp@markPrice@1s/btcusd_perp@aggTrade");
        assertThat(BinanceCoinmConnector.DEFAULT_BASE).hasToString("wss://dstream.binance.com");
        assertThat(BinanceUsdmConnector.DEFAULT_BASE).hasToString("wss://fstream.binance.com");
    }

    @Test
    void binanceSpotTakesAggTradesOfTheUsdtPairs() {
        BinanceSpotConnector spot = new BinanceSpotConnector(BASE, List.of("btc", "sol"));
        assertThat(spot.source()).isEqualTo("binance-spot");
        assertThat(spot.symbols()).containsExactly("BTCUSDT", "SOLUSDT");
        assertThat(spot.uri()).hasToString("ws://127.0.0.1:9/stream?streams=btcusdt@aggTrade/solusdt@aggTrade");
        assertThat(spot.subscribeMessages()).isEmpty();
        assertThat(spot.pingMessage()).isNull();
        assertThat(spot.pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spot.staleAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(spot.maxConnectionAge()).isLessThan(Duration.ofHours(24)).isGreaterThan(Duration.ofHours(23));
        assertThat(spot.watchedStreams()).extracting(ExchangeConnector.Watched::name).containsExactly("btcusdt@aggTrade", "solusdt@aggTrade");
        assertThat(spot.watchedStreams().get(1).marker()).isEqualTo("\"stream\":\"solusdt@aggTrade\"");
        assertThat(spot.watchedStreams().get(1).silentAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(spot.completeness()).isEqualTo(Completeness.COMPLETE);
    }

    @Test
    void bybitSubscribesInBatchesOfTenAndPingsEvery20Seconds() throws Exception {
        List<String> coins = List.of("BTC", "ETH", "SOL", "XRP", "DOGE", "ADA");
        BybitConnector linear = new BybitConnector(BASE, MarketType.LINEAR, coins);
        assertThat(linear.source()).isEqualTo("bybit-linear");
        assertThat(linear.uri()).hasToString("ws://127.0.0.1:9/v5/public/linear");
        List<String> args = new ArrayList<>();
        for (String m : linear.subscribeMessages()) {
            Map<String, Object> sub = Json.obj(Json.parse(m), "subscribe");
            assertThat(sub.get("op")).isEqualTo("subscribe");
            List<Object> batch = Json.arr(sub.get("args"), "args");
            assertThat(batch).hasSizeBetween(1, 10);
            batch.forEach(a -> args.add((String) a));
        }
        assertThat(linear.subscribeMessages()).hasSize(2); // 18 topics
        assertThat(args).hasSize(18).contains("allLiquidation.BTCUSDT", "tickers.ADAUSDT", "publicTrade.DOGEUSDT");
        assertThat(linear.pingMessage()).contains("\"op\":\"ping\"");
        assertThat(linear.pingInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(linear.staleAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(linear.watchedStreams()).hasSize(6).first().satisfies(w -> {
            assertThat(w.name()).isEqualTo("tickers.BTCUSDT");
            assertThat(w.marker()).isEqualTo("\"topic\":\"tickers.BTCUSDT\"");
            assertThat(w.silentAfter()).isEqualTo(Duration.ofSeconds(60));
        });
        assertThat(linear.completeness()).isEqualTo(Completeness.COMPLETE);

        BybitConnector inverse = new BybitConnector(BASE, MarketType.INVERSE, List.of("btc"));
        assertThat(inverse.source()).isEqualTo("bybit-inverse");
        assertThat(inverse.uri()).hasToString("ws://127.0.0.1:9/v5/public/inverse");
        assertThat(inverse.symbols()).containsExactly("BTCUSD");
        assertThat(inverse.subscribeMessages()).containsExactly(
                "{\"op\":\"subscribe\",\"args\":[\"allLiquidation.BTCUSD\",\"tickers.BTCUSD\",\"publicTrade.BTCUSD\"]}");

        BybitConnector spot = new BybitConnector(BASE, MarketType.SPOT, List.of("BTC"));
        assertThat(spot.source()).isEqualTo("bybit-spot");
        assertThat(spot.uri()).hasToString("ws://127.0.0.1:9/v5/public/spot");
        assertThat(spot.subscribeMessages()).containsExactly("{\"op\":\"subscribe\",\"args\":[\"publicTrade.BTCUSDT\"]}");
        assertThat(spot.watchedStreams()).as("spot subscribes no ticker").isEmpty();
        assertThatThrownBy(() -> new BybitConnector(BASE, MarketType.QUANTO, List.of("BTC"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bybitAndOkxRefusalsAreToldApartFromData() {
        BybitConnector bybit = new BybitConnector(BASE, MarketType.LINEAR, List.of("BTC"));
        assertThat(bybit.refusal("{\"success\":false,\"ret_msg\":\"error:handler not found,topic:tickers.NOPEUSDT\",\"op\":\"subscribe\"}"))
                .isEqualTo("subscribe error:handler not found,topic:tickers.NOPEUSDT");
        assertThat(bybit.refusal("{\"success\":true,\"ret_msg\":\"\",\"op\":\"subscribe\"}")).isNull();
        OkxConnector okx = new OkxConnector(BASE, List.of("BTC"));
        assertThat(okx.refusal("{\"event\":\"error\",\"code\":\"60018\",\"msg\":\"Wrong URL or channel:trades,instId:NOPE-USDT-SWAP doesn't exist.\"}"))
                .isEqualTo("60018 Wrong URL or channel:trades,instId:NOPE-USDT-SWAP doesn't exist.");
        assertThat(okx.refusal("{\"event\":\"subscribe\",\"arg\":{\"channel\":\"trades\"}}")).isNull();
    }

    @Test
    void okxSubscribesTheLiquidationChannelOnceAndEachSwapsChannels() throws Exception {
        OkxConnector okx = new OkxConnector(BASE, List.of("btc", "ETH"));
        assertThat(okx.source()).isEqualTo("okx");
        assertThat(okx.uri()).hasToString("ws://127.0.0.1:9/ws/v5/public");
        assertThat(okx.instIds()).containsExactly("BTC-USDT-SWAP", "BTC-USD-SWAP", "ETH-USDT-SWAP", "ETH-USD-SWAP");
        assertThat(okx.subscribeMessages()).hasSize(1);
        Map<String, Object> sub = Json.obj(Json.parse(okx.subscribeMessages().get(0)), "subscribe");
        assertThat(sub.get("op")).isEqualTo("subscribe");
        List<Object> args = Json.arr(sub.get("args"), "args");
        assertThat(args).hasSize(1 + 4 * 3);
        assertThat(args.get(0)).isEqualTo(Map.of("channel", "liquidation-orders", "instType", "SWAP"));
        assertThat(args).contains(Map.of("channel", "open-interest", "instId", "ETH-USD-SWAP"),
                Map.of("channel", "funding-rate", "instId", "BTC-USDT-SWAP"), Map.of("channel", "trades", "instId", "BTC-USD-SWAP"));
        assertThat(okx.pingMessage()).isEqualTo("ping");
        assertThat(okx.pingInterval()).as("OKX cuts a link idle for 30 s").isLessThan(Duration.ofSeconds(30));
        assertThat(okx.staleAfter()).isEqualTo(Duration.ofSeconds(45));
        assertThat(okx.completeness()).isEqualTo(Completeness.PARTIAL);
    }

    /** One row of each loaded instrument list, as the venue documents it (OKX ctVal, Binance COIN-M contractSize). */
    @Test
    void instrumentRowsOfTheLoadedLists() throws MalformedFrameException {
        InstrumentCatalog okx = dev.cascade.core.venue.okx.OkxVenue.VENUE.catalog();
        var linear = okx.rows().read(Json.obj(Json.parse("{\"instId\":\"BTC-USDT-SWAP\",\"ctType\":\"linear\",\"ctVal\":\"0.01\"}"), "row"));
        assertThat(linear.market()).isEqualTo(MarketType.LINEAR);
        assertThat(linear.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(linear.contractValue()).isEqualTo(1_000_000L);
        var inverse = okx.rows().read(Json.obj(Json.parse("{\"instId\":\"BTC-USD-SWAP\",\"ctType\":\"inverse\",\"ctVal\":\"100\"}"), "row"));
        assertThat(inverse.market()).isEqualTo(MarketType.INVERSE);
        assertThat(inverse.quote()).isEqualTo("USD");
        assertThat(inverse.contractValue()).isEqualTo(100L * 100_000_000L);
        for (String notASwap : new String[] {"BTC-USDT-250926", "BTC-USDT", "BTC-USDT-SWAP-X"}) {
            assertThat(okx.rows().read(Json.obj(Json.parse("{\"instId\":\"" + notASwap + "\",\"ctVal\":\"1\"}"), "row")))
                    .as(notASwap).isNull();
        }
        assertThat(okx.loaded(2)).isEqualTo("2 swap instruments loaded (ctVal)");

        InstrumentCatalog coinm = dev.cascade.core.venue.binance.BinanceVenue.COINM.catalog();
        var perp = coinm.rows().read(Json.obj(Json.parse("{\"symbol\":\"ETHUSD_PERP\",\"baseAsset\":\"ETH\",\"contractSize\":10}"), "row"));
        assertThat(perp.symbol()).isEqualTo("ETH-USD-PERP");
        assertThat(perp.market()).isEqualTo(MarketType.INVERSE);
        assertThat(perp.contractValue()).isEqualTo(10L * 100_000_000L);
        var dated = coinm.rows().read(Json.obj(Json.parse("{\"symbol\":\"BTCUSD_251226\",\"baseAsset\":\"BTC\",\"contractSize\":100}"), "row"));
        assertThat(dated.symbol()).isEqualTo("BTC-USD-251226");

        assertThat(dev.cascade.core.venue.okx.OkxVenue.swaps("SOL")).containsExactly("SOL-USDT-SWAP", "SOL-USD-SWAP");
        assertThat(dev.cascade.core.venue.binance.BinanceVenue.spotSymbol("BTC")).isEqualTo("BTCUSDT");
    }
}
