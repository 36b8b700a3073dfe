package dev.cascade.core.sim.map;

import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.sim.StressTest;
import dev.cascade.core.sim.engine.EngineConfig;
import dev.cascade.core.sim.margin.BracketTable;
import dev.cascade.core.sim.scenario.Population;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiquidationMapEstimatorTest {
    private static final long USD = Fixed.ONE_E8; // one dollar of price, e8
    private static final LiquidationMapEstimator.Params P = LiquidationMapEstimator.Params.defaults(100 * USD);

    private static OpenInterest oi(long ts, long btc) {
        return new OpenInterest("test", Exchange.BINANCE, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP",
                btc * Fixed.ONE_E8, 0, ts, ts);
    }

    private static Trade trade(long ts, long price, long btc, TakerSide side) {
        return new Trade("test", Exchange.BINANCE, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP", side, price * USD,
                btc * Fixed.ONE_E8, price * btc * Fixed.ONE_E6, "t" + ts, false, ts, ts);
    }

    @Test
    void newOpenInterestBecomesLevelsPerTierAndSide() {
        List<OpenInterest> ois = List.of(oi(0, 100), oi(10, 200));
        List<Trade> trades = List.of(trade(5, 50_000, 10, TakerSide.BUY), trade(6, 50_000, 10, TakerSide.BUY));
        LiquidationMap m = LiquidationMapEstimator.estimate(ois, trades, List.of(), P);
        // 100 BTC new OI at 50k; all taker buys -> long share capped at 0.8; 10x tier weighs 30%: 24 BTC long.
        // Long 10x LP = 50000 x (1 - 0.1 + 0.004) = 45200.
        assertThat(m.longUsdBetween(45_200 * USD, 45_300 * USD)).isEqualTo(24L * 45_200 * Fixed.ONE_E6);
        // Short 10x LP = 50000 x (1 + 0.1 - 0.004) = 54800, 100 x 0.2 x 0.3 = 6 BTC.
        assertThat(m.shortUsdBetween(54_800 * USD, 54_900 * USD)).isEqualTo(6L * 54_800 * Fixed.ONE_E6);
        assertThat(m.lastPrice()).isEqualTo(50_000 * USD);
        assertThat(m.levels()).hasSize(10);
    }

    @Test
    void crossedLevelsAreRemovedAndOiDecreasesCloseProportionally() {
        List<OpenInterest> ois = new ArrayList<>(List.of(oi(0, 100), oi(10, 200), oi(20, 200)));
        List<Trade> trades = List.of(trade(5, 50_000, 1, TakerSide.BUY), trade(6, 50_000, 1, TakerSide.SELL));
        List<MarkPrice> marks = List.of(new MarkPrice("test", Exchange.BINANCE, MarketType.LINEAR, "BTCUSDT",
                "BTC-USDT-PERP", 44_000 * USD, 44_000 * USD, 15, 15));
        LiquidationMap m = LiquidationMapEstimator.estimate(ois, trades, marks, P);
        // The dip to 44k liquidated every long tier above it (10x at 45.2k .. 100x at 49.7k); 5x at 40.2k survives.
        assertThat(m.longUsdBetween(44_000 * USD, 50_000 * USD)).isZero();
        long fiveX = m.longUsdBetween(40_200 * USD, 40_300 * USD);
        assertThat(fiveX).isEqualTo(10L * 40_200 * Fixed.ONE_E6); // 100 x 0.5 x 0.2
        // Now OI falls by 5 of 200 BTC: every position of each side, old (the first 100 BTC, not mapped) and new,
        // closes 2.5%: the mapped 10 BTC of 5x longs and 50 BTC of shorts lose 1.5 BTC together.
        ois.add(oi(30, 195));
        LiquidationMap after = LiquidationMapEstimator.estimate(ois, trades, marks, P);
        long liveBefore = m.levels().stream().mapToLong(LiquidationMap.Level::qty).sum();
        long liveAfter = after.levels().stream().mapToLong(LiquidationMap.Level::qty).sum();
        assertThat(liveBefore).isBetween(60 * Fixed.ONE_E8 - 10, 60 * Fixed.ONE_E8 + 10);
        assertThat(liveBefore - liveAfter).isBetween(150_000_000L - 10, 150_000_000L + 10);
        assertThat(after.longUsdBetween(40_200 * USD, 40_300 * USD)).isEqualTo(975L * 40_200 * Fixed.ONE_E6 / 100);
        // A decrease larger than the whole side closes everything.
        ois.add(oi(40, 0));
        assertThat(LiquidationMapEstimator.estimate(ois, trades, marks, P).levels()).isEmpty();
    }

    @Test
    void mapFeedsTheStressTest() {
        List<OpenInterest> ois = new ArrayList<>();
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i <= 50; i++) {
            ois.add(oi(i * 10L, 1_000 + 40L * i));
            long px = 60_000 + (i % 7) * 150;
            trades.add(trade(i * 10L - 5, px, 5, i % 3 == 0 ? TakerSide.SELL : TakerSide.BUY));
        }
        LiquidationMap m = LiquidationMapEstimator.estimate(ois, trades, List.of(), P);
        Population pop = m.toPopulation("BTCUSDT", BracketTable.binanceBtcUsdt2021());
        assertThat(pop.store().size()).isGreaterThan(0);
        StressTest.Result r = StressTest.run(pop, EngineConfig.defaults(1_000_000L * Fixed.ONE_E6, 5e6), 12);
        assertThat(r.cascade().longLiquidatedUsd()).isPositive();
        assertThat(r.cascade().conservedAfter()).isEqualTo(r.cascade().conservedBefore());
        // A signed move up squeezes the shorts instead, and reports itself as a negative drop.
        StressTest.Result up = StressTest.runMove(pop, EngineConfig.defaults(1_000_000L * Fixed.ONE_E6, 5e6), 12, null);
        assertThat(up.cascade().shortLiquidatedUsd()).isPositive();
        assertThat(up.cascade().longLiquidatedUsd()).isZero();
        assertThat(up.dropPct()).isEqualTo(-12);
        assertThat(up.shockPrice()).isEqualTo(Math.round(pop.startPrice() * 1.12));
        assertThat(up.cascade().conservedAfter()).isEqualTo(up.cascade().conservedBefore());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StressTest.runMove(pop, EngineConfig.defaults(0, 5e6), 0, null))
                .hasMessageContaining("not 0");
    }
}
