package dev.cascade.core.normalize;

import dev.cascade.core.venue.okx.OkxNormalizer;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.model.Trade;
import dev.cascade.core.money.Fixed;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Samples from exchange-feeds.md §1.4, §2.3. OKX sizes are contracts: times ctVal. */
class OkxNormalizerTest {
    private static final String IOST = "{\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"},\"data\":[{\"details\":[{\"bkLoss\":\"0\",\"bkPx\":\"0.007831\",\"ccy\":\"\",\"posSide\":\"short\",\"side\":\"buy\",\"sz\":\"13\",\"ts\":\"1692266434010\"}],\"instFamily\":\"IOST-USDT\",\"instId\":\"IOST-USDT-SWAP\",\"instType\":\"SWAP\",\"uly\":\"IOST-USDT\"}]}";

    @Test
    void officialSampleNeedsTheContractValueAndNeverGuessesIt() throws Exception {
        Instruments instruments = Instruments.withDefaults();
        OkxNormalizer okx = new OkxNormalizer(instruments);
        assertThatThrownBy(() -> Collect.all(okx, IOST)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("IOST-USDT-SWAP").hasMessageContaining("ctVal");
        // ctVal as /api/v5/public/instruments would give it (1000 IOST per contract, stated here for the test).
        instruments.put(new Instrument(Exchange.OKX, MarketType.LINEAR, "IOST-USDT-SWAP", "IOST-USDT-PERP", "IOST", "USDT",
                1000 * Fixed.ONE_E8, QuantityUnit.CONTRACTS));
        Liquidation l = Collect.onlyLiquidation(okx, IOST);
        // buy order = a SHORT was liquidated; 13 contracts x 1000 IOST x 0.007831 = $101.803
        assertThat(l.side()).isEqualTo(PositionSide.SHORT);
        assertThat(l.quantity()).isEqualTo(13_000 * Fixed.ONE_E8);
        assertThat(l.notionalUsd()).isEqualTo(101_803_000L);
        assertThat(l.completeness()).isEqualTo(Completeness.PARTIAL);
        assertThat(l.exchangeTs()).isEqualTo(1692266434010L);
    }

    @Test
    void demoSampleBtcUsdtSwap() throws Exception {
        Liquidation l = Collect.onlyLiquidation(new OkxNormalizer(Instruments.withDefaults()), "{\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"},\"data\":[{\"details\":[{\"bkLoss\":\"0\",\"bkPx\":\"57102.9\",\"ccy\":\"\",\"posSide\":\"long\",\"side\":\"sell\",\"sz\":\"10000\",\"ts\":\"1723038122631\"}],\"instFamily\":\"BTC-USDT\",\"instId\":\"BTC-USDT-SWAP\",\"instType\":\"SWAP\",\"uly\":\"BTC-USDT\"}]}");
        // 10000 contracts x 0.01 BTC = 100 BTC x 57102.9 = $5,710,290 (forgetting ctVal would say $571M)
        assertThat(l.side()).isEqualTo(PositionSide.LONG);
        assertThat(l.quantity()).isEqualTo(100 * Fixed.ONE_E8);
        assertThat(l.notionalUsd()).isEqualTo(5_710_290_000_000L);
        assertThat(l.eventKey()).isEqualTo("okx|BTC-USDT-SWAP|1723038122631|sell|10000|57102.9");
    }

    @Test
    void inverseSwapContractsAreUsd() throws Exception {
        Liquidation l = Collect.onlyLiquidation(new OkxNormalizer(Instruments.withDefaults()), "{\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"},\"data\":[{\"details\":[{\"bkPx\":\"50000\",\"posSide\":\"net\",\"side\":\"buy\",\"sz\":\"3\",\"ts\":\"1\"}],\"instId\":\"BTC-USD-SWAP\",\"instType\":\"SWAP\"}]}");
        assertThat(l.notionalUsd()).isEqualTo(300_000_000L); // 3 x $100
        assertThat(l.quantity()).isEqualTo(600_000L); // 0.006 BTC
        assertThat(l.side()).isEqualTo(PositionSide.SHORT);
    }

    @Test
    void everyDetailIsKeptNotOnlyTheFirst() throws Exception {
        List<MarketEvent> events = Collect.all(new OkxNormalizer(Instruments.withDefaults()), "{\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"},\"data\":[{\"details\":[{\"bkPx\":\"100\",\"side\":\"sell\",\"sz\":\"1\",\"ts\":\"1\"},{\"bkPx\":\"101\",\"side\":\"buy\",\"sz\":\"2\",\"ts\":\"2\"}],\"instId\":\"ETH-USDT-SWAP\"}]}");
        assertThat(events).hasSize(2);
        assertThat(((Liquidation) events.get(1)).side()).isEqualTo(PositionSide.SHORT);
        assertThat(((Liquidation) events.get(1)).notionalUsd()).isEqualTo(20_200_000L); // 2 x 0.1 ETH x 101
    }

    @Test
    void openInterestFundingAndTrades() throws Exception {
        OkxNormalizer okx = new OkxNormalizer(Instruments.withDefaults());
        OpenInterest oi = (OpenInterest) Collect.all(okx, "{\"arg\":{\"channel\":\"open-interest\",\"instId\":\"BTC-USDT-SWAP\"},\"data\":[{\"instId\":\"BTC-USDT-SWAP\",\"instType\":\"SWAP\",\"oi\":\"2216113.01000000309\",\"oiCcy\":\"22161.1301000000309\",\"oiUsd\":\"1939251795.54769270396321\",\"ts\":\"1743041250440\"}]}").get(0);
        assertThat(oi.oiBase()).isEqualTo(2_216_113_010_000L);
        assertThat(oi.oiUsd()).isEqualTo(1_939_251_795_547_693L);
        FundingRate f = (FundingRate) Collect.all(okx, "{\"arg\":{\"channel\":\"funding-rate\",\"instId\":\"BTC-USD-SWAP\"},\"data\":[{\"formulaType\":\"noRate\",\"fundingRate\":\"0.0001875391284828\",\"fundingTime\":\"1700726400000\",\"impactValue\":\"\",\"instId\":\"BTC-USD-SWAP\",\"instType\":\"SWAP\",\"interestRate\":\"\",\"method\":\"current_period\",\"maxFundingRate\":\"0.00375\",\"minFundingRate\":\"-0.00375\",\"nextFundingRate\":\"\",\"nextFundingTime\":\"1700755200000\",\"premium\":\"0.0001233824646391\",\"settFundingRate\":\"0.0001699799259033\",\"settState\":\"settled\",\"ts\":\"1700724675402\"}]}").get(0);
        assertThat(f.rate()).isEqualTo(187_539_128L);
        assertThat(f.intervalHours()).isEqualTo(8); // nextFundingTime - fundingTime = 8 h
        Trade t = (Trade) Collect.all(okx, "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT-SWAP\"},\"data\":[{\"instId\":\"BTC-USDT-SWAP\",\"tradeId\":\"130639474\",\"px\":\"42219.9\",\"sz\":\"12\",\"side\":\"buy\",\"ts\":\"1630048897897\"}]}").get(0);
        assertThat(t.quantity()).isEqualTo(12_000_000L); // 12 contracts x 0.01 BTC
        assertThat(t.notionalUsd()).isEqualTo(5_066_388_000L);
    }

    @Test
    void acksPongsAndErrors() throws Exception {
        OkxNormalizer okx = new OkxNormalizer(Instruments.withDefaults());
        assertThat(Collect.all(okx, "pong", "{\"event\":\"subscribe\",\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"}}")).isEmpty();
        assertThatThrownBy(() -> Collect.all(okx, "{\"event\":\"error\",\"code\":\"60018\",\"msg\":\"channel doesn't exist\"}"))
                .hasMessageContaining("60018");
    }
}
