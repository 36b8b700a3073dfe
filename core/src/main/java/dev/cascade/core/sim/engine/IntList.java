package dev.cascade.core.sim.engine;

import java.util.Arrays;

/** A growable int list without boxing, reused across steps. */
public final class IntList {
    private int[] a = new int[64];
    private int n;

    public void add(int v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
        }
        a[n++] = v;
    }

    public int get(int i) {
        return a[i];
    }

    public int size() {
        return n;
    }

    public void sort() {
        Arrays.sort(a, 0, n);
    }

    /**
     * Sorts values known to lie in [0, universe). A list longer than universe/64 (a cascade step liquidating
     * millions) is sorted through a bitset in O(n + universe/64) instead of O(n log n); a list with repeated values
     * is then sorted the ordinary way, so the result is always the sorted list.
     */
    public void sortWithin(int universe) {
        if (n <= universe >>> 6) {
            sort();
            return;
        }
        long[] bits = new long[(universe + 63) >>> 6];
        for (int k = 0; k < n; k++) {
            bits[a[k] >>> 6] |= 1L << a[k];
        }
        int distinct = 0;
        for (long word : bits) {
            distinct += Long.bitCount(word);
        }
        if (distinct != n) {
            sort();
            return;
        }
        int k = 0;
        for (int w = 0; w < bits.length; w++) {
            for (long word = bits[w]; word != 0; word &= word - 1) {
                a[k++] = (w << 6) | Long.numberOfTrailingZeros(word);
            }
        }
    }

    public void clear() {
        n = 0;
    }
}
