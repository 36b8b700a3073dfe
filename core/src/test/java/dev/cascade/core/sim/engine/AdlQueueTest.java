package dev.cascade.core.sim.engine;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class AdlQueueTest {
    /**
     * Seeded: chunks as the queue cuts them (keys = inverted score bits, ids ascending) sort by radix exactly as a
     * comparison sort of the whole longs does; narrow and wide key ranges, many ties, sizes around the radix cut-off.
     */
    @Test
    void radixSortOfAChunkEqualsTheFullSort() {
        long seed = 1_701_302_026L;
        System.out.println("AdlQueueTest seed=" + seed);
        Random rnd = new Random(seed);
        int[] counts = new int[3 << 11];
        for (int run = 0; run < 300; run++) {
            int n = run < 20 ? AdlQueue.RADIX_MIN - 10 + run : rnd.nextInt(20_000);
            int span = switch (rnd.nextInt(4)) {
                case 0 -> 1;                           // every key equal: ids decide
                case 1 -> 1 + rnd.nextInt(64);          // many ties
                case 2 -> 1 + rnd.nextInt(1 << 22);     // two digits
                default -> Integer.MAX_VALUE;           // all 31 bits
            };
            int base = span == Integer.MAX_VALUE ? 0 : rnd.nextInt(Integer.MAX_VALUE - span);
            long[] chunk = new long[n];
            int id = 0;
            int minKey = Integer.MAX_VALUE;
            int maxKey = 0;
            for (int k = 0; k < n; k++) {
                id += 1 + rnd.nextInt(5);
                int key = base + (span == Integer.MAX_VALUE ? rnd.nextInt(Integer.MAX_VALUE) : rnd.nextInt(span));
                minKey = Math.min(minKey, key);
                maxKey = Math.max(maxKey, key);
                chunk[k] = ((long) key << 32) | id;
            }
            long[] expected = chunk.clone();
            Arrays.sort(expected);
            long[] sorted = AdlQueue.sortByKey(chunk, new long[n], n, minKey, maxKey, counts);
            assertThat(Arrays.copyOf(sorted, n)).as("run %d n %d span %d", run, n, span).isEqualTo(expected);
        }
    }
}
