package dev.cascade.core.normalize;

import dev.cascade.core.venue.coinglass.CoinglassNormalizer;
import dev.cascade.core.venue.deribit.DeribitNormalizer;
import dev.cascade.core.venue.bitmex.BitmexNormalizer;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.Trade;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BitMEX §1.5 and Deribit §1.6 samples from exchange-feeds.md, and the CoinGlass bundle rows. */
class BitmexDeribitCoinglassTest {
    @Test
    void bitmexCountsOnlyInsertsAtReceiveTime() throws Exception {
        BitmexNormalizer bitmex = new BitmexNormalizer(Instruments.withDefaults());
        List<MarketEvent> events = Collect.all(bitmex,
                "{\"table\":\"liquidation\",\"action\":\"insert\",\"data\":[{\"orderID\":\"98ae1dad-6a3b-51c4-14bd-e076919e9e30\",\"symbol\":\"XBTUSD\",\"side\":\"Buy\",\"price\":13854.5,\"leavesQty\":314930}]}",
                "{\"table\":\"liquidation\",\"action\":\"update\",\"data\":[{\"orderID\":\"98ae1dad-6a3b-51c4-14bd-e076919e9e30\",\"leavesQty\":305515,\"symbol\":\"XBTUSD\"}]}",
                "{\"table\":\"liquidation\",\"action\":\"delete\",\"data\":[{\"orderID\":\"98ae1dad-6a3b-51c4-14bd-e076919e9e30\",\"symbol\":\"XBTUSD\"}]}");
        assertThat(events).singleElement().isInstanceOfSatisfying(Liquidation.class, l -> {
            // Buy order = a SHORT was liquidated; 314,930 contracts x $1 = $314,930
            assertThat(l.side()).isEqualTo(PositionSide.SHORT);
            assertThat(l.notionalUsd()).isEqualTo(314_930_000_000L);
            assertThat(l.exchangeTs()).isEqualTo(-1);
            assertThat(l.ts()).isEqualTo(1_700_000_000_000L);
            assertThat(l.market()).isEqualTo(MarketType.INVERSE);
            assertThat(l.completeness()).isEqualTo(Completeness.ENGINE_ORDERS);
            assertThat(l.eventKey()).isEqualTo("bitmex|98ae1dad-6a3b-51c4-14bd-e076919e9e30");
        });
    }

