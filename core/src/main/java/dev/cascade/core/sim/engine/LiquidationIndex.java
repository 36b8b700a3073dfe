package dev.cascade.core.sim.engine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Positions filed by liquidation price, per side, in price buckets of a fixed width held in a sorted map, so a mark
 * move visits only the buckets it crossed: O(log B + k + b) for B buckets, k crossed positions and b positions in the
 * one boundary bucket that must be checked one by one. This is the structure exchange-core PR #151 lacked (it
 * scanned every account on every price update).
 *
 * <p>Buckets are int arrays of position ids; {@code slot[id]} remembers where an id sits so removal is O(1)
 * (swap with the bucket's last id).
 */
public final class LiquidationIndex implements CrossedFinder {
    private final long bucketWidth;
    private final TreeMap<Long, Bucket> longs = new TreeMap<>();
    private final TreeMap<Long, Bucket> shorts = new TreeMap<>();
    private PositionStore store;
    private int[] slot = new int[0];

    private static final class Bucket {
        int[] ids = new int[8];
        int n;
    }

    /** @param bucketWidth bucket width in price units e8 (e.g. 1e8 = one dollar) */
    public LiquidationIndex(long bucketWidth) {
        if (bucketWidth <= 0) {
            throw new IllegalArgumentException("bucket width must be positive");
        }
        this.bucketWidth = bucketWidth;
    }

    @Override
    public void build(PositionStore s) {
        this.store = s;
        longs.clear();
        shorts.clear();
        slot = new int[s.size()];
        Arrays.fill(slot, -1);
        // Positions are added in id order; a one-entry cache of the last bucket skips most map lookups when the
        // population was generated in price order.
        for (int i = 0; i < s.size(); i++) {
            long q = s.qty(i);
            if (q != 0) {
                add(i, q > 0, s.lp(i));
            }
        }
    }

    public int bucketCount() {
        return longs.size() + shorts.size();
    }

    private void add(int id, boolean isLong, long lp) {
        TreeMap<Long, Bucket> side = isLong ? longs : shorts;
        Long k = Math.floorDiv(lp, bucketWidth);
        Bucket b = side.get(k);
        if (b == null) {
            b = new Bucket();
            side.put(k, b);
        }
        if (b.n == b.ids.length) {
            b.ids = Arrays.copyOf(b.ids, b.n * 2);
        }
        slot[id] = b.n;
        b.ids[b.n++] = id;
    }

    private void remove(int id, boolean isLong, long lp) {
        int at = slot[id];
        if (at < 0) {
            return;
        }
        TreeMap<Long, Bucket> side = isLong ? longs : shorts;
        Long k = Math.floorDiv(lp, bucketWidth);
        Bucket b = side.get(k);
        if (b == null || at >= b.n || b.ids[at] != id) {
            throw new IllegalStateException("index out of sync for position " + id);
        }
        int last = b.ids[--b.n];
        b.ids[at] = last;
        slot[last] = at;
        slot[id] = -1;
        if (b.n == 0) {
            side.remove(k);
        }
    }

    /**
     * A flat position is left where it is (lazy deletion): positions never reopen in a cascade, and whoever pops it
     * skips flat positions, so ADL closing thousands of positions costs no map work.
     */
    @Override
    public void update(int id, boolean wasLong, long oldLp, long newQty, long newLp) {
        if (newQty == 0) {
            return;
        }
        remove(id, wasLong, oldLp);
        add(id, newQty > 0, newLp);
    }

    @Override
    public void popCrossed(boolean longSide, long mark, IntList out) {
        long boundary = Math.floorDiv(mark, bucketWidth);
        NavigableMap<Long, Bucket> range = longSide ? longs.tailMap(boundary, true) : shorts.headMap(boundary, true);
        for (Iterator<Map.Entry<Long, Bucket>> it = range.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Bucket> e = it.next();
            Bucket b = e.getValue();
            if (e.getKey() != boundary) {
                // Every lp in this bucket is beyond the mark: take them all.
                for (int j = 0; j < b.n; j++) {
                    out.add(b.ids[j]);
                    slot[b.ids[j]] = -1;
                }
                it.remove();
                continue;
            }
            // The boundary bucket straddles the mark: check each position.
            for (int j = 0; j < b.n; ) {
                int id = b.ids[j];
                long lp = store.lp(id);
                if (longSide ? lp >= mark : lp <= mark) {
                    out.add(id);
                    slot[id] = -1;
                    int last = b.ids[--b.n];
                    b.ids[j] = last;
                    if (last != id) {
                        slot[last] = j;
                    }
                } else {
                    j++;
                }
            }
            if (b.n == 0) {
                it.remove();
            }
        }
    }

    @Override
    public void forEach(boolean longSide, IntConsumer action) {
        for (Bucket b : (longSide ? longs : shorts).values()) {
            for (int j = 0; j < b.n; j++) {
                if (store.qty(b.ids[j]) != 0) {
                    action.accept(b.ids[j]);
                }
            }
        }
    }
}
