package dev.cascade.core.sim.book;

import java.util.Arrays;

/**
 * A price-time priority limit order book for one instrument, exchange-core style: long fixed-point prices (e8) on a
 * fixed tick ladder, sizes e8, orders in struct-of-arrays pools linked FIFO per price level, a bitset of non-empty
 * levels so the next best price is found a 64-level word at a time, and an open-addressing id map for cancels.
 * Single-threaded by design (one book = one matching thread). Supports GTC limit, IOC limit and market orders.
 */
public final class OrderBook {
    private static final int NIL = -1;

    private final long minPrice;
    private final long tick;
    private final int levels;

    // Per level: FIFO of order slots and total resting size.
    private final int[] head;
    private final int[] tail;
    private final long[] levelSize;
    private final long[] nonEmpty;
    private int bestBid = NIL;
    private int bestAsk = NIL;

    // Order pool.
    private long[] orderId;
    private long[] orderSize;
    private int[] orderOwner;
    private int[] orderLevel;
    private int[] next;
    private int[] prev;
    private boolean[] orderBuy;
    private int freeHead = NIL;
    private int used;
    private final LongIntMap byId;

    private FillListener listener = FillListener.NONE;
    private long lastTradePrice;
    private long tradeCount;

    public OrderBook(long minPrice, long tickSize, int levels) {
        if (tickSize <= 0 || levels <= 0 || minPrice < 0) {
            throw new IllegalArgumentException("book needs positive tick, levels and non-negative min price");
        }
        this.minPrice = minPrice;
        this.tick = tickSize;
        this.levels = levels;
        head = new int[levels];
        tail = new int[levels];
        Arrays.fill(head, NIL);
        Arrays.fill(tail, NIL);
        levelSize = new long[levels];
        nonEmpty = new long[(levels + 63) >>> 6];
        int cap = 1 << 12;
        orderId = new long[cap];
        orderSize = new long[cap];
        orderOwner = new int[cap];
        orderLevel = new int[cap];
        next = new int[cap];
        prev = new int[cap];
        orderBuy = new boolean[cap];
        byId = new LongIntMap(cap);
    }

    public void setListener(FillListener listener) {
        this.listener = listener == null ? FillListener.NONE : listener;
    }

    public long tickSize() {
        return tick;
    }

    public long minPrice() {
        return minPrice;
    }

    public long maxPrice() {
        return minPrice + (levels - 1) * tick;
    }

    /** Best bid price e8, or 0 when no bids rest. */
    public long bestBid() {
        return bestBid == NIL ? 0 : priceOf(bestBid);
    }

    /** Best ask price e8, or 0 when no asks rest. */
    public long bestAsk() {
        return bestAsk == NIL ? 0 : priceOf(bestAsk);
    }

    public long lastTradePrice() {
        return lastTradePrice;
    }

    public long tradeCount() {
        return tradeCount;
    }

    public int restingOrders() {
        return byId.size();
    }

    /** Total resting size at one price (e8). */
    public long sizeAt(long price) {
        int l = levelOf(price);
        return l < 0 || l >= levels ? 0 : levelSize[l];
    }

    /** Total resting bid size at or above {@code price}; for depth reports. */
    public long bidDepthDownTo(long price) {
        long sum = 0;
        int stop = Math.max(0, ceilLevel(price));
        for (int l = bestBid; l >= stop && l != NIL; l = prevNonEmpty(l - 1)) {
            sum += levelSize[l];
        }
        return sum;
    }

    public long askDepthUpTo(long price) {
        long sum = 0;
        int stop = Math.min(levels - 1, floorLevel(price));
        for (int l = bestAsk; l != NIL && l <= stop; l = nextNonEmpty(l + 1)) {
            sum += levelSize[l];
        }
        return sum;
    }

    public long priceOf(int level) {
        return minPrice + level * tick;
    }

    /** Rounds a price to the book's tick (down for bids, up for asks: a quote never improves by rounding). */
    public long roundToTick(long price, boolean buy) {
        long off = price - minPrice;
        long lv = buy ? Math.floorDiv(off, tick) : -Math.floorDiv(-off, tick);
        return minPrice + lv * tick;
    }

