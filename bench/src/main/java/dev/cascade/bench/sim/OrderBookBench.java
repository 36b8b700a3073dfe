package dev.cascade.bench.sim;

import dev.cascade.core.sim.book.OrderBook;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Order book matching throughput on an exchange-core-like command mix (their perf test: 9% GTC, 3% IOC, 6% cancel,
 * 82% move, ~1,000 resting orders): here 45% GTC place, 5% IOC, 10% market, 20% cancel, 20% move (cancel + place),
 * prices around a fixed mid so a share of the GTC orders cross. Reported as commands per second; the baseline is
 * a straightforward TreeMap-of-deques book doing the same commands in the same run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Thread)
public class OrderBookBench {
    static final int N = 1 << 20;
    static final long TICK = 100_000_000L;
    static final long MID = 40_000L * TICK;

    // Command stream: type 0 place, 1 ioc, 2 market, 3 cancel, 4 move.
    final byte[] type = new byte[N];
    final boolean[] buy = new boolean[N];
    final long[] price = new long[N];
    final long[] size = new long[N];
    final long[] target = new long[N];
    long idBase;

    OrderBook book;
    TreeMapBook baseline;

    @Setup(Level.Trial)
    public void generate() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < N; i++) {
            int r = rnd.nextInt(100);
            type[i] = (byte) (r < 45 ? 0 : r < 50 ? 1 : r < 60 ? 2 : r < 80 ? 3 : 4);
            buy[i] = rnd.nextBoolean();
            // Bids mostly below the mid and asks above, overlapping by a few ticks so some orders cross.
            long off = 1 + (long) Math.abs(rnd.nextGaussian() * 40);
            price[i] = buy[i] ? MID - off * TICK + 3 * TICK : MID + off * TICK - 3 * TICK;
            size[i] = (1 + rnd.nextInt(100)) * 1_000_000L;
            target[i] = Math.max(0, i - 1 - rnd.nextInt(2_000)); // cancel/move a recent order (it may be gone)
        }
        book = new OrderBook(MID - 5_000 * TICK, TICK, 10_000);
        baseline = new TreeMapBook();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long orderBook() {
        OrderBook b = book;
        long base = idBase;
        long filled = 0;
        for (int i = 0; i < N; i++) {
            switch (type[i]) {
                case 0 -> filled += b.placeLimit(base + i, 1, buy[i], price[i], size[i]);
                case 1 -> filled += b.placeIoc(buy[i], price[i], size[i]);
                case 2 -> filled += b.placeMarket(buy[i], size[i] / 10);
                case 3 -> b.cancel(base + target[i]);
                default -> {
                    if (b.cancel(base + target[i]) > 0) {
                        filled += b.placeLimit(base + i, 1, buy[i], price[i], size[i]);
                    }
                }
            }
        }
        idBase = base + N;
        b.clear();
        return filled;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long treeMapBaseline() {
        TreeMapBook b = baseline;
        long base = idBase;
        long filled = 0;
        for (int i = 0; i < N; i++) {
            switch (type[i]) {
                case 0 -> filled += b.limit(base + i, buy[i], price[i], size[i], true);
                case 1 -> filled += b.limit(base + i, buy[i], price[i], size[i], false);
                case 2 -> filled += b.limit(base + i, buy[i], buy[i] ? Long.MAX_VALUE : 0, size[i] / 10, false);
                case 3 -> b.cancel(base + target[i]);
                default -> {
                    if (b.cancel(base + target[i]) > 0) {
                        filled += b.limit(base + i, buy[i], price[i], size[i], true);
                    }
                }
            }
        }
        idBase = base + N;
        b.clear();
        return filled;
    }

    /** The obvious implementation: TreeMap of price -> FIFO deque, HashMap id -> order. */
    static final class TreeMapBook {
        static final class Order {
            final long id;
            final long price;
            final boolean buy;
            long size;

            Order(long id, long price, boolean buy, long size) {
                this.id = id;
                this.price = price;
                this.buy = buy;
                this.size = size;
            }
        }

        final TreeMap<Long, ArrayDeque<Order>> bids = new TreeMap<>();
        final TreeMap<Long, ArrayDeque<Order>> asks = new TreeMap<>();
        final java.util.HashMap<Long, Order> byId = new java.util.HashMap<>();

        long limit(long id, boolean buy, long price, long size, boolean rest) {
            TreeMap<Long, ArrayDeque<Order>> opp = buy ? asks : bids;
            long rem = size;
            while (rem > 0 && !opp.isEmpty()) {
                Map.Entry<Long, ArrayDeque<Order>> best = buy ? opp.firstEntry() : opp.lastEntry();
                if (buy ? best.getKey() > price : best.getKey() < price) {
                    break;
                }
                ArrayDeque<Order> q = best.getValue();
                while (rem > 0 && !q.isEmpty()) {
                    Order o = q.peekFirst();
                    long x = Math.min(rem, o.size);
                    rem -= x;
                    o.size -= x;
                    if (o.size == 0) {
                        q.pollFirst();
                        byId.remove(o.id);
                    }
                }
                if (q.isEmpty()) {
                    opp.remove(best.getKey());
                }
            }
            if (rest && rem > 0) {
                Order o = new Order(id, price, buy, rem);
                (buy ? bids : asks).computeIfAbsent(price, p -> new ArrayDeque<>()).addLast(o);
                byId.put(id, o);
            }
            return size - rem;
        }

        long cancel(long id) {
            Order o = byId.remove(id);
            if (o == null) {
                return 0;
            }
            TreeMap<Long, ArrayDeque<Order>> side = o.buy ? bids : asks;
            ArrayDeque<Order> q = side.get(o.price);
            for (Iterator<Order> it = q.iterator(); it.hasNext(); ) {
                if (it.next() == o) {
                    it.remove();
                    break;
                }
            }
            if (q.isEmpty()) {
                side.remove(o.price);
            }
            return o.size;
        }

        void clear() {
            bids.clear();
            asks.clear();
            byId.clear();
        }
    }
}
