package dev.cascade.core.normalize;

import dev.cascade.core.venue.hyperliquid.HyperliquidNormalizer;
import dev.cascade.core.venue.bitget.BitgetNormalizer;
import dev.cascade.core.venue.gate.GateNormalizer;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sample payloads from ../shared/reference/exchange-feeds.md §1.7-1.9 and §2.6-2.7; notionals checked by hand. */
class GateBitgetHyperliquidTest {
    private final Instruments instruments = Instruments.withDefaults();

    @Test
    void gateOfficialLiquidationSample() throws Exception {
        Liquidation l = Collect.onlyLiquidation(new GateNormalizer(instruments),
                "{\"channel\":\"futures.public_liquidates\",\"event\":\"update\",\"time\":1541505434,\"time_ms\":1541505434123,"
                        + "\"result\":[{\"price\":215.1,\"size\":\"-124\",\"time_ms\":1541486601123,\"contract\":\"BTC_USDT\"}]}");
        // size -124 = a sell order of 124 contracts: a LONG liquidated. 124 x 0.0001 BTC = 0.0124 BTC; x 215.1 = $2.66724
        assertThat(l.side()).isEqualTo(PositionSide.LONG);
        assertThat(l.quantity()).isEqualTo(1_240_000L);
        assertThat(l.notionalUsd()).isEqualTo(2_667_240L);
        assertThat(l.nativeQuantity()).isEqualTo(12_400_000_000L);
        assertThat(l.rawSide()).isEqualTo("-124");
        assertThat(l.ts()).isEqualTo(1_541_486_601_123L);
        assertThat(l.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(l.completeness().isLowerBound()).isTrue();
    }

    @Test
    void gatePositiveSizeIsAShortAndUnknownContractsAreRejected() throws Exception {
        GateNormalizer gate = new GateNormalizer(instruments);
        Liquidation l = Collect.onlyLiquidation(gate, "{\"channel\":\"futures.public_liquidates\",\"event\":\"update\",\"time_ms\":1,"
                + "\"result\":[{\"price\":\"2500\",\"size\":\"30\",\"time_ms\":5,\"contract\":\"ETH_USDT\"}]}");
        assertThat(l.side()).isEqualTo(PositionSide.SHORT);
        assertThat(l.notionalUsd()).isEqualTo(750_000_000L); // 30 x 0.01 ETH x 2500 = $750
        assertThatThrownBy(() -> Collect.all(gate, "{\"channel\":\"futures.public_liquidates\",\"event\":\"update\",\"time_ms\":1,"
                + "\"result\":[{\"price\":\"1\",\"size\":\"1\",\"time_ms\":5,\"contract\":\"PEPE_USDT\"}]}"))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("quanto_multiplier");
        assertThat(Collect.all(gate, "{\"time\":1,\"channel\":\"futures.public_liquidates\",\"event\":\"subscribe\",\"result\":{\"status\":\"success\"}}")).isEmpty();
    }

    @Test
    void gateTickerGivesOpenInterestFundingAndMark() throws Exception {
        List<MarketEvent> events = Collect.all(new GateNormalizer(instruments),
                "{\"time\":1760130900,\"time_ms\":1760130900123,\"channel\":\"futures.tickers\",\"event\":\"update\",\"result\":[{"
                        + "\"contract\":\"BTC_USDT\",\"last\":\"112000\",\"funding_rate\":\"0.0001\",\"mark_price\":\"112000.5\","
                        + "\"index_price\":\"112010\",\"total_size\":\"150000000\"}]}");
        assertThat(events).hasSize(3);
        assertThat(((MarkPrice) events.get(0)).indexPrice()).isEqualTo(11_201_000_000_000L);
        OpenInterest oi = (OpenInterest) events.get(1);
        // 150,000,000 contracts x 0.0001 = 15,000 BTC; x 112,000.5 = $1,680,007,500
        assertThat(oi.oiBase()).isEqualTo(1_500_000_000_000L);
        assertThat(oi.oiUsd()).isEqualTo(1_680_007_500_000_000L);
        assertThat(((FundingRate) events.get(2)).rate()).isEqualTo(100_000_000L);
    }

    @Test
    void bitgetSampleReadsSideAsThePositionAndAmountAsQuote() throws Exception {
        Liquidation l = Collect.onlyLiquidation(new BitgetNormalizer(),
                "{\"data\":[{\"symbol\":\"BTCUSDT\",\"side\":\"buy\",\"price\":\"89000\",\"amount\":\"37.722858\",\"ts\":\"1736371332162\"}],"
                        + "\"arg\":{\"instType\":\"usdt-futures\",\"topic\":\"liquidation\"},\"action\":\"update\",\"ts\":1736371332162}");
        // $37.722858 of USDT; 37.722858 / 89,000 = 0.00042385 BTC
        assertThat(l.side()).isEqualTo(PositionSide.LONG);
        assertThat(l.notionalUsd()).isEqualTo(37_722_858L);
        assertThat(l.quantity()).isEqualTo(42_385L);
        assertThat(l.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(l.completeness()).isEqualTo(Completeness.SAMPLED_LARGEST_PER_SIDE_1S);
        assertThat(l.ts()).isEqualTo(1_736_371_332_162L);
        assertThat(Collect.all(new BitgetNormalizer(), "{\"event\":\"subscribe\",\"arg\":{\"instType\":\"usdt-futures\",\"topic\":\"liquidation\"}}")).isEmpty();
    }

    @Test
    void hyperliquidAssetContextAndTrades() throws Exception {
        HyperliquidNormalizer hl = new HyperliquidNormalizer();
        List<MarketEvent> events = Collect.all(hl,
                "{\"channel\":\"activeAssetCtx\",\"data\":{\"coin\":\"BTC\",\"ctx\":{\"funding\":\"0.0000125\",\"openInterest\":\"688.11\","
                        + "\"prevDayPx\":\"96000\",\"dayNtlVlm\":\"1\",\"premium\":\"0.0\",\"oraclePx\":\"97010\",\"markPx\":\"97000.5\","
                        + "\"midPx\":\"97000\",\"impactPxs\":[\"96999\",\"97001\"]}}}",
                "{\"channel\":\"trades\",\"data\":[{\"coin\":\"BTC\",\"side\":\"A\",\"px\":\"97000\",\"sz\":\"0.5\",\"hash\":\"0x1\","
                        + "\"time\":1760130900000,\"tid\":123456789}]}");
        assertThat(events).hasSize(4);
        OpenInterest oi = (OpenInterest) events.get(1);
        // 688.11 BTC x 97,000.5 = $66,747,014.055
        assertThat(oi.oiBase()).isEqualTo(68_811_000_000L);
        assertThat(oi.oiUsd()).isEqualTo(66_747_014_055_000L);
        FundingRate f = (FundingRate) events.get(2);
        assertThat(f.rate()).isEqualTo(12_500_000L);
        assertThat(f.intervalHours()).isEqualTo(1); // hourly, unlike the 8-hour venues
        Trade t = (Trade) events.get(3);
        assertThat(t.takerSide()).isEqualTo(TakerSide.SELL);
        assertThat(t.notionalUsd()).isEqualTo(48_500_000_000L);
        assertThat(t.tradeId()).isEqualTo("123456789");
        assertThat(Collect.all(hl, "{\"channel\":\"subscriptionResponse\",\"data\":{\"method\":\"subscribe\"}}")).isEmpty();
    }
}