    /** GTC limit order: matches what crosses, rests the remainder. Returns the size filled immediately. */
    public long placeLimit(long id, int owner, boolean buy, long price, long size) {
        int level = checkedLevel(price);
        checkSize(size);
        if (byId.get(id) != NIL) {
            throw new IllegalArgumentException("duplicate order id " + id);
        }
        long filled = match(buy, level, size);
        long rest = size - filled;
        if (rest > 0) {
            rest(id, owner, buy, level, rest);
        }
        return filled;
    }

    /** Immediate-or-cancel at a limit price (prices beyond the ladder are clamped to it). Returns the size filled. */
    public long placeIoc(boolean buy, long limitPrice, long size) {
        checkSize(size);
        long off = limitPrice - minPrice;
        int level;
        if (buy) {
            level = off < 0 ? NIL : (int) Math.min(levels - 1, off / tick);
            if (level == NIL) {
                return 0;
            }
        } else {
            long up = off <= 0 ? 0 : (off + tick - 1) / tick;
            if (up >= levels) {
                return 0;
            }
            level = (int) up;
        }
        return match(buy, level, size);
    }

    /** Market order: sweeps the opposite side until filled or the side is empty. Returns the size filled. */
    public long placeMarket(boolean buy, long size) {
        checkSize(size);
        return match(buy, buy ? levels - 1 : 0, size);
    }

    /** Cancels a resting order; returns its remaining size, or 0 when it is unknown (already filled or cancelled). */
    public long cancel(long id) {
        int slot = byId.get(id);
        if (slot == NIL) {
            return 0;
        }
        long remaining = orderSize[slot];
        unlink(slot);
        return remaining;
    }

    /** Drops every resting order (makers pulling quotes). */
    public void clear() {
        for (int l = 0; l < levels; l++) {
            head[l] = NIL;
            tail[l] = NIL;
            levelSize[l] = 0;
        }
        Arrays.fill(nonEmpty, 0);
        bestBid = NIL;
        bestAsk = NIL;
        byId.clear();
        freeHead = NIL;
        used = 0;
    }

    private long match(boolean buy, int limitLevel, long size) {
        long remaining = size;
        if (buy) {
            while (remaining > 0 && bestAsk != NIL && bestAsk <= limitLevel) {
                remaining = takeLevel(bestAsk, remaining, true);
                if (head[bestAsk] == NIL) {
                    bestAsk = nextNonEmpty(bestAsk + 1);
                }
            }
        } else {
            while (remaining > 0 && bestBid != NIL && bestBid >= limitLevel) {
                remaining = takeLevel(bestBid, remaining, false);
                if (head[bestBid] == NIL) {
                    bestBid = prevNonEmpty(bestBid - 1);
                }
            }
        }
        return size - remaining;
    }

    private long takeLevel(int level, long remaining, boolean takerBuys) {
        long price = priceOf(level);
        int slot = head[level];
        while (remaining > 0 && slot != NIL) {
            long avail = orderSize[slot];
            long q = Math.min(avail, remaining);
            remaining -= q;
            levelSize[level] -= q;
            tradeCount++;
            lastTradePrice = price;
            int nextSlot = next[slot];
            long id = orderId[slot];
            int owner = orderOwner[slot];
            if (q == avail) {
                // Fully filled: pop from the FIFO head.
                head[level] = nextSlot;
                if (nextSlot == NIL) {
                    tail[level] = NIL;
                    clearBit(level);
                } else {
                    prev[nextSlot] = NIL;
                }
                byId.remove(id);
                free(slot);
            } else {
                orderSize[slot] = avail - q;
            }
            listener.onFill(owner, id, price, q, takerBuys);
            slot = nextSlot;
        }
        return remaining;
    }