    /**
     * The instrument table: a partial with every field, then updates with only what changed. Frames follow the
     * BitMEX wsAPI shape (fields as in its instrument schema; tardis-node's bitmex mapper merges updates the same way).
     */
    @Test
    void bitmexInstrumentGivesOpenInterestFundingAndMarkFromKeptState() throws Exception {
        BitmexNormalizer bitmex = new BitmexNormalizer(Instruments.withDefaults());
        List<MarketEvent> events = Collect.all(bitmex,
                "{\"table\":\"instrument\",\"action\":\"partial\",\"keys\":[\"symbol\"],\"data\":[{\"symbol\":\"XBTUSD\","
                        + "\"state\":\"Open\",\"fundingInterval\":\"2000-01-01T08:00:00.000Z\",\"fundingTimestamp\":\"2021-05-19T20:00:00.000Z\","
                        + "\"fundingRate\":-0.000741,\"openInterest\":1048600000,\"openValue\":2997108680000,\"markPrice\":35000.5,"
                        + "\"indicativeSettlePrice\":34990.12,\"timestamp\":\"2021-05-19T13:00:00.000Z\"},"
                        + "{\"symbol\":\".BXBT\",\"markPrice\":34990.12,\"timestamp\":\"2021-05-19T13:00:00.000Z\"}]}",
                // Only the open interest changed: the mark price comes from the kept state.
                "{\"table\":\"instrument\",\"action\":\"update\",\"data\":[{\"symbol\":\"XBTUSD\",\"openInterest\":1000000000,"
                        + "\"timestamp\":\"2021-05-19T13:00:05.000Z\"}]}",
                "{\"table\":\"instrument\",\"action\":\"update\",\"data\":[{\"symbol\":\"XBTUSD\",\"markPrice\":31000,"
                        + "\"timestamp\":\"2021-05-19T13:00:10.000Z\"}]}");
        assertThat(events).hasSize(5); // partial: mark, OI, funding (.BXBT is an index, skipped); then OI; then mark
        MarkPrice mark = (MarkPrice) events.get(0);
        assertThat(mark.markPrice()).isEqualTo(3_500_050_000_000L);
        assertThat(mark.indexPrice()).isEqualTo(3_499_012_000_000L);
        assertThat(mark.ts()).isEqualTo(1_621_429_200_000L);
        OpenInterest oi = (OpenInterest) events.get(1);
        // 1,048,600,000 contracts of $1 = $1,048,600,000; in BTC at the mark: 1,048,600,000 / 35,000.5 = 29,959.57 BTC
        assertThat(oi.oiUsd()).isEqualTo(1_048_600_000_000_000L);
        assertThat(oi.oiBase()).isEqualTo(new java.math.BigDecimal("1048600000").divide(new java.math.BigDecimal("35000.5"), 8,
                java.math.RoundingMode.HALF_UP).movePointRight(8).longValueExact());
        FundingRate f = (FundingRate) events.get(2);
        assertThat(f.rate()).isEqualTo(-741_000_000L); // -0.000741 in e12
        assertThat(f.intervalHours()).isEqualTo(8);
        assertThat(f.fundingTime()).isEqualTo(1_621_454_400_000L);
        assertThat(f.markPrice()).isEqualTo(3_500_050_000_000L);
        OpenInterest later = (OpenInterest) events.get(3);
        assertThat(later.oiUsd()).isEqualTo(1_000_000_000_000_000L);
        assertThat(later.ts()).isEqualTo(1_621_429_205_000L);
        assertThat(((MarkPrice) events.get(4)).markPrice()).isEqualTo(3_100_000_000_000L);
        assertThat(((MarkPrice) events.get(4)).indexPrice()).isEqualTo(3_499_012_000_000L); // kept from the partial
    }

    @Test
    void bitmexOpenInterestWaitsForAMarkPrice() throws Exception {
        List<MarketEvent> events = Collect.all(new BitmexNormalizer(Instruments.withDefaults()),
                "{\"table\":\"instrument\",\"action\":\"update\",\"data\":[{\"symbol\":\"XBTUSD\",\"openInterest\":5,"
                        + "\"timestamp\":\"2021-05-19T13:00:05.000Z\"}]}");
        assertThat(events).isEmpty();
        assertThatThrownBy(() -> Collect.all(new BitmexNormalizer(Instruments.withDefaults()),
                "{\"table\":\"instrument\",\"action\":\"update\",\"data\":[{\"symbol\":\"XBTUSD\",\"markPrice\":1,"
                        + "\"timestamp\":\"yesterday\"}]}")).isInstanceOf(MalformedFrameException.class).hasMessageContaining("yesterday");
    }

    private static final String DERIBIT = "{\"params\":{\"data\":[{\"trade_seq\":30289432,\"trade_id\":\"48079254\",\"timestamp\":1590484156350,\"tick_direction\":0,\"state\":\"filled\",\"price\":3948.69,\"instrument_name\":\"BTC-PERPETUAL\",\"index_price\":3930.73,\"direction\":\"sell\",\"amount\":10,\"liquidation\":\"%s\"}],\"channel\":\"trades.BTC-PERPETUAL.100ms\"},\"method\":\"subscription\",\"jsonrpc\":\"2.0\"}";

    @Test
    void deribitTakerLiquidationTakesTheDirection() throws Exception {
        List<MarketEvent> events = Collect.all(new DeribitNormalizer(Instruments.withDefaults()), DERIBIT.formatted("T"));
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOfSatisfying(Trade.class, t -> assertThat(t.liquidation()).isTrue());
        Liquidation l = (Liquidation) events.get(1);
        // taker sold = its LONG was liquidated; amount is USD for inverse perps: $10
        assertThat(l.side()).isEqualTo(PositionSide.LONG);
        assertThat(l.notionalUsd()).isEqualTo(10_000_000L);
        assertThat(l.quantity()).isEqualTo(253_249L); // 10 / 3948.69 BTC
        assertThat(l.rawSide()).isEqualTo("T:sell");
    }

