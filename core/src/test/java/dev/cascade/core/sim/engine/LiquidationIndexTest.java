package dev.cascade.core.sim.engine;

import dev.cascade.core.sim.margin.BracketTable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class LiquidationIndexTest {
    @Test
    void popsExactlyTheCrossedPositionsAndOnlyOnce() {
        long seed = 7L;
        System.out.println("LiquidationIndexTest seed=" + seed);
        Random rnd = new Random(seed);
        PositionStore s = new PositionStore(1000);
        for (int i = 0; i < 5000; i++) {
            boolean isLong = rnd.nextBoolean();
            int id = s.add(isLong ? 100_000_000 : -100_000_000, 0, 0, false);
            s.setLp(id, (30_000L + rnd.nextInt(20_000)) * 100_000_000L + rnd.nextInt(100_000_000));
        }
        LiquidationIndex idx = new LiquidationIndex(100_000_000L);
        idx.build(s);
        ScanFinder scan = new ScanFinder(BracketTable.binanceBtcUsdt2021(), false);
        scan.build(s);
        TreeSet<Integer> popped = new TreeSet<>();
        long mark = 50_000L * 100_000_000L;
        for (int round = 0; round < 200; round++) {
            mark -= rnd.nextInt(200) * 100_000_000L + rnd.nextInt(100_000_000);
            IntList got = new IntList();
            idx.popCrossed(true, mark, got);
            IntList want = new IntList();
            scan.popCrossed(true, mark, want);
            List<Integer> g = new ArrayList<>();
            for (int k = 0; k < got.size(); k++) {
                g.add(got.get(k));
                assertThat(popped.add(got.get(k))).isTrue();
                assertThat(s.lp(got.get(k))).isGreaterThanOrEqualTo(mark);
            }
            List<Integer> w = new ArrayList<>();
            for (int k = 0; k < want.size(); k++) {
                w.add(want.get(k));
            }
            // The scan sees positions still open; mark the popped ones flat as the engine would.
            for (int id : g) {
                s.setQty(id, 0);
            }
            assertThat(g).containsExactlyInAnyOrderElementsOf(w);
        }
        assertThat(popped).isNotEmpty();
    }

    @Test
    void updateRefilesAPosition() {
        PositionStore s = new PositionStore(4);
        int a = s.add(-100_000_000, 0, 0, false);
        s.setLp(a, 60_000L * 100_000_000L);
        LiquidationIndex idx = new LiquidationIndex(100_000_000L);
        idx.build(s);
        IntList out = new IntList();
        idx.popCrossed(false, 59_000L * 100_000_000L, out);
        assertThat(out.size()).isZero();
        s.setLp(a, 58_000L * 100_000_000L);
        idx.update(a, false, 60_000L * 100_000_000L, -100_000_000, 58_000L * 100_000_000L);
        idx.popCrossed(false, 59_000L * 100_000_000L, out);
        assertThat(out.size()).isEqualTo(1);
        assertThat(idx.bucketCount()).isZero();
    }

    @Test
    void markModelTakesTheMedianAndClamps() {
        MarkPriceModel m = new MarkPriceModel(1, 50_000, 0, 0);
        // index 100, mid 90 (basis -10), last 80: median(100, 90, 80) = 90
        assertThat(m.update(100_00000000L, 90_00000000L, 80_00000000L)).isEqualTo(95_00000000L);
        MarkPriceModel unclamped = new MarkPriceModel(1, 0, 0, 0);
        assertThat(unclamped.update(100_00000000L, 90_00000000L, 80_00000000L)).isEqualTo(90_00000000L);
        assertThat(MarkPriceModel.median(3, 1, 2)).isEqualTo(2);
    }
}
