package dev.cascade.core.sim.engine;

import java.util.Arrays;

/**
 * Positions as struct-of-arrays (one long[] per field), so ten million positions are a few flat arrays instead of
 * ten million objects. Position i is one account's position in the simulated contract.
 *
 * <p>Fields: {@code qty} signed e8 (long &gt; 0); {@code cost} signed cost basis qty x entry, USD e6;
 * {@code wallet} margin wallet USD e6 (isolated margin, or the whole cross wallet for a cross account);
 * {@code lp} liquidation price e8 as last computed (0 = never for a long); {@code cross} margin mode.
 */
public final class PositionStore {
    private long[] qty;
    private long[] cost;
    private long[] wallet;
    private long[] lp;
    private boolean[] cross;
    private int size;
    private long touched;

    public PositionStore(int capacity) {
        int c = Math.max(16, capacity);
        qty = new long[c];
        cost = new long[c];
        wallet = new long[c];
        lp = new long[c];
        cross = new boolean[c];
    }

    public int add(long q, long c, long w, boolean isCross) {
        if (size == qty.length) {
            int cap = size * 2;
            qty = Arrays.copyOf(qty, cap);
            cost = Arrays.copyOf(cost, cap);
            wallet = Arrays.copyOf(wallet, cap);
            lp = Arrays.copyOf(lp, cap);
            cross = Arrays.copyOf(cross, cap);
        }
        qty[size] = q;
        cost[size] = c;
        wallet[size] = w;
        cross[size] = isCross;
        return size++;
    }

    /** Deep copy, so one generated population can be run many times (benchmarks, stress tests at several drops). */
    public PositionStore copy() {
        PositionStore s = new PositionStore(0);
        s.qty = Arrays.copyOf(qty, size);
        s.cost = Arrays.copyOf(cost, size);
        s.wallet = Arrays.copyOf(wallet, size);
        s.lp = Arrays.copyOf(lp, size);
        s.cross = Arrays.copyOf(cross, size);
        s.size = size;
        return s;
    }

    public int size() {
        return size;
    }

    public long qty(int i) {
        return qty[i];
    }

    public long cost(int i) {
        return cost[i];
    }

    public long wallet(int i) {
        return wallet[i];
    }

    public long lp(int i) {
        return lp[i];
    }

    public boolean cross(int i) {
        return cross[i];
    }

    void setQty(int i, long v) {
        qty[i] = v;
    }

    void setCost(int i, long v) {
        cost[i] = v;
    }

    void setWallet(int i, long v) {
        wallet[i] = v;
    }

    public void setLp(int i, long v) {
        lp[i] = v;
    }

    /**
     * Reads the fields a trade touches for {@code ids[from, to)}, in one tight loop: positions met in ADL rank order
     * sit at random in memory, and loads issued together wait for memory together instead of one after another.
     * Changes nothing.
     */
    void touch(int[] ids, int from, int to) {
        long x = 0;
        for (int k = from; k < to; k++) {
            int i = ids[k];
            x += qty[i] ^ cost[i] ^ wallet[i];
        }
        touched += x; // kept, so the reads are not optimized away
    }

    long[] qtyArray() {
        return qty;
    }

    long[] lpArray() {
        return lp;
    }

    /** Sum of wallet - cost over all positions: the traders' share of the conserved cash. */
    public long totalCash() {
        long s = 0;
        for (int i = 0; i < size; i++) {
            s += wallet[i] - cost[i];
        }
        return s;
    }

    public long totalQty() {
        long s = 0;
        for (int i = 0; i < size; i++) {
            s += qty[i];
        }
        return s;
    }
}