    @Test
    void deribitMakerLiquidationIsTheOppositeAndMtIsTwo() throws Exception {
        DeribitNormalizer deribit = new DeribitNormalizer(Instruments.withDefaults());
        Liquidation maker = (Liquidation) Collect.all(deribit, DERIBIT.formatted("M")).get(1);
        assertThat(maker.side()).isEqualTo(PositionSide.SHORT);
        List<MarketEvent> both = Collect.all(deribit, DERIBIT.formatted("MT"));
        assertThat(both).hasSize(3);
        assertThat(((Liquidation) both.get(1)).side()).isEqualTo(PositionSide.LONG);
        assertThat(((Liquidation) both.get(2)).side()).isEqualTo(PositionSide.SHORT);
        assertThat(((Liquidation) both.get(1)).eventKey()).isNotEqualTo(((Liquidation) both.get(2)).eventKey());
        assertThatThrownBy(() -> Collect.all(deribit, DERIBIT.formatted("X"))).hasMessageContaining("'X'");
    }

    @Test
    void deribitPlainTradeIsNoLiquidation() throws Exception {
        String plain = DERIBIT.replace(",\"liquidation\":\"%s\"", "");
        assertThat(Collect.all(new DeribitNormalizer(Instruments.withDefaults()), plain)).singleElement().isInstanceOf(Trade.class);
    }

    /** BitMEX REST/WS tradeBin1m rows (the bundled May 2021 bars): a bar labelled 13:11 is the minute 13:10-13:11. */
    @Test
    void bitmexTradeBinsBecomePriceSamplesInsideTheirMinute() throws Exception {
        BitmexNormalizer bitmex = new BitmexNormalizer(Instruments.withDefaults());
        List<MarketEvent> down = Collect.all(bitmex, "{\"table\":\"tradeBin1m\",\"action\":\"insert\",\"data\":[{\"timestamp\":"
                + "\"2021-05-19T13:11:00.000Z\",\"symbol\":\"XBTUSD\",\"open\":30001,\"high\":30100.5,\"low\":28157,\"close\":29000,\"trades\":9}]}");
        long start = java.time.Instant.parse("2021-05-19T13:10:00Z").toEpochMilli();
        assertThat(down).extracting(e -> ((MarkPrice) e).markPrice()).containsExactly(3_000_100_000_000L, 3_010_050_000_000L,
                2_815_700_000_000L, 2_900_000_000_000L);
        assertThat(down).extracting(MarketEvent::ts).containsExactly(start, start + 15_000, start + 30_000, start + 45_000);
        assertThat(down).allSatisfy(e -> assertThat(((MarkPrice) e).symbol()).isEqualTo("BTC-USD-PERP"));
        // BitMEX's open is the previous close: outside the minute's own range it is left out, high/low stay the bar's.
        List<MarketEvent> gap = Collect.all(bitmex, "{\"table\":\"tradeBin1m\",\"action\":\"insert\",\"data\":[{\"timestamp\":"
                + "\"2021-05-18T00:37:00.000Z\",\"symbol\":\"XBTUSD\",\"open\":44480,\"high\":44479.5,\"low\":44358,\"close\":44370}]}");
        assertThat(gap).extracting(e -> ((MarkPrice) e).markPrice()).containsExactly(4_447_950_000_000L, 4_435_800_000_000L, 4_437_000_000_000L);
        // An empty bin (no trades: null prices) is nothing; a low above the high is an error.
        assertThat(Collect.all(bitmex, "{\"table\":\"tradeBin1m\",\"action\":\"insert\",\"data\":[{\"timestamp\":"
                + "\"2021-05-18T00:37:00.000Z\",\"symbol\":\"XBTUSD\",\"open\":null,\"high\":null,\"low\":null,\"close\":null}]}")).isEmpty();
        assertThatThrownBy(() -> Collect.all(bitmex, "{\"table\":\"tradeBin1m\",\"action\":\"insert\",\"data\":[{\"timestamp\":"
                + "\"2021-05-18T00:37:00.000Z\",\"symbol\":\"XBTUSD\",\"open\":1,\"high\":1,\"low\":2,\"close\":1}]}"))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("not a bar");
    }

