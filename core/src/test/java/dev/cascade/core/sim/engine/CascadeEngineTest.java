package dev.cascade.core.sim.engine;

import dev.cascade.core.money.Fixed;
import dev.cascade.core.sim.book.SqrtImpactMaker;
import dev.cascade.core.sim.margin.BracketTable;
import dev.cascade.core.sim.margin.MarginMath;
import dev.cascade.core.sim.scenario.Population;
import dev.cascade.core.sim.scenario.PopulationGenerator;
import dev.cascade.core.sim.scenario.PopulationSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CascadeEngineTest {
    private static final BracketTable BTC = BracketTable.binanceBtcUsdt2021();
    private static final long START = 40_000L * Fixed.ONE_E8;

    private static Population population(int n, long seed, double shortShare, double sigmaPct) {
        PopulationSpec spec = new PopulationSpec(n, 500_000_000L * Fixed.ONE_E6, shortShare,
                new double[] {2, 5, 10, 20, 50, 100}, new double[] {10, 20, 30, 20, 15, 5}, 0.3, 2.0,
                new long[0], new double[0], sigmaPct, 1.2, seed);
        return PopulationGenerator.generate(spec, "BTCUSDT", START, BTC);
    }

    private static CascadeEngine engine(Population p, CrossedFinder f, long fundUsd, double depthUsd, List<Shock> shocks) {
        EngineConfig cfg = EngineConfig.defaults(fundUsd * Fixed.ONE_E6, depthUsd);
        return new CascadeEngine(p.store(), p.table(), f, cfg, p.startPrice(), shocks);
    }

    /** Seeded property test: random populations, books and shocks; cash and quantity are checked after every step. */
    @Test
    void moneyAndQuantityAreConservedAfterEveryStep() {
        long master = 19_052_021L;
        System.out.println("CascadeEngineTest.conservation master seed=" + master);
        Random rnd = new Random(master);
        int adlRuns = 0;
        for (int run = 0; run < 25; run++) {
            long seed = rnd.nextLong();
            Population p = population(500 + rnd.nextInt(3000), seed, 0.3 + 0.4 * rnd.nextDouble(), 1 + 10 * rnd.nextDouble());
            List<Shock> shocks = new ArrayList<>();
            shocks.add(Shock.gap(-30 + 45 * rnd.nextDouble()));
            if (rnd.nextBoolean()) {
                shocks.add(Shock.marketSell(rnd.nextInt(5), (rnd.nextBoolean() ? 1 : -1) * (long) (rnd.nextDouble() * 5e13), 1 + rnd.nextInt(5)));
            }
            if (rnd.nextBoolean()) {
                shocks.add(Shock.funding(1 + rnd.nextInt(5), (long) ((rnd.nextDouble() - 0.3) * 0.01 * Fixed.ONE_E12)));
            }
            if (rnd.nextBoolean()) {
                shocks.add(Shock.spotTrend(0, -20 * rnd.nextDouble(), 1 + rnd.nextInt(30)));
            }
            long fund = rnd.nextBoolean() ? 0 : rnd.nextInt(5_000_000);
            CascadeEngine e = engine(p, new LiquidationIndex(Fixed.ONE_E8), fund, 1e6 + rnd.nextDouble() * 5e7, shocks);
            long cash0 = e.conservedCash();
            long qty0 = e.conservedQty();
            String ctx = "run " + run + " seed " + seed;
            CascadeResult r = e.run((s, eng) -> {
                assertThat(eng.conservedCash()).as(ctx + " cash at step " + s.step()).isEqualTo(cash0);
                assertThat(eng.conservedQty()).as(ctx + " qty at step " + s.step()).isEqualTo(qty0);
            });
            assertThat(r.conservedAfter()).isEqualTo(r.conservedBefore());
            // Nobody is left with a negative isolated balance after liquidation.
            for (int i = 0; i < p.store().size(); i++) {
                if (p.store().qty(i) == 0) {
                    assertThat(p.store().wallet(i) - p.store().cost(i)).as(ctx + " position " + i).isGreaterThanOrEqualTo(0);
                }
            }
            if (!r.adlEvents().isEmpty()) {
                adlRuns++;
            }
        }
        // The random scenarios must actually exercise the fund-exhausted path, or the test proves little.
        assertThat(adlRuns).isGreaterThan(0);
    }

    @Test
    void adlFiresOnlyWhenTheFundCannotAbsorbTheLoss() {
        Population p = population(4000, 11, 0.6, 3);
        CascadeEngine poor = engine(p.copy(), new LiquidationIndex(Fixed.ONE_E8), 0, 2e6, List.of(Shock.gap(-25)));
        CascadeResult r = poor.run(null);
        assertThat(r.adlEvents()).isNotEmpty();
        for (AdlEvent a : r.adlEvents()) {
            assertThat(a.fundEquityUsd() - a.fundLossUsd()).isLessThanOrEqualTo(0);
        }
        // With a fund large enough for every takeover, no ADL at all, and the fund pays instead.
        CascadeEngine rich = engine(p.copy(), new LiquidationIndex(Fixed.ONE_E8), 10_000_000_000L, 2e6, List.of(Shock.gap(-25)));
        CascadeResult rr = rich.run(null);
        assertThat(rr.adlEvents()).isEmpty();
        assertThat(rr.insuranceFundMinUsd()).isLessThan(rr.insuranceFundStartUsd());
        assertThat(rr.longsLiquidated()).isGreaterThan(0);
    }

    @Test
    void adlQueueRanksByPnlPercentTimesMarginRatio() {
        PositionStore s = new PositionStore(8);
        long mark = 30_000L * Fixed.ONE_E8;
        // Three shorts entered at 40k: 10x, 2x and 20x; all in profit at 30k. Higher leverage = higher rank.
        long q = -Fixed.ONE_E8;
        long cost = MarginMath.value(q, 40_000L * Fixed.ONE_E8);
        int lev10 = s.add(q, cost, 4_000L * Fixed.ONE_E6, false);
        int lev2 = s.add(q, cost, 20_000L * Fixed.ONE_E6, false);
        int lev20 = s.add(q, cost, 2_000L * Fixed.ONE_E6, false);
        int longOne = s.add(-q, -cost, 4_000L * Fixed.ONE_E6, false);
        CascadeEngine.computeLiquidationPrices(s, BTC);
        AdlQueue queue = new AdlQueue();
        queue.build(s, false, mark, BTC, 0);
        List<Integer> order = new ArrayList<>();
        for (int id; (id = queue.peek(s, false)) >= 0; ) {
            order.add(id);
            s.setQty(id, 0); // closed: the queue skips it lazily
        }
        assertThat(order).containsExactly(lev20, lev10, lev2);
        assertThat(order).doesNotContain(longOne);
        double top = MarginMath.adlScore(2_000L * Fixed.ONE_E6, cost, q, mark, BTC);
        // PnL% = 10000/2000 = 5; margin ratio = MM(30k x 0.4% = 120) / (2000 + 10000)
        assertThat(top).isCloseTo(5 * 120.0 / 12_000, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void topKSnapshotRanksLikeTheFullRankingAndGrowsWhenExhausted() {
        Population p = population(6000, 23, 0.8, 8);
        PositionStore s = p.store();
        long mark = 36_000L * Fixed.ONE_E8;
        AdlQueue sorted = new AdlQueue(1 << 20); // holds the whole side: the full ranking
        sorted.build(s, false, mark, BTC, 0);
        AdlQueue small = new AdlQueue(16);
        small.build(s, false, mark, BTC, 0);
        PositionStore a = s.copy();
        PositionStore b = s.copy();
        int step = 0;
        List<Integer> fromSort = new ArrayList<>();
        List<Integer> fromHeap = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            int x = sorted.peek(a, false);
            a.setQty(x, 0);
            fromSort.add(x);
            int y = small.peek(b, false);
            while (y < 0 && !small.complete()) {
                small.build(b, false, mark, BTC, step); // same step: capacity quadruples
                y = small.peek(b, false);
            }
            b.setQty(y, 0);
            fromHeap.add(y);
        }
        assertThat(fromHeap).isEqualTo(fromSort);
    }

    @Test
    void indexAndScanGiveTheSameCascade() {
        Population p = population(3000, 99, 0.55, 6);
        List<Shock> shocks = List.of(Shock.gap(-12), Shock.marketSell(1, 20_000_000L * Fixed.ONE_E6, 3));
        CascadeResult a = engine(p.copy(), new LiquidationIndex(Fixed.ONE_E8), 1_000_000, 1e7, shocks).run(null);
        CascadeResult b = engine(p.copy(), new ScanFinder(BTC, false), 1_000_000, 1e7, shocks).run(null);
        assertThat(a.steps()).isEqualTo(b.steps());
        assertThat(a.liquidatedUsd()).isEqualTo(b.liquidatedUsd()).isPositive();
    }

    @Test
    void liquidationSellingPushesPriceBeyondTheShock() {
        Population p = population(5000, 3, 0.25, 2);
        List<Shock> shocks = List.of(Shock.gap(-5));
        CascadeResult withPositions = engine(p, new LiquidationIndex(Fixed.ONE_E8), 1_000_000, 5e6, shocks).run(null);
        Population empty = new Population("BTCUSDT", START, BTC, new PositionStore(1), 0, List.of());
        CascadeResult without = engine(empty, new LiquidationIndex(Fixed.ONE_E8), 1_000_000, 5e6, shocks).run(null);
        assertThat(without.liquidatedUsd()).isZero();
        assertThat(withPositions.longsLiquidated()).isGreaterThan(0);
        assertThat(withPositions.minMark()).isLessThan(without.minMark());
        assertThat(withPositions.quiescent()).isTrue();
    }

    @Test
    void liquidatedPositionsWereReallyUnderMaintenance() {
        Population p = population(2000, 17, 0.5, 4);
        PositionStore before = p.store().copy();
        CascadeEngine e = engine(p, new LiquidationIndex(Fixed.ONE_E8), 1_000_000, 5e6, List.of(Shock.gap(-8)));
        StepStats s = e.step();
        int checked = 0;
        for (int i = 0; i < before.size(); i++) {
            boolean wasOpen = before.qty(i) != 0;
            boolean crossed = before.qty(i) > 0 ? before.lp(i) >= s.mark() : before.lp(i) <= s.mark();
            if (wasOpen && crossed) {
                assertThat(MarginMath.liquidatable(before.wallet(i), before.cost(i), before.qty(i), s.mark(), BTC)).isTrue();
                checked++;
            }
        }
        assertThat(checked).isEqualTo(s.liquidations()).isPositive();
    }

    @Test
    void makerDepthFollowsTheSquareRootProfile() {
        dev.cascade.core.sim.book.OrderBook book = new dev.cascade.core.sim.book.OrderBook(0, Fixed.ONE_E8, 100_000);
        SqrtImpactMaker m = new SqrtImpactMaker(new SqrtImpactMaker.Params(10e6, 10, 10, 0.3, 0, 0.05, 10), -1);
        m.refresh(book, START);
        double d1 = book.bidDepthDownTo(START / 100 * 99) * 39_600.0 / 1e8;
        double d2 = book.bidDepthDownTo(START / 100 * 98) * 39_200.0 / 1e8;
        assertThat(d1).isBetween(9e6, 11e6);
        assertThat(d2 / d1).isBetween(3.6, 4.4); // twice the distance, four times the depth
    }
}
