package dev.cascade.core.sim.engine;

import java.util.Arrays;

/**
 * Positions in flat arrays, so ten million positions are a few arrays instead of ten million objects. Position i is
 * one account's position in the simulated contract.
 *
 * <p>Fields: {@code qty} signed e8 (long &gt; 0); {@code cost} signed cost basis qty x entry, USD e6;
 * {@code wallet} margin wallet USD e6 (isolated margin, or the whole cross wallet for a cross account);
 * {@code lp} liquidation price e8 as last computed (0 = never for a long); {@code cross} margin mode.
 *
 * <p>The four numbers of a position sit side by side in one {@code long[]} (stride 4, 32 bytes): liquidation and
 * ADL touch positions in price or rank order, effectively at random, and one cache miss then brings the whole
 * position instead of one miss per field.
 */
public final class PositionStore {
    private static final int STRIDE = 4;
    private static final int QTY = 0;
    private static final int COST = 1;
    private static final int WALLET = 2;
    private static final int LP = 3;

    private long[] f;
    private boolean[] cross;
    private int size;

    public PositionStore(int capacity) {
        int c = Math.max(16, capacity);
        f = new long[c * STRIDE];
        cross = new boolean[c];
    }

    public int add(long q, long c, long w, boolean isCross) {
        if (size == cross.length) {
            int cap = size * 2;
            f = Arrays.copyOf(f, cap * STRIDE);
            cross = Arrays.copyOf(cross, cap);
        }
        int o = size * STRIDE;
        f[o + QTY] = q;
        f[o + COST] = c;
        f[o + WALLET] = w;
        cross[size] = isCross;
        return size++;
    }

    /** Deep copy, so one generated population can be run many times (benchmarks, stress tests at several drops). */
    public PositionStore copy() {
        PositionStore s = new PositionStore(0);
        s.f = Arrays.copyOf(f, size * STRIDE);
        s.cross = Arrays.copyOf(cross, size);
        s.size = size;
        return s;
    }

    public int size() {
        return size;
    }

    public long qty(int i) {
        return f[i * STRIDE + QTY];
    }

    public long cost(int i) {
        return f[i * STRIDE + COST];
    }

    public long wallet(int i) {
        return f[i * STRIDE + WALLET];
    }

    public long lp(int i) {
        return f[i * STRIDE + LP];
    }

    public boolean cross(int i) {
        return cross[i];
    }

    void setQty(int i, long v) {
        f[i * STRIDE + QTY] = v;
    }

    void setCost(int i, long v) {
        f[i * STRIDE + COST] = v;
    }

    void setWallet(int i, long v) {
        f[i * STRIDE + WALLET] = v;
    }

    public void setLp(int i, long v) {
        f[i * STRIDE + LP] = v;
    }

    /** Sum of wallet - cost over all positions: the traders' share of the conserved cash. */
    public long totalCash() {
        long s = 0;
        for (int o = 0; o < size * STRIDE; o += STRIDE) {
            s += f[o + WALLET] - f[o + COST];
        }
        return s;
    }

    public long totalQty() {
        long s = 0;
        for (int o = 0; o < size * STRIDE; o += STRIDE) {
            s += f[o + QTY];
        }
        return s;
    }
}