    private void rest(long id, int owner, boolean buy, int level, long size) {
        int slot = alloc();
        orderId[slot] = id;
        orderSize[slot] = size;
        orderOwner[slot] = owner;
        orderLevel[slot] = level;
        orderBuy[slot] = buy;
        next[slot] = NIL;
        prev[slot] = tail[level];
        if (tail[level] == NIL) {
            head[level] = slot;
            setBit(level);
        } else {
            next[tail[level]] = slot;
        }
        tail[level] = slot;
        levelSize[level] += size;
        byId.put(id, slot);
        if (buy) {
            if (bestBid == NIL || level > bestBid) {
                bestBid = level;
            }
        } else if (bestAsk == NIL || level < bestAsk) {
            bestAsk = level;
        }
    }

    private void unlink(int slot) {
        int level = orderLevel[slot];
        int p = prev[slot];
        int n = next[slot];
        if (p == NIL) {
            head[level] = n;
        } else {
            next[p] = n;
        }
        if (n == NIL) {
            tail[level] = p;
        } else {
            prev[n] = p;
        }
        levelSize[level] -= orderSize[slot];
        byId.remove(orderId[slot]);
        if (head[level] == NIL) {
            clearBit(level);
            if (level == bestBid) {
                bestBid = prevNonEmpty(level - 1);
            } else if (level == bestAsk) {
                bestAsk = nextNonEmpty(level + 1);
            }
        }
        free(slot);
    }

    private int alloc() {
        if (freeHead != NIL) {
            int s = freeHead;
            freeHead = next[s];
            return s;
        }
        if (used == orderId.length) {
            int cap = orderId.length * 2;
            orderId = Arrays.copyOf(orderId, cap);
            orderSize = Arrays.copyOf(orderSize, cap);
            orderOwner = Arrays.copyOf(orderOwner, cap);
            orderLevel = Arrays.copyOf(orderLevel, cap);
            next = Arrays.copyOf(next, cap);
            prev = Arrays.copyOf(prev, cap);
            orderBuy = Arrays.copyOf(orderBuy, cap);
        }
        return used++;
    }

    private void free(int slot) {
        next[slot] = freeHead;
        freeHead = slot;
    }

    private void setBit(int l) {
        nonEmpty[l >>> 6] |= 1L << (l & 63);
    }

    private void clearBit(int l) {
        nonEmpty[l >>> 6] &= ~(1L << (l & 63));
    }

    /** Lowest non-empty level >= from, or NIL. */
    private int nextNonEmpty(int from) {
        if (from >= levels) {
            return NIL;
        }
        int w = from >>> 6;
        long word = nonEmpty[w] & (-1L << (from & 63));
        while (true) {
            if (word != 0) {
                int l = (w << 6) + Long.numberOfTrailingZeros(word);
                return l < levels ? l : NIL;
            }
            if (++w >= nonEmpty.length) {
                return NIL;
            }
            word = nonEmpty[w];
        }
    }

    /** Highest non-empty level <= from, or NIL. */
    private int prevNonEmpty(int from) {
        if (from < 0) {
            return NIL;
        }
        int w = from >>> 6;
        long word = nonEmpty[w] & (-1L >>> (63 - (from & 63)));
        while (true) {
            if (word != 0) {
                return (w << 6) + 63 - Long.numberOfLeadingZeros(word);
            }
            if (--w < 0) {
                return NIL;
            }
            word = nonEmpty[w];
        }
    }

    private int levelOf(long price) {
        long off = price - minPrice;
        if (off < 0 || off % tick != 0) {
            return NIL;
        }
        long l = off / tick;
        return l >= levels ? NIL : (int) l;
    }

    private int ceilLevel(long price) {
        long off = price - minPrice;
        return off <= 0 ? 0 : (int) Math.min(levels, (off + tick - 1) / tick);
    }

    private int floorLevel(long price) {
        long off = price - minPrice;
        return off < 0 ? -1 : (int) Math.min(levels - 1, off / tick);
    }

    private int checkedLevel(long price) {
        int l = levelOf(price);
        if (l == NIL) {
            throw new IllegalArgumentException("price " + price + " is off the book's tick ladder ["
                    + minPrice + ", " + maxPrice() + "] step " + tick);
        }
        return l;
    }

    private static void checkSize(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("order size must be positive, got " + size);
        }
    }
}
