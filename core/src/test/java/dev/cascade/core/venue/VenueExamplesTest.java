package dev.cascade.core.venue;

import dev.cascade.core.model.InstrumentKind;
import dev.cascade.core.venue.deribit.DeribitVenue;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One hand-checked example per instrument kind per venue, liquidation and open interest: the table in docs/venues.md.
 * Every expected figure is worked out by hand in the comment beside it (USD e6, coin e8).
 */
class VenueExamplesTest {
    private static final long T = 1_760_130_000_000L; // exchange time of the examples (2025-10-10T21:00Z)

    // ---- Binance ----

    @Test
    void binanceUsdmLinearPerpetual() {
        Liquidation l = new Run("binance-usdm").send("{\"e\":\"forceOrder\",\"E\":" + T + ",\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"o\":\"LIMIT\","
                + "\"f\":\"IOC\",\"q\":\"0.014\",\"p\":\"9910\",\"ap\":\"9910\",\"X\":\"FILLED\",\"l\":\"0.014\",\"z\":\"0.014\",\"T\":" + T + "}}").onlyLiquidation();
        assertThat(l.side()).isEqualTo(PositionSide.LONG); // SELL order closes a long
        assertThat(l.notionalUsd()).isEqualTo(138_740_000L); // 0.014 BTC x 9,910 = $138.74
        assertThat(l.symbol()).isEqualTo("BTC-USDT-PERP");
        OpenInterest oi = new Run("binance-usdm").send("{\"openInterest\":\"10659.509\",\"symbol\":\"BTCUSDT\",\"time\":" + T + "}").lastOpenInterest();
        assertThat(oi.oiBase()).isEqualTo(1_065_950_900_000L); // 10,659.509 BTC (USD-M OI is in coin)
    }

    @Test
    void binanceCoinmInversePerpetual() {
        Liquidation l = new Run("binance-coinm").send("{\"e\":\"forceOrder\",\"E\":" + T + ",\"o\":{\"s\":\"BTCUSD_PERP\",\"ps\":\"BTCUSD\",\"S\":\"BUY\","
                + "\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"3\",\"p\":\"100000\",\"ap\":\"100000\",\"X\":\"FILLED\",\"l\":\"3\",\"z\":\"3\",\"T\":" + T + "}}").onlyLiquidation();
        assertThat(l.side()).isEqualTo(PositionSide.SHORT);
        assertThat(l.notionalUsd()).isEqualTo(300_000_000L); // 3 contracts x $100 = $300
        assertThat(l.quantity()).isEqualTo(300_000L); // $300 / 100,000 = 0.003 BTC
        Run oi = new Run("binance-coinm").send(
                "{\"e\":\"markPriceUpdate\",\"E\":" + T + ",\"s\":\"BTCUSD_PERP\",\"p\":\"100000\",\"i\":\"100000\",\"r\":\"0.0001\",\"T\":" + (T + 3_600_000) + "}",
                "{\"symbol\":\"BTCUSD_PERP\",\"pair\":\"BTCUSD\",\"openInterest\":\"15004\",\"contractType\":\"PERPETUAL\",\"time\":" + T + "}");
        assertThat(oi.lastOpenInterest().oiUsd()).isEqualTo(1_500_400_000_000L); // 15,004 x $100 = $1,500,400
        assertThat(oi.lastOpenInterest().oiBase()).isEqualTo(1_500_400_000L); // at the 100,000 mark: 15.004 BTC
    }

    @Test
    void binanceDeliveryContractHasNoFunding() {
        Run r = new Run("binance-usdm").send("{\"e\":\"markPriceUpdate\",\"E\":" + T + ",\"s\":\"BTCUSDT_251226\",\"p\":\"101000\",\"i\":\"100000\",\"r\":\"0.0001\",\"T\":0}");
        assertThat(r.events).singleElement().satisfies(e -> assertThat(e.getClass().getSimpleName()).isEqualTo("MarkPrice"));
        assertThat(r.rejects).isEmpty();
    }

    // ---- Bybit ----

