package dev.cascade.core.sim.engine;

import dev.cascade.core.money.Fixed;
import dev.cascade.core.sim.margin.BracketTable;
import dev.cascade.core.sim.scenario.PopulationGenerator;
import dev.cascade.core.sim.scenario.PopulationSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    /**
     * A chunk is the smallest run of whole 24-bit score groups, from the top of what is left, that holds the chunk's
     * capacity (the initial one, then four times more each cut), or everything left once the cut reaches the lowest bin. Cuts
     * after the first reuse the counts of earlier ones, so this checks that reuse, which the served order alone
     * cannot (any threshold gives the same order, only more or fewer passes).
     */
    @Test
    void eachChunkIsTheSmallestCutOfWholeScoreGroupsHoldingItsCapacity() {
        BracketTable btc = BracketTable.binanceBtcUsdt2021();
        long start = 40_000L * Fixed.ONE_E8;
        PopulationSpec spec = new PopulationSpec(20_000, 500_000_000L * Fixed.ONE_E6, 0.8,
                new double[] {2, 5, 10, 20, 50, 100}, new double[] {10, 20, 30, 20, 15, 5}, 0.3, 2.0,
                new long[0], new double[0], 8, 1.2, 29);
        PositionStore pristine = PopulationGenerator.generate(spec, "BTCUSDT", start, btc).store();
        long mark = 36_000L * Fixed.ONE_E8;
        List<long[]> side = new ArrayList<>(); // {score bits, id}
        for (int i = 0; i < pristine.size(); i++) {
            if (pristine.qty(i) < 0) {
                float score = (float) AdlQueue.score(pristine.wallet(i), pristine.cost(i), pristine.qty(i), mark / 1e10, btc);
                side.add(new long[] {Float.floatToRawIntBits(score), i});
            }
        }
        side.sort((a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0]) : Long.compare(a[1], b[1]));
        int chunks = 0;
        for (int initial : new int[] {1, 3, 16, 40, 100, 700}) {
            chunks += assertChunks(pristine.copy(), side, initial, mark, btc);
        }
        assertThat(chunks).isGreaterThan(25);
    }

    /** Serves the whole side, checking every chunk; returns how many chunks were cut. */
    private static int assertChunks(PositionStore s, List<long[]> side, int initial, long mark, BracketTable btc) {
        AdlQueue queue = new AdlQueue(initial);
        queue.build(s, false, mark, btc, 0);
        int capacity = initial;
        int done = 0;
        int chunks = 0;
        while (done < side.size()) {
            int id = queue.peek(s, false);
            assertThat(id).isEqualTo((int) side.get(done)[1]);
            int size = queue.chunkSize();
            int end = done + size;
            int left = side.size() - done;
            assertThat(size).as("initial %d chunk %d", initial, chunks).isGreaterThanOrEqualTo(Math.min(capacity, left));
            long lastGroup = side.get(end - 1)[0] >>> 7;
            if (end < side.size()) {
                assertThat(side.get(end)[0] >>> 7).as("chunk %d ends with a whole group", chunks).isLessThan(lastGroup);
            }
            int firstOfLastGroup = end - 1;
            while (firstOfLastGroup > done && side.get(firstOfLastGroup - 1)[0] >>> 7 == lastGroup) {
                firstOfLastGroup--;
            }
            boolean reachedLowestBin = size > capacity && side.get(done + capacity - 1)[0] >>> 19 == 0;
            if (!reachedLowestBin) {
                assertThat(firstOfLastGroup - done).as("chunk %d without its last group is short", chunks).isLessThan(capacity);
            }
            for (int k = done; k < end; k++) {
                assertThat(queue.peek(s, false)).isEqualTo((int) side.get(k)[1]);
                s.setQty((int) side.get(k)[1], 0);
            }
            done = end;
            capacity *= 4;
            chunks++;
        }
        assertThat(queue.peek(s, false)).isEqualTo(-1);
        return chunks;
    }
}
