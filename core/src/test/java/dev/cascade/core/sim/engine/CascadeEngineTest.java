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

    /** A gap, then maybe an outside market sell or buy, a funding settlement and a spot down-trend. */
    private static List<Shock> randomShocks(Random rnd, double gapPct) {
        List<Shock> shocks = new ArrayList<>();
        shocks.add(Shock.gap(gapPct));
        if (rnd.nextBoolean()) {
            shocks.add(Shock.marketSell(rnd.nextInt(5), (rnd.nextBoolean() ? 1 : -1) * (long) (rnd.nextDouble() * 5e13), 1 + rnd.nextInt(5)));
        }
        if (rnd.nextBoolean()) {
            shocks.add(Shock.funding(1 + rnd.nextInt(5), (long) ((rnd.nextDouble() - 0.3) * 0.01 * Fixed.ONE_E12)));
        }
        if (rnd.nextBoolean()) {
            shocks.add(Shock.spotTrend(0, -20 * rnd.nextDouble(), 1 + rnd.nextInt(30)));
        }
        return shocks;
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
            List<Shock> shocks = randomShocks(rnd, -30 + 45 * rnd.nextDouble());
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
    void snapshotServesTheFullSortedRankingChunkByChunk() {
        Population p = population(6000, 23, 0.8, 8);
        long mark = 36_000L * Fixed.ONE_E8;
        PositionStore a = p.store().copy();
        PositionStore b = p.store().copy();
        for (int i = 0; i < a.size(); i += 7) { // closed before the snapshot: never served
            a.setQty(i, 0);
            b.setQty(i, 0);
        }
        FullSortAdlRanking full = new FullSortAdlRanking();
        full.build(a, false, mark, BTC, 0);
        AdlQueue chunked = new AdlQueue(16); // cuts hundreds of chunks, down to the zero scores
        chunked.build(b, false, mark, BTC, 0);
        List<Integer> fromFull = new ArrayList<>();
        List<Integer> fromChunks = new ArrayList<>();
        for (int x; (x = full.peek(a, false)) >= 0; ) {
            fromFull.add(x);
            a.setQty(x, 0);
            if (x % 5 == 0 && x + 1 < a.size()) {
                a.setQty(x + 1, 0); // closed after the snapshot (liquidated): skipped
            }
        }
        for (int y; (y = chunked.peek(b, false)) >= 0; ) {
            fromChunks.add(y);
            b.setQty(y, 0);
            if (y % 5 == 0 && y + 1 < b.size()) {
                b.setQty(y + 1, 0);
            }
        }
        assertThat(fromFull).hasSizeGreaterThan(1000);
        assertThat(fromChunks).isEqualTo(fromFull);
    }

    /**
     * Seeded equivalence: whole cascades with ADL (funds from zero, gaps both ways, funding, market sells and buys)
     * give the same steps, ADL fills and final positions whether the ranking is chunked or fully sorted.
     */
    @Test
    void chunkedAdlRankingGivesTheSameCascadeAsAFullSort() {
        long master = 30_112_026L;
        System.out.println("CascadeEngineTest.adlEquivalence master seed=" + master);
        Random rnd = new Random(master);
        int adlRuns = 0;
        for (int run = 0; run < 20; run++) {
            long seed = rnd.nextLong();
            Population p = population(1000 + rnd.nextInt(4000), seed, 0.2 + 0.6 * rnd.nextDouble(), 1 + 10 * rnd.nextDouble());
            List<Shock> shocks = randomShocks(rnd, (rnd.nextBoolean() ? -1 : 1) * (5 + 25 * rnd.nextDouble()));
            long fund = rnd.nextInt(3) == 0 ? rnd.nextInt(2_000_000) : 0;
            EngineConfig cfg = EngineConfig.defaults(fund * Fixed.ONE_E6, 1e6 + rnd.nextDouble() * 2e7);
            Population pa = p.copy();
            Population pb = p.copy();
            int initial = 1 + rnd.nextInt(64);
            CascadeResult a = new CascadeEngine(pa.store(), BTC, new LiquidationIndex(Fixed.ONE_E8), cfg, p.startPrice(),
                    shocks, new AdlQueue(initial), new AdlQueue(initial)).run(null);
            FullSortAdlRanking longs = new FullSortAdlRanking();
            FullSortAdlRanking shorts = new FullSortAdlRanking();
            CascadeResult b = new CascadeEngine(pb.store(), BTC, new LiquidationIndex(Fixed.ONE_E8), cfg, p.startPrice(),
                    shocks, longs, shorts).run(null);
            String ctx = "run " + run + " seed " + seed;
            assertThat(a.adlFills()).as(ctx).isEqualTo(b.adlFills());
            assertThat(a.adlEvents()).as(ctx).isEqualTo(b.adlEvents());
            assertThat(a.steps()).as(ctx).isEqualTo(b.steps());
            for (int i = 0; i < pa.store().size(); i++) {
                assertThat(pa.store().qty(i)).as(ctx + " qty " + i).isEqualTo(pb.store().qty(i));
                assertThat(pa.store().wallet(i)).as(ctx + " wallet " + i).isEqualTo(pb.store().wallet(i));
            }
            if (a.adlFills() > 0 && longs.builds + shorts.builds > 1) {
                adlRuns++;
            }
        }
        assertThat(adlRuns).as("runs with ADL over more than one snapshot").isGreaterThan(3);
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