    @Test
    void bybitLinearPerpetualAndDatedFuture() {
        Liquidation perp = new Run("bybit-linear").send("{\"topic\":\"allLiquidation.BTCUSDT\",\"type\":\"snapshot\",\"ts\":" + T
                + ",\"data\":[{\"T\":" + T + ",\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"0.003\",\"p\":\"43511.70\"}]}").onlyLiquidation();
        assertThat(perp.side()).isEqualTo(PositionSide.LONG); // Bybit's S is the position side
        assertThat(perp.notionalUsd()).isEqualTo(130_535_100L); // 0.003 x 43,511.70 = $130.5351
        Liquidation dated = new Run("bybit-linear").send("{\"topic\":\"allLiquidation.BTCUSDT-26DEC25\",\"type\":\"snapshot\",\"ts\":" + T
                + ",\"data\":[{\"T\":" + T + ",\"s\":\"BTCUSDT-26DEC25\",\"S\":\"Sell\",\"v\":\"0.5\",\"p\":\"100000\"}]}").onlyLiquidation();
        assertThat(dated.symbol()).isEqualTo("BTC-USDT-26DEC25"); // base BTC, so --symbol BTC finds it
        assertThat(dated.notionalUsd()).isEqualTo(50_000_000_000L); // 0.5 x 100,000 = $50,000
    }

    @Test
    void bybitInversePerpetualAndDatedFuture() {
        Liquidation perp = new Run("bybit-inverse").send("{\"topic\":\"allLiquidation.BTCUSD\",\"ts\":" + T
                + ",\"data\":[{\"T\":" + T + ",\"s\":\"BTCUSD\",\"S\":\"Sell\",\"v\":\"1000\",\"p\":\"50000\"}]}").onlyLiquidation();
        assertThat(perp.notionalUsd()).isEqualTo(1_000_000_000L); // 1,000 USD contracts = $1,000
        assertThat(perp.quantity()).isEqualTo(2_000_000L); // $1,000 / 50,000 = 0.02 BTC
        Liquidation dated = new Run("bybit-inverse").send("{\"topic\":\"allLiquidation.BTCUSDU23\",\"ts\":" + T
                + ",\"data\":[{\"T\":" + T + ",\"s\":\"BTCUSDU23\",\"S\":\"Buy\",\"v\":\"2000\",\"p\":\"25000\"}]}").onlyLiquidation();
        assertThat(dated.symbol()).isEqualTo("BTC-USD-SEP23"); // month code U = September, 23 = 2023
        assertThat(dated.quantity()).isEqualTo(8_000_000L); // $2,000 / 25,000 = 0.08 BTC
    }

    // ---- OKX ----

