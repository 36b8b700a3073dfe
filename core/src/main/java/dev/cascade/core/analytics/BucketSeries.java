package dev.cascade.core.analytics;

import dev.cascade.core.port.QueryStore.LiquidationBucket;
import dev.cascade.core.port.QueryStore.PriceBar;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dense, equally spaced series over [fromTs, toTs): liquidations by side and exchange, and a reference price, one slot
 * per bucket (zero where nothing happened). The reference price of a bucket is taken over the exchanges that sent
 * mark prices: open and close are the integer mean of the exchanges' opens and closes, high the highest high, low the
 * lowest low; buckets without any mark price carry the previous close (flat); buckets before the first and after
 * the last mark price stay 0 (unknown).
 */
public record BucketSeries(long fromTs, long bucketMs, long[] ts, long[] longUsd, long[] shortUsd,
                           long[] longCount, long[] shortCount, Map<String, long[]> byExchange, long[] open, long[] high, long[] low, long[] close,
                           boolean hasPrice) {

    public int size() {
        return ts.length;
    }

    public long totalAt(int i) {
        return longUsd[i] + shortUsd[i];
    }

    public static BucketSeries of(long fromTs, long toTs, long bucketMs, List<LiquidationBucket> liquidations, List<PriceBar> prices) {
        BucketGrid grid = BucketGrid.of(fromTs, toTs, bucketMs);
        long first = grid.first();
        int n = grid.size();
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = grid.start(i);
        }
        long[] longs = new long[n];
        long[] shorts = new long[n];
        long[] longCounts = new long[n];
        long[] shortCounts = new long[n];
        Map<String, long[]> byExchange = new TreeMap<>();
        for (LiquidationBucket b : liquidations) {
            int i = index(first, bucketMs, n, b.ts());
            if (i < 0) {
                continue;
            }
            if ("LONG".equals(b.side())) {
                longs[i] = Math.addExact(longs[i], b.notionalUsd());
                longCounts[i] += b.count();
            } else {
                shorts[i] = Math.addExact(shorts[i], b.notionalUsd());
                shortCounts[i] += b.count();
            }
            long[] ex = byExchange.computeIfAbsent(b.exchange(), k -> new long[n]);
            ex[i] = Math.addExact(ex[i], b.notionalUsd());
        }
        long[] open = new long[n];
        long[] high = new long[n];
        long[] low = new long[n];
        long[] close = new long[n];
        int[] exchanges = new int[n];
        for (PriceBar p : prices) {
            int i = index(first, bucketMs, n, p.ts());
            if (i < 0) {
                continue;
            }
            open[i] += p.open();
            close[i] += p.close();
            high[i] = Math.max(high[i], p.high());
            low[i] = low[i] == 0 ? p.low() : Math.min(low[i], p.low());
            exchanges[i]++;
        }
        long prev = 0;
        boolean any = false;
        int lastWithPrice = -1;
        for (int i = 0; i < n; i++) {
            if (exchanges[i] > 0) {
                lastWithPrice = i;
            }
        }
        for (int i = 0; i < n; i++) {
            if (i > lastWithPrice) {
                break;   // after the last mark price: unknown (0), not a flat line into the future
            }
            if (exchanges[i] > 0) {
                open[i] /= exchanges[i];
                close[i] /= exchanges[i];
                prev = close[i];
                any = true;
            } else {
                open[i] = prev;
                high[i] = prev;
                low[i] = prev;
                close[i] = prev;
            }
        }
        return new BucketSeries(first, bucketMs, ts, longs, shorts, longCounts, shortCounts, byExchange, open, high, low, close, any);
    }

    private static int index(long first, long bucketMs, int n, long t) {
        return new BucketGrid(first, bucketMs, n).index(t);
    }
}
