package dev.cascade.core.normalize;

import dev.cascade.core.venue.binance.BinanceNormalizer;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sample payloads from ../shared/reference/exchange-feeds.md §1.1, §1.2, §2.1; notionals checked by hand. */
class BinanceNormalizerTest {
    private final BinanceNormalizer usdm = new BinanceNormalizer(false, Instruments.withDefaults());
    private final BinanceNormalizer coinm = new BinanceNormalizer(true, Instruments.withDefaults());

    @Test
    void officialForceOrderSample() throws Exception {
        Liquidation l = Collect.onlyLiquidation(usdm, "{\"e\":\"forceOrder\",\"E\":1568014460893,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"0.014\",\"p\":\"9910\",\"ap\":\"9910\",\"X\":\"FILLED\",\"l\":\"0.014\",\"z\":\"0.014\",\"T\":1568014460893}}");
        // SELL order = a LONG was liquidated; 0.014 BTC x 9910 = $138.74
        assertThat(l.side()).isEqualTo(PositionSide.LONG);
        assertThat(l.notionalUsd()).isEqualTo(138_740_000L);
        assertThat(l.quantity()).isEqualTo(1_400_000L);
        assertThat(l.price()).isEqualTo(991_000_000_000L);
        assertThat(l.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(l.market()).isEqualTo(MarketType.LINEAR);
        assertThat(l.exchangeTs()).isEqualTo(1568014460893L);
        assertThat(l.rawSide()).isEqualTo("SELL");
        assertThat(l.priceKind()).isEqualTo(PriceKind.AVERAGE_FILL);
        assertThat(l.completeness()).isEqualTo(Completeness.SAMPLED_1S_PER_SYMBOL);
        assertThat(l.completeness().isLowerBound()).isTrue();
        assertThat(l.eventKey()).isEqualTo("binance-usdm|BTCUSDT|1568014460893|0.014|9910");
    }

    @Test
    void realSamplesUseFilledQuantityAndAverageFillPrice() throws Exception {
        // p (order/bankruptcy price) differs from ap; notional uses z x ap.
        Liquidation a = Collect.onlyLiquidation(usdm, "{\"e\":\"forceOrder\",\"E\":1650898329201,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"0.288\",\"p\":\"38886.54\",\"ap\":\"39021.00\",\"X\":\"FILLED\",\"l\":\"0.288\",\"z\":\"0.288\",\"T\":1650898329196}}");
        assertThat(a.notionalUsd()).isEqualTo(11_238_048_000L); // 0.288 x 39021.00 = 11,238.048
        assertThat(a.side()).isEqualTo(PositionSide.LONG);
        assertThat(a.exchangeTs()).isEqualTo(1650898329196L);
        Liquidation b = Collect.onlyLiquidation(usdm, "{\"e\":\"forceOrder\",\"E\":1695714031883,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"0.115\",\"p\":\"26142.12\",\"ap\":\"26245.10\",\"X\":\"FILLED\",\"l\":\"0.115\",\"z\":\"0.115\",\"T\":1695714031881}}");
        assertThat(b.notionalUsd()).isEqualTo(3_018_186_500L); // 0.115 x 26245.10 = 3,018.1865
    }

    @Test
    void buyOrderMeansAShortWasLiquidated() throws Exception {
        Liquidation l = Collect.onlyLiquidation(usdm, "{\"e\":\"forceOrder\",\"E\":1,\"o\":{\"s\":\"ETHUSDT\",\"S\":\"BUY\",\"q\":\"2\",\"p\":\"2000\",\"ap\":\"2001.5\",\"z\":\"2\",\"T\":5}}");
        assertThat(l.side()).isEqualTo(PositionSide.SHORT);
        assertThat(l.notionalUsd()).isEqualTo(4_003_000_000L);
        assertThat(l.symbol()).isEqualTo("ETH-USDT-PERP");
    }

    @Test
    void combinedStreamWrapperIsReadThroughOnTheFastPaths() throws Exception {
        List<MarketEvent> events = Collect.all(usdm, "{\"stream\":\"!forceOrder@arr\",\"data\":{\"e\":\"forceOrder\",\"E\":1568014460893,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"q\":\"0.014\",\"p\":\"9910\",\"ap\":\"9910\",\"z\":\"0.014\",\"T\":1568014460893}}}");
        assertThat(events).singleElement().isInstanceOfSatisfying(Liquidation.class, l -> {
            assertThat(l.notionalUsd()).isEqualTo(138_740_000L);
            assertThat(l.eventKey()).isEqualTo("binance-usdm|BTCUSDT|1568014460893|0.014|9910");
        });
        // A live frame exactly as Binance sends it on the combined stream takes the one-pass template.
        long before = usdm.templateFrames();
        Liquidation live = Collect.onlyLiquidation(usdm, "{\"stream\":\"!forceOrder@arr\",\"data\":{\"e\":\"forceOrder\",\"E\":1568014460893,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"0.014\",\"p\":\"9910\",\"ap\":\"9910\",\"X\":\"FILLED\",\"l\":\"0.014\",\"z\":\"0.014\",\"T\":1568014460893}}}");
        assertThat(usdm.templateFrames()).isEqualTo(before + 1);
        assertThat(live.eventKey()).isEqualTo("binance-usdm|BTCUSDT|1568014460893|0.014|9910");
    }

    @Test
    void coinMarginedSizesAreContractsOfHundredUsd() throws Exception {
        Liquidation l = Collect.onlyLiquidation(coinm, "{\"e\":\"forceOrder\",\"E\":1591154240950,\"o\":{\"s\":\"BTCUSD_200925\",\"ps\":\"BTCUSD\",\"S\":\"SELL\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"1\",\"p\":\"9425.5\",\"ap\":\"9496.5\",\"X\":\"FILLED\",\"l\":\"1\",\"z\":\"1\",\"T\":1591154240949}}");
        // 1 contract x 100 USD = $100; 100 / 9496.5 = 0.01053020 BTC
        assertThat(l.notionalUsd()).isEqualTo(100_000_000L);
        assertThat(l.quantity()).isEqualTo(1_053_020L);
        assertThat(l.nativeQuantity()).isEqualTo(100_000_000L);
        assertThat(l.quantityUnit()).isEqualTo(QuantityUnit.CONTRACTS);
        assertThat(l.market()).isEqualTo(MarketType.INVERSE);
        assertThat(l.symbol()).isEqualTo("BTC-USD-200925");
        assertThat(l.side()).isEqualTo(PositionSide.LONG);
    }

    @Test
    void markPriceUpdateGivesMarkAndFunding() throws Exception {
        List<MarketEvent> events = Collect.all(usdm, "{\"e\":\"markPriceUpdate\",\"E\":1562305380000,\"s\":\"BTCUSDT\",\"p\":\"11794.15000000\",\"i\":\"11784.62659091\",\"P\":\"11784.25641265\",\"r\":\"0.00038167\",\"T\":1562306400000}");
        assertThat(events).hasSize(2);
        MarkPrice m = (MarkPrice) events.get(0);
        assertThat(m.markPrice()).isEqualTo(1_179_415_000_000L);
        assertThat(m.indexPrice()).isEqualTo(1_178_462_659_091L);
        FundingRate f = (FundingRate) events.get(1);
        assertThat(f.rate()).isEqualTo(381_670_000L);
        assertThat(f.fundingTime()).isEqualTo(1562306400000L);
        assertThat(f.intervalHours()).isEqualTo(8);
    }

    @Test
    void deliveryContractsSendNoFunding() throws Exception {
        List<MarketEvent> events = Collect.all(usdm, "{\"e\":\"markPriceUpdate\",\"E\":1,\"s\":\"BTCUSDT_250926\",\"p\":\"100\",\"i\":\"\",\"P\":\"100\",\"r\":\"\",\"T\":0}");
        assertThat(events).singleElement().isInstanceOf(MarkPrice.class);
        assertThat(((MarkPrice) events.get(0)).symbol()).isEqualTo("BTC-USDT-250926");
    }

    @Test
    void restOpenInterestAndFundingHistory() throws Exception {
        OpenInterest oi = (OpenInterest) Collect.all(usdm, "{\"openInterest\":\"10659.509\",\"symbol\":\"BTCUSDT\",\"time\":1589437530011}").get(0);
        assertThat(oi.oiBase()).isEqualTo(1_065_950_900_000L);
        assertThat(oi.exchangeTs()).isEqualTo(1589437530011L);
        OpenInterest coin = (OpenInterest) Collect.all(coinm, "{\"symbol\":\"BTCUSD_200626\",\"pair\":\"BTCUSD\",\"openInterest\":\"15004\",\"contractType\":\"CURRENT_QUARTER\",\"time\":1591261042378}").get(0);
        assertThat(coin.oiUsd()).isEqualTo(1_500_400_000_000L); // 15004 contracts x $100
        List<MarketEvent> funding = Collect.all(usdm, "[{\"symbol\":\"BTCUSDT\",\"fundingTime\":1577836800000,\"fundingRate\":\"-0.00012359\",\"fundingIntervalHours\":\"8\",\"markPrice\":\"\"}]");
        assertThat(funding).singleElement().isInstanceOfSatisfying(FundingRate.class, f -> assertThat(f.rate()).isEqualTo(-123_590_000L));
    }

    @Test
    void fundingHistoryRowsTakeTheirIntervalAndMarkWhenSent() throws Exception {
        String row = "{\"symbol\":\"BTCUSDT\",\"fundingTime\":1577836800000,\"fundingRate\":\"0.0001\"";
        FundingRate sent = (FundingRate) Collect.all(usdm, "[" + row + ",\"fundingIntervalHours\":4,\"markPrice\":\"9500.5\"}]").get(0);
        assertThat(sent.intervalHours()).isEqualTo(4);
        assertThat(sent.markPrice()).isEqualTo(950_050_000_000L);
        FundingRate bare = (FundingRate) Collect.all(usdm, "[" + row + "}]").get(0);
        assertThat(bare.intervalHours()).as("Binance's default interval").isEqualTo(8);
        assertThat(bare.markPrice()).isZero();
        assertThat(bare.fundingTime()).isEqualTo(1577836800000L);
    }

    @Test
    void aggTradeTakerSideFromBuyerIsMaker() throws Exception {
        Trade t = (Trade) Collect.all(usdm, "{\"e\":\"aggTrade\",\"E\":123456789,\"s\":\"BTCUSDT\",\"a\":5933014,\"p\":\"0.001\",\"q\":\"100\",\"f\":100,\"l\":105,\"T\":123456785,\"m\":true}").get(0);
        assertThat(t.takerSide()).isEqualTo(TakerSide.SELL);
        assertThat(t.notionalUsd()).isEqualTo(100_000L); // 100 x 0.001 = $0.10
        assertThat(t.tradeId()).isEqualTo("5933014");
    }

    @Test
    void malformedFramesSayWhatIsWrong() {
        assertThatThrownBy(() -> Collect.all(usdm, "{\"e\":\"forceOrder\",\"E\":1,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"z\":\"0.1\""))
                .isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> Collect.all(usdm, "{\"e\":\"forceOrder\",\"E\":1,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"z\":\"0.1\",\"T\":1}}"))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("o.ap");
        assertThatThrownBy(() -> Collect.all(usdm, "{\"e\":\"forceOrder\",\"E\":1,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"z\":\"abc\",\"ap\":\"1\",\"T\":1}}"))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("'z'").hasMessageContaining("abc");
        assertThatThrownBy(() -> Collect.all(usdm, "{\"e\":\"forceOrder\",\"E\":1,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"HOLD\",\"z\":\"1\",\"ap\":\"1\",\"T\":1}}"))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("HOLD");
        assertThatThrownBy(() -> Collect.all(usdm, "garbage")).isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> Collect.all(usdm, "{\"foo\":1}")).isInstanceOf(MalformedFrameException.class).hasMessageContaining("unrecognized");
    }

    @Test
    void unusualButValidFramesTakeTheGeneralPathWithTheSameResult() throws Exception {
        String plain = "{\"e\":\"forceOrder\",\"E\":1,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"q\":\"0.5\",\"p\":\"100\",\"ap\":\"100.5\",\"z\":\"0.5\",\"T\":7}}";
        Liquidation fast = Collect.onlyLiquidation(usdm, plain);
        // An escaped character and whitespace push the frame off the fast path; the result must not change.
        Liquidation general = Collect.onlyLiquidation(usdm, plain.replace("\"BTCUSDT\"", "\"BTC\\u0055SDT\"").replace(",\"o\":", " , \"o\" : "));
        assertThat(general).isEqualTo(fast);
        assertThat(fast.notionalUsd()).isEqualTo(50_250_000L);
        // Trailing garbage after a valid object is rejected on both paths.
        assertThatThrownBy(() -> Collect.all(usdm, plain + "x")).isInstanceOf(MalformedFrameException.class);
    }

    /**
     * The three paths a forceOrder can take (Binance's layout as a template, any other field order walked, anything
     * unusual through the general parser) must give the same event, key included, on random frames.
     */
    @Test
    void templateWalkAndGeneralPathAgreeOnRandomFrames() throws Exception {
        long seed = Long.getLong("prop.seed", System.nanoTime());
        System.out.println("BinanceNormalizerTest.paths seed=" + seed + " (rerun with -Dprop.seed=" + seed + ")");
        SplittableRandom r = new SplittableRandom(seed);
        String[] symbols = {"BTCUSDT", "ETHUSDT", "SOLUSDT"};
        for (int i = 0; i < 20_000; i++) {
            String symbol = symbols[r.nextInt(symbols.length)];
            String side = r.nextBoolean() ? "SELL" : "BUY";
            String z = r.nextInt(1, 100_000) + "." + r.nextInt(1000);
            String ap = r.nextInt(1, 200_000) + (r.nextBoolean() ? "." + r.nextInt(100) : "");
            long t = r.nextLong(1_500_000_000_000L, 1_900_000_000_000L);
            String canonical = "{\"e\":\"forceOrder\",\"E\":" + (t + 2) + ",\"o\":{\"s\":\"" + symbol + "\",\"S\":\"" + side
                    + "\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"" + z + "\",\"p\":\"" + ap + "\",\"ap\":\"" + ap
                    + "\",\"X\":\"FILLED\",\"l\":\"" + z + "\",\"z\":\"" + z + "\",\"T\":" + t + "}}";
            String reordered = "{\"e\":\"forceOrder\",\"E\":" + (t + 2) + ",\"o\":{\"T\":" + t + ",\"z\":\"" + z
                    + "\",\"ap\":\"" + ap + "\",\"S\":\"" + side + "\",\"s\":\"" + symbol + "\",\"o\":\"MARKET\"}}";
            String escaped = canonical.replace("\"S\":", "\"\\u0053\":");

            long templated = usdm.templateFrames();
            long fast = usdm.fastFrames();
            Liquidation template = Collect.onlyLiquidation(usdm, canonical);
            assertThat(usdm.templateFrames()).as("the canonical frame took the template").isEqualTo(templated + 1);
            assertThat(template.eventKey()).isEqualTo("binance-usdm|" + symbol + '|' + t + '|' + z + '|' + ap);
            assertThat(template.notionalUsd()).isEqualTo(new java.math.BigDecimal(z).multiply(new java.math.BigDecimal(ap))
                    .movePointRight(6).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
            assertThat(Collect.onlyLiquidation(usdm, reordered)).as(reordered).isEqualTo(template);
            assertThat(usdm.templateFrames()).as("a reordered frame takes the walk").isEqualTo(templated + 1);
            assertThat(usdm.fastFrames()).as("both read in place").isEqualTo(fast + 2);
            assertThat(Collect.onlyLiquidation(usdm, escaped)).as(escaped).isEqualTo(template);
            assertThat(usdm.fastFrames()).as("an escaped name takes the general path").isEqualTo(fast + 2);
            String wrapper = "{\"stream\":\"!forceOrder@arr\",\"data\":";
            templated = usdm.templateFrames();
            assertThat(Collect.onlyLiquidation(usdm, wrapper + canonical + "}")).isEqualTo(template);
            assertThat(usdm.templateFrames()).as("the wrapped canonical frame took the template").isEqualTo(templated + 1);
            assertThat(Collect.onlyLiquidation(usdm, wrapper + reordered + "}")).isEqualTo(template);
            assertThat(usdm.fastFrames()).as("the wrapped frames read in place").isEqualTo(fast + 4);
            assertThat(Collect.onlyLiquidation(usdm, wrapper + escaped + "}")).isEqualTo(template);
            assertThat(Collect.onlyLiquidation(usdm, "{\"data\":" + canonical + ",\"stream\":\"!forceOrder@arr\"}")).isEqualTo(template);
        }
    }

    /** The event key is copied from the frame into a buffer that grows: keys of any length come out whole. */
    @Test
    void keysLongerThanAnyBeforeComeOutWhole() throws Exception {
        for (int digits = 1; digits <= 120; digits += 7) {
            String z = "1." + "0".repeat(digits) + "1";
            String ap = "9500." + "5".repeat(digits);
            String canonical = "{\"e\":\"forceOrder\",\"E\":2,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"o\":\"LIMIT\",\"f\":\"IOC\","
                    + "\"q\":\"" + z + "\",\"p\":\"" + ap + "\",\"ap\":\"" + ap + "\",\"X\":\"FILLED\",\"l\":\"" + z + "\",\"z\":\"" + z
                    + "\",\"T\":1700000000000}}";
            String key = "binance-usdm|BTCUSDT|1700000000000|" + z + "|" + ap;
            long templated = usdm.templateFrames();
            assertThat(Collect.onlyLiquidation(usdm, canonical).eventKey()).isEqualTo(key);
            assertThat(usdm.templateFrames()).isEqualTo(templated + 1);
            assertThat(Collect.onlyLiquidation(usdm, " " + canonical).eventKey()).as("general path").isEqualTo(key);
        }
    }

    /** A symbol the byte copy cannot take (not ASCII) gets the same key on the fast path as on the general one. */
    @Test
    void aNonAsciiSymbolKeepsItsKey() throws Exception {
        String frame = "{\"e\":\"forceOrder\",\"E\":2,\"o\":{\"s\":\"BTC\u00e9USDT\",\"S\":\"BUY\",\"o\":\"LIMIT\",\"f\":\"IOC\","
                + "\"q\":\"1\",\"p\":\"2\",\"ap\":\"2\",\"X\":\"FILLED\",\"l\":\"1\",\"z\":\"1\",\"T\":1700000000000}}";
        // The symbol rule derives an instrument from it; the guard, not the normalizer, refuses to store it.
        BinanceNormalizer known = new BinanceNormalizer(false, Instruments.withDefaults());
        Liquidation fast = Collect.onlyLiquidation(known, frame);
        assertThat(known.templateFrames()).isEqualTo(1);
        assertThat(fast.eventKey()).isEqualTo("binance-usdm|BTC\u00e9USDT|1700000000000|1|2");
        assertThat(Collect.onlyLiquidation(known, " " + frame)).isEqualTo(fast);
    }

    /**
     * The walk starts each frame afresh: fields the template read before giving up, or an earlier frame's, never fill
     * in a field the frame lacks.
     */
    @Test
    void aFieldMissingFromAWalkedFrameIsMissing() throws Exception {
        String good = "{\"e\":\"forceOrder\",\"E\":2,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"o\":\"LIMIT\",\"f\":\"IOC\","
                + "\"q\":\"1\",\"p\":\"2\",\"ap\":\"2\",\"X\":\"FILLED\",\"l\":\"1\",\"z\":\"1\",\"T\":1700000000000}}";
        Collect.onlyLiquidation(usdm, good);
        // The template reads s, S, q, p and ap, then meets "X":"NEW" and hands the frame to the walk; T is missing.
        String noTime = good.replace("\"X\":\"FILLED\"", "\"X\":\"NEW\"").replace(",\"T\":1700000000000", "");
        assertThatThrownBy(() -> Collect.all(usdm, noTime)).isInstanceOf(MalformedFrameException.class);
        String noPrice = "{\"e\":\"forceOrder\",\"E\":2,\"o\":{\"T\":1700000000000,\"z\":\"1\",\"S\":\"SELL\",\"s\":\"BTCUSDT\"}}";
        assertThatThrownBy(() -> Collect.all(usdm, noPrice)).isInstanceOf(MalformedFrameException.class).hasMessageContaining("ap");
    }

    /** After the template's record, only whitespace: anything else is a rejection, as on the general path. */
    @Test
    void theTemplateTakesNothingAfterTheRecord() throws Exception {
        String good = "{\"e\":\"forceOrder\",\"E\":2,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"o\":\"LIMIT\",\"f\":\"IOC\","
                + "\"q\":\"1\",\"p\":\"2\",\"ap\":\"2\",\"X\":\"FILLED\",\"l\":\"1\",\"z\":\"1\",\"T\":1700000000000}}";
        for (String after : new String[] {"x", "}", " {}", ",", "\"\"", "0"}) {
            assertThatThrownBy(() -> Collect.all(usdm, good + after)).as(after).isInstanceOf(MalformedFrameException.class);
            String wrapped = "{\"stream\":\"!forceOrder@arr\",\"data\":" + good + "}";
            assertThatThrownBy(() -> Collect.all(usdm, wrapped + after)).as(after).isInstanceOf(MalformedFrameException.class);
        }
        assertThat(Collect.all(usdm, good + " \n")).hasSize(1);
    }

    /** A char whose low byte is a quote (U+0122) must not end a string on the fast paths: this frame is not JSON. */
    @Test
    void nonLatin1CharNeverPassesForAQuote() throws Exception {
        String tricky = "{\"e\":\"forceOrder\",\"E\":1,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"o\":\"L\u0122,\"q\":\"1\","
                + "\"ap\":\"1\",\"z\":\"1\",\"T\":1}}";
        assertThatThrownBy(() -> Collect.all(usdm, tricky)).isInstanceOf(MalformedFrameException.class);
        // Inside a string such a char is fine.
        Liquidation l = Collect.onlyLiquidation(usdm, tricky.replace("L\u0122,\"q", "L\u0122\",\"q"));
        assertThat(l.price()).isEqualTo(100_000_000L);
    }

    @Test
    void subscriptionAckIsNotAnError() throws Exception {
        assertThat(Collect.all(usdm, "{\"result\":null,\"id\":1}")).isEmpty();
    }
}