    @Test
    void okxLinearAndInverseSwaps() {
        Liquidation linear = new Run("okx").send("{\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"},\"data\":[{\"details\":[{\"bkLoss\":\"0\","
                + "\"bkPx\":\"57102.9\",\"ccy\":\"\",\"posSide\":\"long\",\"side\":\"sell\",\"sz\":\"10000\",\"ts\":\"" + T + "\"}],\"instFamily\":\"BTC-USDT\","
                + "\"instId\":\"BTC-USDT-SWAP\",\"instType\":\"SWAP\",\"uly\":\"BTC-USDT\"}]}").onlyLiquidation();
        assertThat(linear.quantity()).isEqualTo(10_000_000_000L); // 10,000 contracts x 0.01 BTC = 100 BTC
        assertThat(linear.notionalUsd()).isEqualTo(5_710_290_000_000L); // 100 x 57,102.9 = $5,710,290
        Liquidation inverse = new Run("okx").send("{\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"},\"data\":[{\"details\":[{\"bkLoss\":\"0\","
                + "\"bkPx\":\"50000\",\"ccy\":\"\",\"posSide\":\"short\",\"side\":\"buy\",\"sz\":\"5\",\"ts\":\"" + T + "\"}],\"instId\":\"BTC-USD-SWAP\",\"instType\":\"SWAP\"}]}")
                .onlyLiquidation();
        assertThat(inverse.notionalUsd()).isEqualTo(500_000_000L); // 5 contracts x $100 = $500
        assertThat(inverse.quantity()).isEqualTo(1_000_000L); // 0.01 BTC
        OpenInterest oi = new Run("okx").send("{\"arg\":{\"channel\":\"open-interest\",\"instId\":\"BTC-USDT-SWAP\"},\"data\":[{\"instId\":\"BTC-USDT-SWAP\","
                + "\"instType\":\"SWAP\",\"oi\":\"2216113.01\",\"oiCcy\":\"22161.1301\",\"oiUsd\":\"1939251795.547692\",\"ts\":\"" + T + "\"}]}").lastOpenInterest();
        assertThat(oi.oiBase()).isEqualTo(2_216_113_010_000L); // 22,161.1301 BTC as sent
        assertThat(oi.oiUsd()).isEqualTo(1_939_251_795_547_692L);
    }

    // ---- BitMEX ----

    @Test
    void bitmexInverseAndQuanto() {
        Liquidation xbt = new Run("bitmex").send("{\"table\":\"liquidation\",\"action\":\"insert\",\"data\":[{\"orderID\":\"98ae1dad-6a3b-51c4-14bd-e076919e9e30\","
                + "\"symbol\":\"XBTUSD\",\"side\":\"Buy\",\"price\":13854.5,\"leavesQty\":314930}]}").onlyLiquidation();
        assertThat(xbt.side()).isEqualTo(PositionSide.SHORT);
        assertThat(xbt.notionalUsd()).isEqualTo(314_930_000_000L); // 314,930 contracts x $1
        String xbtMark = "{\"table\":\"instrument\",\"action\":\"update\",\"data\":[{\"symbol\":\"XBTUSD\",\"markPrice\":113330,\"timestamp\":\"2025-10-10T21:00:00.000Z\"}]}";
        Run eth = new Run("bitmex").send(xbtMark, "{\"table\":\"liquidation\",\"action\":\"insert\",\"data\":[{\"orderID\":\"e1\",\"symbol\":\"ETHUSD\","
                + "\"side\":\"Sell\",\"price\":2500,\"leavesQty\":40}]}");
        Liquidation quanto = eth.onlyLiquidation();
        assertThat(quanto.market()).isEqualTo(MarketType.QUANTO);
        assertThat(quanto.notionalUsd()).isEqualTo(11_333_000_000L); // 40 x 0.000001 XBT x 2,500 x $113,330 = $11,333
        assertThat(quanto.quantity()).isEqualTo(453_320_000L); // $11,333 / 2,500 = 4.5332 ETH
        OpenInterest ethOi = new Run("bitmex").send(xbtMark, "{\"table\":\"instrument\",\"action\":\"update\",\"data\":[{\"symbol\":\"ETHUSD\",\"markPrice\":2500,"
                + "\"openInterest\":1000000,\"timestamp\":\"2025-10-10T21:00:00.000Z\"}]}").lastOpenInterest();
        assertThat(ethOi.oiUsd()).isEqualTo(283_325_000_000_000L); // 1,000,000 x 0.000001 x 2,500 x 113,330 = $283,325,000
        OpenInterest xbtOi = new Run("bitmex").send("{\"table\":\"instrument\",\"action\":\"update\",\"data\":[{\"symbol\":\"XBTUSD\",\"markPrice\":100000,"
                + "\"openInterest\":300000000,\"timestamp\":\"2025-10-10T21:00:00.000Z\"}]}").lastOpenInterest();
        assertThat(xbtOi.oiUsd()).isEqualTo(300_000_000_000_000L); // $300,000,000
        assertThat(xbtOi.oiBase()).isEqualTo(300_000_000_000L); // / 100,000 = 3,000 BTC
    }

    @Test
    void aQuantoBeforeAnyXbtPriceIsACountedRejection() {
        Run r = new Run("bitmex").send("{\"table\":\"liquidation\",\"action\":\"insert\",\"data\":[{\"orderID\":\"e1\",\"symbol\":\"ETHUSD\","
                + "\"side\":\"Sell\",\"price\":2500,\"leavesQty\":40}]}");
        assertThat(r.events).isEmpty();
        assertThat(r.rejects).singleElement().asString().contains("needs the XBT price");
    }

    // ---- Deribit ----

    @Test
    void deribitInverseAndLinearPerpetualsOptionsAndCombos() throws Exception {
        String trade = "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"trades.future.BTC.100ms\",\"data\":[{\"trade_id\":\"%s\","
                + "\"instrument_name\":\"%s\",\"price\":%s,\"amount\":%s,\"direction\":\"sell\",\"timestamp\":" + T + ",\"liquidation\":\"T\"}]}}";
        Liquidation inverse = new Run("deribit").send(String.format(trade, "1", "BTC-PERPETUAL", "50000", "10")).onlyLiquidation();
        assertThat(inverse.notionalUsd()).isEqualTo(10_000_000L); // amount is USD for inverse: $10
        assertThat(inverse.side()).isEqualTo(PositionSide.LONG); // T: the taker sold, so a long was closed
        Liquidation linear = new Run("deribit").send(String.format(trade, "2", "BTC_USDC-PERPETUAL", "60000", "0.5")).onlyLiquidation();
        assertThat(linear.notionalUsd()).isEqualTo(30_000_000_000L); // 0.5 BTC x 60,000 = $30,000
        Run option = new Run("deribit").send(String.format(trade, "3", "ETH-27DEC24-3000-C", "0.001972", "12685"),
                String.format(trade, "4", "BTC-FS-27DEC24_PERP", "150", "1000"));
        assertThat(option.events).isEmpty(); // an option or a combo is never stored as a future
        assertThat(option.rejects).isEmpty();
        assertThat(DeribitVenue.derive("ETH-27DEC24-3000-C").kind()).isEqualTo(InstrumentKind.OPTION);
        assertThat(DeribitVenue.derive("BTC-FS-27DEC24_PERP").kind()).isEqualTo(InstrumentKind.COMBO);
        OpenInterest oi = new Run("deribit").send("{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"ticker.BTC-PERPETUAL.100ms\","
                + "\"data\":{\"instrument_name\":\"BTC-PERPETUAL\",\"timestamp\":" + T + ",\"mark_price\":50000,\"index_price\":50000,"
                + "\"open_interest\":500000000,\"funding_8h\":0.0001}}}").lastOpenInterest();
        assertThat(oi.oiUsd()).isEqualTo(500_000_000_000_000L); // $500,000,000 (USD for inverse)
        assertThat(oi.oiBase()).isEqualTo(1_000_000_000_000L); // / 50,000 = 10,000 BTC
    }

    // ---- Gate ----

    @Test
    void gateLinearInBothLayouts() {
        // Current layout: "time" in ms per item, no time_ms. -124 contracts x 0.0001 BTC = 0.0124 BTC sold: a long.
        Liquidation l = new Run("gate-usdt").send("{\"channel\":\"futures.public_liquidates\",\"event\":\"update\",\"time\":" + T / 1000
                + ",\"result\":[{\"price\":215.1,\"size\":\"-124\",\"time\":" + T + ",\"contract\":\"BTC_USDT\"}]}").onlyLiquidation();
        assertThat(l.side()).isEqualTo(PositionSide.LONG);
        assertThat(l.quantity()).isEqualTo(1_240_000L);
        assertThat(l.notionalUsd()).isEqualTo(2_667_240L); // 0.0124 x 215.1 = $2.66724
        assertThat(l.priceKind()).isEqualTo(PriceKind.ORDER);
        Liquidation old = new Run("gate-usdt").send("{\"channel\":\"futures.public_liquidates\",\"event\":\"update\",\"time\":" + T / 1000
                + ",\"time_ms\":" + T + ",\"result\":[{\"price\":215.1,\"size\":\"-124\",\"time_ms\":" + T + ",\"contract\":\"BTC_USDT\"}]}").onlyLiquidation();
        assertThat(old.exchangeTs()).isEqualTo(T);
        OpenInterest oi = new Run("gate-usdt").send("{\"channel\":\"futures.tickers\",\"event\":\"update\",\"time\":" + T / 1000
                + ",\"result\":[{\"contract\":\"BTC_USDT\",\"mark_price\":\"100000\",\"total_size\":\"1000000\",\"funding_rate\":\"0.0001\"}]}").lastOpenInterest();
        assertThat(oi.oiBase()).isEqualTo(10_000_000_000L); // 1,000,000 contracts x 0.0001 = 100 BTC
        assertThat(oi.oiUsd()).isEqualTo(10_000_000_000_000L); // x 100,000 = $10,000,000
        assertThat(oi.exchangeTs()).isEqualTo(T); // the frame's seconds, in ms
    }
}