    @Test
    void coinglassDailyOpenInterestCloseIsStampedInTheDaysLastMillisecond() throws Exception {
        CoinglassNormalizer cg = new CoinglassNormalizer();
        long day = java.time.Instant.parse("2021-05-19T00:00:00Z").toEpochMilli();
        List<MarketEvent> events = Collect.all(cg, "{\"endpoint\":\"open-interest-close\",\"symbol\":\"BTC\",\"interval_ms\":\"86400000\","
                + "\"time\":" + day + ",\"close\":\"12493364737.0\",\"stable_close\":\"51529.12\",\"coinm_close\":\"2515383491.0\",\"unit\":\"usd\"}");
        assertThat(events).singleElement().isInstanceOfSatisfying(OpenInterest.class, oi -> {
            assertThat(oi.oiUsd()).isEqualTo(12_493_364_737_000_000L);
            assertThat(oi.ts()).isEqualTo(day + 86_400_000L - 1);
            assertThat(oi.symbol()).isEqualTo("BTC-ALL-AGG");
        });
        assertThatThrownBy(() -> Collect.all(cg, "{\"endpoint\":\"open-interest-close\",\"symbol\":\"BTC\",\"interval_ms\":\"86400000\","
                + "\"time\":" + Long.MAX_VALUE + ",\"close\":\"1\"}")).isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> Collect.all(cg, "{\"endpoint\":\"open-interest-close\",\"symbol\":\"BTC\",\"interval_ms\":\"-5\","
                + "\"time\":" + day + ",\"close\":\"1\"}")).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void coinglassBucketsBecomeAggregateRows() throws Exception {
        CoinglassNormalizer cg = new CoinglassNormalizer();
        List<MarketEvent> liq = Collect.all(cg, "{\"endpoint\":\"liquidation\",\"symbol\":\"BTC\",\"interval_ms\":\"14400000\",\"time\":1760126400000,\"long_usd\":\"235601013.09389\",\"short_usd\":\"107461506.04199\"}");
        assertThat(liq).hasSize(2);
        Liquidation longs = (Liquidation) liq.get(0);
        assertThat(longs.side()).isEqualTo(PositionSide.LONG);
        assertThat(longs.notionalUsd()).isEqualTo(235_601_013_093_890L);
        assertThat(longs.completeness()).isEqualTo(Completeness.AGGREGATE);
        assertThat(longs.ts()).isEqualTo(1760126400000L);
        assertThat(((Liquidation) liq.get(1)).notionalUsd()).isEqualTo(107_461_506_041_990L);
        OpenInterest oi = (OpenInterest) Collect.all(cg, "{\"endpoint\":\"open-interest\",\"symbol\":\"BTC\",\"interval_ms\":\"14400000\",\"time\":1747598400000,\"open\":\"68596490975\",\"high\":\"70045961758\",\"low\":\"68045912734\",\"close\":\"70030764119.0\"}").get(0);
        assertThat(oi.oiUsd()).isEqualTo(68_596_490_975_000_000L);
        FundingRate f = (FundingRate) Collect.all(cg, "{\"endpoint\":\"funding-oi-weighted\",\"symbol\":\"BTC\",\"interval_ms\":\"14400000\",\"time\":1,\"open\":\"0.00924\",\"high\":\"0.00924\",\"low\":\"0.007021\",\"close\":\"0.007624\"}").get(0);
        assertThat(f.rate()).isEqualTo(92_400_000L); // 0.00924 % = 0.0000924
        assertThatThrownBy(() -> Collect.all(cg, "{\"endpoint\":\"nope\",\"symbol\":\"BTC\",\"time\":1}")).hasMessageContaining("nope");
    }
}
