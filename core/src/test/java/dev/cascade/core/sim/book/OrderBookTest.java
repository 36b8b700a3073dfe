package dev.cascade.core.sim.book;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderBookTest {
    record Fill(int owner, long id, long price, long qty) { }

    private static OrderBook book(List<Fill> fills) {
        OrderBook b = new OrderBook(0, 10, 1000);
        b.setListener((o, id, p, q, buy) -> fills.add(new Fill(o, id, p, q)));
        return b;
    }

    @Test
    void priceThenTimePriority() {
        List<Fill> fills = new ArrayList<>();
        OrderBook b = book(fills);
        b.placeLimit(1, 1, true, 1000, 5);
        b.placeLimit(2, 2, true, 1010, 5);
        b.placeLimit(3, 3, true, 1010, 5);
        assertThat(b.bestBid()).isEqualTo(1010);
        long filled = b.placeMarket(false, 12);
        assertThat(filled).isEqualTo(12);
        assertThat(fills).containsExactly(new Fill(2, 2, 1010, 5), new Fill(3, 3, 1010, 5), new Fill(1, 1, 1000, 2));
        assertThat(b.bestBid()).isEqualTo(1000);
        assertThat(b.sizeAt(1000)).isEqualTo(3);
    }

    @Test
    void iocStopsAtItsLimitAndNeverRests() {
        List<Fill> fills = new ArrayList<>();
        OrderBook b = book(fills);
        b.placeLimit(1, 1, false, 2000, 5);
        b.placeLimit(2, 1, false, 2050, 5);
        assertThat(b.placeIoc(true, 2040, 8)).isEqualTo(5);
        assertThat(b.restingOrders()).isEqualTo(1);
        assertThat(b.bestAsk()).isEqualTo(2050);
        assertThat(b.bestBid()).isZero();
        // A limit below the ladder is clamped: a sell IOC limited at -100 sweeps any bid.
        b.placeLimit(3, 2, true, 500, 4);
        assertThat(b.placeIoc(false, -100, 10)).isEqualTo(4);
    }

    @Test
    void crossingLimitMatchesThenRests() {
        List<Fill> fills = new ArrayList<>();
        OrderBook b = book(fills);
        b.placeLimit(1, 1, false, 2000, 5);
        assertThat(b.placeLimit(2, 2, true, 2010, 8)).isEqualTo(5);
        assertThat(b.bestBid()).isEqualTo(2010);
        assertThat(b.bestAsk()).isZero();
        assertThat(b.sizeAt(2010)).isEqualTo(3);
    }

    @Test
    void cancelRemovesAndUpdatesBest() {
        OrderBook b = book(new ArrayList<>());
        b.placeLimit(1, 1, true, 1000, 5);
        b.placeLimit(2, 1, true, 1100, 5);
        assertThat(b.cancel(2)).isEqualTo(5);
        assertThat(b.cancel(2)).isZero();
        assertThat(b.bestBid()).isEqualTo(1000);
        assertThatThrownBy(() -> b.placeLimit(1, 1, true, 1000, 5)).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> b.placeLimit(9, 1, true, 1005, 5)).hasMessageContaining("tick");
        assertThatThrownBy(() -> b.placeMarket(true, 0)).hasMessageContaining("positive");
    }

    /** Seeded random orders against a naive TreeMap book: same fills, same best prices, same depth. */
    @Test
    void matchesANaiveReferenceOnRandomFlow() {
        long seed = 20210519L;
        System.out.println("OrderBookTest seed=" + seed);
        Random rnd = new Random(seed);
        List<Fill> fills = new ArrayList<>();
        OrderBook b = book(fills);
        Naive ref = new Naive();
        long nextId = 1;
        List<Long> live = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int op = rnd.nextInt(10);
            boolean buy = rnd.nextBoolean();
            long price = 10 * (450 + rnd.nextInt(100));
            long size = 1 + rnd.nextInt(20);
            List<Fill> expected = new ArrayList<>();
            fills.clear();
            if (op < 6) {
                long id = nextId++;
                long f = b.placeLimit(id, (int) (id % 7), buy, price, size);
                assertThat(f).isEqualTo(ref.match(buy, price, size, expected));
                if (f < size) {
                    ref.rest(id, (int) (id % 7), buy, price, size - f);
                    live.add(id);
                }
            } else if (op < 8) {
                assertThat(b.placeIoc(buy, price, size)).isEqualTo(ref.match(buy, price, size, expected));
            } else if (op < 9) {
                assertThat(b.placeMarket(buy, size)).isEqualTo(ref.match(buy, buy ? Long.MAX_VALUE : Long.MIN_VALUE, size, expected));
            } else if (!live.isEmpty()) {
                long id = live.remove(rnd.nextInt(live.size()));
                assertThat(b.cancel(id)).isEqualTo(ref.cancel(id));
            }
            assertThat(fills).isEqualTo(expected);
            assertThat(b.bestBid()).isEqualTo(ref.bids.isEmpty() ? 0 : ref.bids.lastKey());
            assertThat(b.bestAsk()).isEqualTo(ref.asks.isEmpty() ? 0 : ref.asks.firstKey());
        }
        assertThat(b.bidDepthDownTo(0)).isEqualTo(ref.depth(ref.bids));
        assertThat(b.askDepthUpTo(Long.MAX_VALUE / 2)).isEqualTo(ref.depth(ref.asks));
    }

    private static final class Naive {
        final TreeMap<Long, List<long[]>> bids = new TreeMap<>();
        final TreeMap<Long, List<long[]>> asks = new TreeMap<>();

        long match(boolean buy, long limit, long size, List<Fill> out) {
            TreeMap<Long, List<long[]>> side = buy ? asks : bids;
            long rem = size;
            while (rem > 0 && !side.isEmpty()) {
                Map.Entry<Long, List<long[]>> best = buy ? side.firstEntry() : side.lastEntry();
                if (buy ? best.getKey() > limit : best.getKey() < limit) {
                    break;
                }
                Iterator<long[]> it = best.getValue().iterator();
                while (rem > 0 && it.hasNext()) {
                    long[] o = it.next();
                    long q = Math.min(rem, o[1]);
                    out.add(new Fill((int) o[2], o[0], best.getKey(), q));
                    rem -= q;
                    o[1] -= q;
                    if (o[1] == 0) {
                        it.remove();
                    }
                }
                if (best.getValue().isEmpty()) {
                    side.remove(best.getKey());
                }
            }
            return size - rem;
        }

        void rest(long id, int owner, boolean buy, long price, long size) {
            (buy ? bids : asks).computeIfAbsent(price, p -> new ArrayList<>()).add(new long[] {id, size, owner});
        }

        long cancel(long id) {
            for (TreeMap<Long, List<long[]>> side : List.of(bids, asks)) {
                for (Iterator<Map.Entry<Long, List<long[]>>> e = side.entrySet().iterator(); e.hasNext(); ) {
                    List<long[]> q = e.next().getValue();
                    for (Iterator<long[]> it = q.iterator(); it.hasNext(); ) {
                        long[] o = it.next();
                        if (o[0] == id) {
                            it.remove();
                            if (q.isEmpty()) {
                                e.remove();
                            }
                            return o[1];
                        }
                    }
                }
            }
            return 0;
        }

        long depth(TreeMap<Long, List<long[]>> side) {
            return side.values().stream().flatMap(List::stream).mapToLong(o -> o[1]).sum();
        }
    }
}
