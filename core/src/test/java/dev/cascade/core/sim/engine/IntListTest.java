package dev.cascade.core.sim.engine;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IntListTest {
    /** Seeded: sparse and dense lists, with and without repeats, sort like Arrays.sort. */
    @Test
    void sortWithinSortsLikeArraysSort() {
        long seed = 1_606_745_600L;
        System.out.println("IntListTest seed=" + seed);
        Random rnd = new Random(seed);
        for (int run = 0; run < 200; run++) {
            int universe = 1 + rnd.nextInt(5_000);
            int n = rnd.nextInt(universe + 1);
            boolean repeats = rnd.nextInt(4) == 0;
            int[] values = repeats ? rnd.ints(n, 0, universe).toArray() : shuffledPrefix(universe, n, rnd);
            IntList list = new IntList();
            for (int v : values) {
                list.add(v);
            }
            list.sortWithin(universe);
            int[] expected = values.clone();
            Arrays.sort(expected);
            int[] got = new int[list.size()];
            for (int k = 0; k < got.length; k++) {
                got[k] = list.get(k);
            }
            assertThat(got).as("run %d universe %d n %d", run, universe, n).isEqualTo(expected);
        }
    }

    private static int[] shuffledPrefix(int universe, int n, Random rnd) {
        int[] all = new int[universe];
        for (int i = 0; i < universe; i++) {
            all[i] = i;
        }
        for (int i = universe - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, n);
    }
}
