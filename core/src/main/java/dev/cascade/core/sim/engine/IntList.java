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

    public void clear() {
        n = 0;
    }
}
