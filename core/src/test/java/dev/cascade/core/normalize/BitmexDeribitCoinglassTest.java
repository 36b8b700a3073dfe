package dev.cascade.core.normalize;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.Liquidation;
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
