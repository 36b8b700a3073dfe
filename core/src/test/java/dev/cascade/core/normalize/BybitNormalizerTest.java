package dev.cascade.core.normalize;

import dev.cascade.core.venue.bybit.BybitNormalizer;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import dev.cascade.core.money.Fixed;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Samples from exchange-feeds.md §1.3, §2.2. Bybit's S is the POSITION side: Buy = a long was liquidated. */
class BybitNormalizerTest {
    private final BybitNormalizer linear = new BybitNormalizer(MarketType.LINEAR, Instruments.withDefaults());
    private final BybitNormalizer inverse = new BybitNormalizer(MarketType.INVERSE, Instruments.withDefaults());

    @Test
    void officialAllLiquidationSampleSellIsAShort() throws Exception {
        Liquidation l = Collect.onlyLiquidation(linear, "{\"topic\":\"allLiquidation.ROSEUSDT\",\"type\":\"snapshot\",\"ts\":1739502303204,\"data\":[{\"T\":1739502302929,\"s\":\"ROSEUSDT\",\"S\":\"Sell\",\"v\":\"20000\",\"p\":\"0.04499\"}]}");
        assertThat(l.side()).isEqualTo(PositionSide.SHORT);
        assertThat(l.notionalUsd()).isEqualTo(899_800_000L); // 20000 x 0.04499 = $899.80
        assertThat(l.priceKind()).isEqualTo(PriceKind.BANKRUPTCY);
        assertThat(l.completeness()).isEqualTo(Completeness.COMPLETE);
        assertThat(l.exchangeTs()).isEqualTo(1739502302929L);
        assertThat(l.symbol()).isEqualTo("ROSE-USDT-PERP");
    }

    @Test
    void buyIsALong() throws Exception {
        Liquidation l = Collect.onlyLiquidation(linear, "{\"topic\":\"allLiquidation.KAITOUSDT\",\"type\":\"snapshot\",\"ts\":1740480190078,\"data\":[{\"T\":1740480189987,\"s\":\"KAITOUSDT\",\"S\":\"Buy\",\"v\":\"43\",\"p\":\"1.7531\"}]}");
        assertThat(l.side()).isEqualTo(PositionSide.LONG);
        assertThat(l.notionalUsd()).isEqualTo(75_383_300L); // 43 x 1.7531 = $75.3833
        assertThat(l.rawSide()).isEqualTo("Buy");
    }

    @Test
    void batchedDataArrayYieldsEveryLiquidation() throws Exception {
        List<MarketEvent> events = Collect.all(linear, "{\"topic\":\"allLiquidation.BTCUSDT\",\"type\":\"snapshot\",\"ts\":2,\"data\":[{\"T\":1,\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"0.5\",\"p\":\"100000\"},{\"T\":1,\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"0.25\",\"p\":\"100000\"}]}");
        assertThat(events).hasSize(2).allSatisfy(e -> assertThat(((Liquidation) e).side()).isEqualTo(PositionSide.LONG));
        assertThat(((Liquidation) events.get(0)).notionalUsd()).isEqualTo(50_000_000_000L);
        assertThat(((Liquidation) events.get(0)).eventKey()).isNotEqualTo(((Liquidation) events.get(1)).eventKey());
    }

    @Test
    void deprecatedLiquidationTopic() throws Exception {
        Liquidation l = Collect.onlyLiquidation(linear, "{\"topic\":\"liquidation.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1703485237953,\"data\":{\"updatedTime\":1703485237953,\"symbol\":\"BTCUSDT\",\"side\":\"Sell\",\"size\":\"0.003\",\"price\":\"43511.70\"}}");
        assertThat(l.side()).isEqualTo(PositionSide.SHORT);
        assertThat(l.notionalUsd()).isEqualTo(130_535_100L); // 0.003 x 43511.70 = $130.5351
    }

