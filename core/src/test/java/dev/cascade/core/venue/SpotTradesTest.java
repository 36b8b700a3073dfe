package dev.cascade.core.venue;

import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import dev.cascade.core.normalize.Instruments;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spot trades of Binance and Bybit in their real frame formats: market SPOT, USD notional from USDT/USDC prices, other
 * quotes rejected, futures data refused on a spot feed, and a spot pair never confused with the perpetual spelled the
 * same ("BTCUSDT" on both markets). Figures worked out by hand beside each assertion (USD e6, coin e8).
 */
class SpotTradesTest {
    private static final long T = 1_760_130_000_000L;

    private static String binanceAggTrade(String symbol, String p, String q, boolean buyerIsMaker) {
        return "{\"stream\":\"" + symbol.toLowerCase() + "@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":" + (T + 5) + ",\"s\":\"" + symbol
                + "\",\"a\":26129,\"p\":\"" + p + "\",\"q\":\"" + q + "\",\"f\":27781,\"l\":27783,\"T\":" + T + ",\"m\":" + buyerIsMaker
                + ",\"M\":true}}";
    }

    private static String bybitTrade(String symbol, String p, String v, String side) {
        return "{\"topic\":\"publicTrade." + symbol + "\",\"ts\":" + (T + 3) + ",\"type\":\"snapshot\",\"data\":[{\"i\":\"2290000000061666327\","
                + "\"T\":" + T + ",\"p\":\"" + p + "\",\"v\":\"" + v + "\",\"S\":\"" + side + "\",\"s\":\"" + symbol + "\",\"BT\":false,"
                + "\"RPI\":false,\"seq\":123456}]}";
    }

    private static Trade onlyTrade(Run r) {
        assertThat(r.rejects).isEmpty();
        assertThat(r.events).hasSize(1);
        return (Trade) r.events.get(0);
    }

    @Test
    void binanceSpotAggTradeIsASpotTradeInUsd() {
        Trade t = onlyTrade(new Run("binance-spot").send(binanceAggTrade("BTCUSDT", "65000.50", "0.2", true)));
        assertThat(t.market()).isEqualTo(MarketType.SPOT);
        assertThat(t.exchange()).isEqualTo(Exchange.BINANCE);
        assertThat(t.symbol()).isEqualTo("BTC-USDT");
        assertThat(t.takerSide()).isEqualTo(TakerSide.SELL); // buyer is the maker: the taker sold
        assertThat(t.quantity()).isEqualTo(20_000_000L); // 0.2 BTC
        assertThat(t.notionalUsd()).isEqualTo(13_000_100_000L); // 0.2 x 65,000.50 = $13,000.10
        assertThat(t.tradeId()).isEqualTo("26129");
        assertThat(t.exchangeTs()).isEqualTo(T);
    }

    @Test
    void bybitSpotPublicTradeIsASpotTradeInUsd() {
        Trade t = onlyTrade(new Run("bybit-spot").send(bybitTrade("ETHUSDC", "4000.25", "1.5", "Buy")));
        assertThat(t.market()).isEqualTo(MarketType.SPOT);
        assertThat(t.symbol()).isEqualTo("ETH-USDC");
        assertThat(t.takerSide()).isEqualTo(TakerSide.BUY);
        assertThat(t.notionalUsd()).isEqualTo(6_000_375_000L); // 1.5 x 4,000.25 = $6,000.375 (USDC taken as USD)
    }

    @Test
    void aPairNotQuotedInUsdIsRejectedNotConverted() {
        Run binance = new Run("binance-spot").send(binanceAggTrade("ETHBTC", "0.035", "10", false));
        assertThat(binance.events).isEmpty();
        assertThat(binance.rejects).hasSize(1);
        Run bybit = new Run("bybit-spot").send(bybitTrade("BTCEUR", "60000", "1", "Buy"));
        assertThat(bybit.events).isEmpty();
        assertThat(bybit.rejects).singleElement().asString().contains("cannot split");
    }

    @Test
    void futuresDataOnASpotFeedIsRejected() {
        Run binance = new Run("binance-spot").send("{\"e\":\"forceOrder\",\"E\":" + T + ",\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"o\":\"LIMIT\","
                        + "\"f\":\"IOC\",\"q\":\"0.014\",\"p\":\"9910\",\"ap\":\"9910\",\"X\":\"FILLED\",\"l\":\"0.014\",\"z\":\"0.014\",\"T\":" + T + "}}",
                "{\"e\":\"markPriceUpdate\",\"E\":" + T + ",\"s\":\"BTCUSDT\",\"p\":\"100000\",\"i\":\"100000\",\"r\":\"0.0001\",\"T\":" + T + "}");
        assertThat(binance.events).isEmpty();
        assertThat(binance.rejects).hasSize(2).allSatisfy(r -> assertThat(r).contains("futures data on the Binance spot feed"));
        Run bybit = new Run("bybit-spot").send("{\"topic\":\"allLiquidation.BTCUSDT\",\"type\":\"snapshot\",\"ts\":" + T
                + ",\"data\":[{\"T\":" + T + ",\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"0.003\",\"p\":\"43511.70\"}]}");
        assertThat(bybit.events).isEmpty();
        assertThat(bybit.rejects).singleElement().asString().contains("trades only");
    }

    @Test
    void spotAndPerpetualSpelledAlikeStayApartInOneCatalog() {
        Instruments shared = Instruments.withDefaults();
        Run spot = new Run("binance-spot", shared).send(binanceAggTrade("BTCUSDT", "100000", "1", false));
        Run perp = new Run("binance-usdm", shared).send("{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":" + T
                + ",\"a\":5933014,\"s\":\"BTCUSDT\",\"p\":\"100010\",\"q\":\"2\",\"f\":100,\"l\":105,\"T\":" + T + ",\"m\":false}}");
        assertThat(onlyTrade(spot).market()).isEqualTo(MarketType.SPOT);
        Trade p = onlyTrade(perp);
        assertThat(p.market()).isEqualTo(MarketType.LINEAR);
        assertThat(p.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(p.notionalUsd()).isEqualTo(200_020_000_000L); // 2 x 100,010 = $200,020
        Run bybitSpot = new Run("bybit-spot", shared).send(bybitTrade("BTCUSDT", "100000", "1", "Sell"));
        Run bybitPerp = new Run("bybit-linear", shared).send(bybitTrade("BTCUSDT", "100000", "1", "Sell"));
        assertThat(onlyTrade(bybitSpot).symbol()).isEqualTo("BTC-USDT");
        assertThat(onlyTrade(bybitPerp).symbol()).isEqualTo("BTC-USDT-PERP");
    }
}
