package dev.cascade.core.venue;

import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.Trade;
import dev.cascade.core.normalize.Pipeline;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hostile-input contract on every parsing path: only counted rejections, with their reasons. */
class HostileInputTest {
    private static final long T = 1_760_130_000_000L;
    private static final String FORCE_ORDER = "{\"e\":\"forceOrder\",\"E\":" + T + ",\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"o\":\"LIMIT\",\"f\":\"IOC\","
            + "\"q\":\"%s\",\"p\":\"%s\",\"ap\":\"%s\",\"X\":\"FILLED\",\"l\":\"%s\",\"z\":\"%s\",\"T\":%s}}";

    private static String forceOrder(String z, String ap, String t) {
        return String.format(FORCE_ORDER, z, ap, ap, z, z, t);
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    @Test
    void aFrameNested8000DeepIsACountedRejectionOnEveryFeedAndPath() {
        for (String source : Venues.sources()) {
            Run r = new Run(source).send(nested(8_000), "{\"a\":" + nested(8_000) + "}",
                    // Binance's fast path: the template fails, the field walk skips the deep value, the general parser rejects.
                    "{\"e\":\"forceOrder\",\"x\":" + nested(8_000) + ",\"o\":{}}");
            assertThat(r.events).as(source).isEmpty();
            assertThat(r.rejects).as(source).hasSize(3);
            assertThat(r.pipeline.counts().get(source).malformed()).isEqualTo(3);
        }
    }

    @Test
    void negativeOrZeroSizesAndPricesAreRejectedOnEveryBinancePath() {
        Run r = new Run("binance-usdm").send(
                forceOrder("-2", "50000", Long.toString(T)), // template
                forceOrder("2", "-50000", Long.toString(T)),
                forceOrder("0", "50000", Long.toString(T)),
                // the combined-stream wrapper takes the general path: the frame of the issue
                "{\"stream\":\"!forceOrder@arr\",\"data\":" + forceOrder("-2", "-50000", Long.toString(T)) + "}",
                // another field order: the field walk
                "{\"o\":{\"T\":" + T + ",\"z\":\"-1\",\"ap\":\"100\",\"S\":\"BUY\",\"s\":\"BTCUSDT\"},\"e\":\"forceOrder\"}");
        assertThat(r.events).isEmpty();
        assertThat(r.rejects).hasSize(5).allSatisfy(reason -> assertThat(reason).containsAnyOf("not positive", "bad number"));
    }

    @Test
    void absurdTimesNumbersAndSymbolsAreRejected() {
        Run r = new Run("binance-usdm").send(
                forceOrder("1", "50000", "10413792000000"), // the year 2300
                forceOrder("1", "50000", "1000"), // 1970
                forceOrder("1", "50000", "\"soon\""), // not a number
                forceOrder("1", "2000000000", Long.toString(T)), // $2 billion a coin
                forceOrder("1", "50000", Long.toString(T)).replace("BTCUSDT", "BTC\uFFFDUSDT"), // invalid UTF-8, decoded
                forceOrder("99999999999999999999", "50000", Long.toString(T))); // beyond a long
        assertThat(r.events).isEmpty();
        assertThat(r.rejects).hasSize(6);
        Pipeline.FeedCounts c = r.pipeline.counts().get("binance-usdm");
        assertThat(c.reasons()).containsKeys("exchange time more than a day after receive time", "exchange time before 2009",
                "liquidation price absurdly large", "symbol is not plain ASCII");
        assertThat(c.reasons().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(6);
    }

    @Test
    void everyElementOfAFrameStandsAloneInAnyOrder() {
        String good = "{\"bkLoss\":\"0\",\"bkPx\":\"57102.9\",\"ccy\":\"\",\"posSide\":\"long\",\"side\":\"sell\",\"sz\":\"1\",\"ts\":\"" + T + "\"}";
        String bad = "{\"bkLoss\":\"0\",\"bkPx\":\"-1\",\"ccy\":\"\",\"posSide\":\"long\",\"side\":\"sell\",\"sz\":\"1\",\"ts\":\"" + (T + 1) + "\"}";
        String broken = "{\"bkPx\":\"57102.9\",\"side\":\"sideways\",\"sz\":\"1\",\"ts\":\"" + T + "\"}";
        for (List<String> order : List.of(List.of(good, bad, broken), List.of(bad, broken, good), List.of(broken, good, bad))) {
            Run r = new Run("okx").send("{\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"},\"data\":[{\"details\":["
                    + String.join(",", order) + "],\"instId\":\"BTC-USDT-SWAP\",\"instType\":\"SWAP\"}]}");
            assertThat(r.liquidations()).as(order.toString()).singleElement().extracting(Liquidation::notionalUsd).isEqualTo(571_029_000L); // 1 contract x 0.01 BTC x 57,102.9
            assertThat(r.rejects).as(order.toString()).hasSize(2);
        }
        Run bybit = new Run("bybit-linear").send("{\"topic\":\"allLiquidation.BTCUSDT\",\"ts\":" + T + ",\"data\":["
                + "{\"T\":" + T + ",\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"x\",\"p\":\"1\"},"
                + "{\"T\":" + T + ",\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"1\",\"p\":\"50000\"},"
                + "\"not an object\","
                + "{\"T\":" + T + ",\"s\":\"ETHUSDT\",\"S\":\"Sell\",\"v\":\"2\",\"p\":\"4000\"}]}");
        assertThat(bybit.liquidations()).extracting(Liquidation::notionalUsd).containsExactly(50_000_000_000L, 8_000_000_000L);
        assertThat(bybit.rejects).hasSize(2);
        assertThat(bybit.pipeline.counts().get("bybit-linear").malformed()).isEqualTo(2);
    }

    @Test
    void insuranceFundAndAdlFillsAreKeptApartFromMarketTrades() {
        String trade = "{\"e\":\"trade\",\"E\":" + T + ",\"T\":" + T + ",\"s\":\"BTCUSDT\",\"t\":%d,\"p\":\"50000\",\"q\":\"0.1\",\"X\":\"%s\",\"m\":true}";
        Run r = new Run("binance-usdm").send(String.format(trade, 1, "MARKET"), String.format(trade, 2, "INSURANCE_FUND"),
                String.format(trade, 3, "ADL"));
        List<Trade> trades = r.events.stream().map(Trade.class::cast).toList();
        assertThat(trades).extracting(Trade::liquidation).containsExactly(false, true, true);
        assertThat(trades).extracting(Trade::tradeId).containsExactly("1", "INSURANCE_FUND:2", "ADL:3");
    }

    @Test
    void okxFundingNeedsNoContractSize() {
        Run r = new Run("okx").send("{\"arg\":{\"channel\":\"funding-rate\",\"instId\":\"PEPE-USDT-SWAP\"},\"data\":[{\"fundingRate\":\"0.0001\","
                + "\"fundingTime\":\"" + (T + 3_600_000) + "\",\"instId\":\"PEPE-USDT-SWAP\",\"instType\":\"SWAP\",\"nextFundingTime\":\"" + (T + 4 * 3_600_000)
                + "\",\"ts\":\"" + T + "\"}]}");
        assertThat(r.rejects).isEmpty();
        assertThat(r.events).singleElement().satisfies(e -> {
            assertThat(((dev.cascade.core.model.FundingRate) e).intervalHours()).isEqualTo(3);
            assertThat(((dev.cascade.core.model.FundingRate) e).symbol()).isEqualTo("PEPE-USDT-PERP");
        });
    }
}