    @Test
    void inverseSizesAreUsd() throws Exception {
        Liquidation l = Collect.onlyLiquidation(inverse, "{\"topic\":\"allLiquidation.BTCUSD\",\"type\":\"snapshot\",\"ts\":2,\"data\":[{\"T\":1,\"s\":\"BTCUSD\",\"S\":\"Buy\",\"v\":\"5000\",\"p\":\"50000\"}]}");
        assertThat(l.notionalUsd()).isEqualTo(5_000_000_000L);
        assertThat(l.quantity()).isEqualTo(10_000_000L); // 0.1 BTC
        assertThat(l.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(l.market()).isEqualTo(MarketType.INVERSE);
    }

    @Test
    void tickerSnapshotThenDeltaIsMerged() throws Exception {
        List<MarketEvent> snap = Collect.all(linear, "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"BTCUSDT\",\"markPrice\":\"17217.33\",\"indexPrice\":\"17227.36\",\"openInterest\":\"68744.761\",\"openInterestValue\":\"1183601235.91\",\"nextFundingTime\":\"1673280000000\",\"fundingRate\":\"-0.000212\"},\"cs\":24987956059,\"ts\":1673272861686}");
        assertThat(snap).hasSize(3);
        OpenInterest oi = (OpenInterest) snap.get(1);
        // Bybit documents the ticker's figures as both sides: with no single-side fields, half of each is stored.
        assertThat(oi.oiBase()).isEqualTo(3_437_238_050_000L);
        assertThat(oi.oiUsd()).isEqualTo(591_800_617_955_000L);
        FundingRate f = (FundingRate) snap.get(2);
        assertThat(f.rate()).isEqualTo(-212_000_000L);
        assertThat(f.fundingTime()).isEqualTo(1673280000000L);
        // A delta with only the OI value: funding and mark are unchanged and not re-emitted; the OI keeps the old coin amount.
        List<MarketEvent> delta = Collect.all(linear, "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"openInterestValue\":\"1200000000\"},\"cs\":1,\"ts\":1673272861786}");
        assertThat(delta).singleElement().isInstanceOfSatisfying(OpenInterest.class, o -> {
            assertThat(o.oiUsd()).isEqualTo(600_000_000_000_000L);
            assertThat(o.oiBase()).isEqualTo(3_437_238_050_000L);
            assertThat(o.exchangeTs()).isEqualTo(1673272861786L);
        });
        List<MarketEvent> mark = Collect.all(linear, "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"markPrice\":\"17000\"},\"cs\":2,\"ts\":1673272861886}");
        assertThat(mark).singleElement().isInstanceOfSatisfying(MarkPrice.class, m -> {
            assertThat(m.markPrice()).isEqualTo(1_700_000_000_000L);
            assertThat(m.indexPrice()).isEqualTo(1_722_736_000_000L);
        });
    }

    @Test
    void linearTickerPrefersTheSingleSideFields() throws Exception {
        List<MarketEvent> events = Collect.all(new BybitNormalizer(MarketType.LINEAR, Instruments.withDefaults()),
                "{\"topic\":\"tickers.ETHUSDT\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"ETHUSDT\",\"markPrice\":\"2500\","
                        + "\"openInterest\":\"1000\",\"openInterestValue\":\"2500000\",\"singleOpenInterest\":\"400\","
                        + "\"singleOpenInterestValue\":\"1000000\"},\"ts\":1673272861686}");
        OpenInterest oi = events.stream().filter(OpenInterest.class::isInstance).map(OpenInterest.class::cast).findFirst().orElseThrow();
        assertThat(oi.oiBase()).isEqualTo(400 * Fixed.ONE_E8);
        assertThat(oi.oiUsd()).isEqualTo(1_000_000 * Fixed.ONE_E6);
    }

    @Test
    void inverseTickerOpenInterestIsUsdAndItsValueIsCoin() throws Exception {
        // Bybit's own inverse example: openInterest 240,113,967 USD and openInterestValue 2,089.79 BTC, both sides.
        List<MarketEvent> events = Collect.all(new BybitNormalizer(MarketType.INVERSE, Instruments.withDefaults()),
                "{\"topic\":\"tickers.BTCUSD\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"BTCUSD\",\"markPrice\":\"114898.43\","
                        + "\"openInterest\":\"240113967\",\"openInterestValue\":\"2089.79\"},\"ts\":1673272861686}");
        OpenInterest oi = events.stream().filter(OpenInterest.class::isInstance).map(OpenInterest.class::cast).findFirst().orElseThrow();
        assertThat(oi.oiUsd()).isEqualTo(120_056_983_500_000L); // $120,056,983.5, one side
        assertThat(oi.oiBase()).isEqualTo(104_489_500_000L); // 1,044.895 BTC
    }

    @Test
    void deltaBeforeSnapshotIsRejected() {
        assertThatThrownBy(() -> Collect.all(linear, "{\"topic\":\"tickers.ETHUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"ETHUSDT\",\"markPrice\":\"1\"},\"ts\":1}"))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("before any snapshot");
    }

    @Test
    void restOpenInterestUsesTheSingleSide() throws Exception {
        OpenInterest oi = (OpenInterest) Collect.all(inverse, "{\"retCode\":0,\"result\":{\"symbol\":\"BTCUSD\",\"category\":\"inverse\",\"list\":[{\"openInterest\":\"63910691.00000000\",\"singleOpenInterest\":\"31955346\",\"timestamp\":\"1780963200000\"}],\"nextPageCursor\":\"x\"},\"time\":1780994051392}").get(0);
        assertThat(oi.oiUsd()).isEqualTo(31_955_346_000_000L);
        OpenInterest halved = (OpenInterest) Collect.all(inverse, "{\"retCode\":0,\"result\":{\"symbol\":\"BTCUSD\",\"list\":[{\"openInterest\":\"100\",\"timestamp\":\"1\"}]}}").get(0);
        assertThat(halved.oiUsd()).isEqualTo(50_000_000L);
    }

    @Test
    void publicTrade() throws Exception {
        Trade t = (Trade) Collect.all(linear, "{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1672304486868,\"data\":[{\"T\":1672304486865,\"s\":\"BTCUSDT\",\"S\":\"Sell\",\"v\":\"0.001\",\"p\":\"16578.50\",\"L\":\"PlusTick\",\"i\":\"20f43950-d8dd-5b31-9112-a178eb6023af\",\"BT\":false}]}").get(0);
        assertThat(t.takerSide()).isEqualTo(TakerSide.SELL);
        assertThat(t.notionalUsd()).isEqualTo(16_578_500L);
    }

    @Test
    void pongAndAcksAreSilent() throws Exception {
        assertThat(Collect.all(linear, "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"x\",\"op\":\"ping\"}",
                "{\"success\":true,\"ret_msg\":\"\",\"op\":\"subscribe\",\"conn_id\":\"y\"}")).isEmpty();
    }
}
