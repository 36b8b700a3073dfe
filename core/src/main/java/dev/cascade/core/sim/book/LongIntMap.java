package dev.cascade.core.sim.book;

/** Open-addressing long -> int map (linear probing, backward-shift delete): order id -> pool slot, no boxing. */
final class LongIntMap {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new int[cap];
        java.util.Arrays.fill(keys, EMPTY);
        mask = cap - 1;
    }

    private static int hash(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    int get(long key) {
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY) {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    void put(long key, int value) {
        if (key == EMPTY) {
            throw new IllegalArgumentException("order id " + key + " is reserved");
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int i = hash(key) & mask;
        while (keys[i] != EMPTY && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == EMPTY) {
            size++;
        }
        keys[i] = key;
        values[i] = value;
    }

    void remove(long key) {
        int i = hash(key) & mask;
        while (keys[i] != key) {
            if (keys[i] == EMPTY) {
                return;
            }
            i = (i + 1) & mask;
        }
        size--;
        // Backward-shift deletion keeps probe chains intact without tombstones.
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (keys[j] == EMPTY) {
                break;
            }
            int home = hash(keys[j]) & mask;
            boolean between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!between) {
                keys[i] = keys[j];
                values[i] = values[j];
                i = j;
            }
        }
        keys[i] = EMPTY;
    }

    int size() {
        return size;
    }

    void clear() {
        java.util.Arrays.fill(keys, EMPTY);
        size = 0;
    }

    private void grow() {
        long[] ok = keys;
        int[] ov = values;
        keys = new long[ok.length * 2];
        values = new int[ok.length * 2];
        java.util.Arrays.fill(keys, EMPTY);
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] != EMPTY) {
                put(ok[i], ov[i]);
            }
        }
    }
}
