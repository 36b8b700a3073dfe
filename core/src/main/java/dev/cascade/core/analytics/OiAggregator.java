package dev.cascade.core.analytics;

import dev.cascade.core.port.QueryStore.OiSample;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Aggregated open interest in USD over exchanges, one point per bucket.
 *
 * <p>Normalization, in order: (1) every value is made one-sided: sources listed as two-sided (a venue reporting the
 * contracts of both sides, like Bybit's REST {@code openInterest}) are halved; the bundled normalizers already store
 * one-sided values, so the stored rows pass through unchanged. (2) One value per instrument (exchange + symbol): when
 * two feeds report the same instrument (websocket ticker and REST poll), the smallest source id wins instead of the
 * two being added. (3) An instrument's last value is carried forward into buckets where it did not report, so a
 * missing poll does not show up as a collapse. (4) Aggregator rows (exchange COINGLASS, already summed over venues)
 * are kept apart from venue rows: {@link #aggregate} with {@code aggregator = false} drops them.
 */
public final class OiAggregator {
    private OiAggregator() {
    }

    /**
     * @param ts          bucket starts
     * @param totalUsd    aggregated one-sided OI, USD e6
     * @param instruments how many instruments contributed (carried forward included)
     * @param byExchange  per exchange id, aligned with {@code ts}
     */
    public record OiSeries(long[] ts, long[] totalUsd, int[] instruments, Map<String, long[]> byExchange) {
        public boolean isEmpty() {
            return ts.length == 0;
        }

        public Drawdown drawdown() {
            return Drawdown.of(ts, totalUsd);
        }
    }

    public static long oneSided(long oiUsd, boolean twoSided) {
        return twoSided ? oiUsd / 2 : oiUsd;
    }

    /**
     * @param samples          last sample per bucket and instrument, ordered by bucket (as {@code QueryStore.openInterest} gives)
     * @param twoSidedSources  source ids whose values count both sides
     * @param aggregator       true: only aggregator rows (COINGLASS); false: only venue rows
     */
    public static OiSeries aggregate(List<OiSample> samples, Set<String> twoSidedSources, boolean aggregator) {
        TreeMap<Long, Map<String, OiSample>> perBucket = new TreeMap<>();
        for (OiSample s : samples) {
            if (isAggregator(s.exchange()) != aggregator) {
                continue;
            }
            String instrument = s.exchange() + '|' + s.symbol();
            perBucket.computeIfAbsent(s.ts(), k -> new TreeMap<>()).merge(instrument, s,
                    (a, b) -> a.source().compareTo(b.source()) <= 0 ? a : b);
        }
        int n = perBucket.size();
        long[] ts = new long[n];
        long[] total = new long[n];
        int[] count = new int[n];
        Map<String, long[]> byExchange = new TreeMap<>();
        Map<String, OiSample> last = new TreeMap<>();
        int i = 0;
        for (Map.Entry<Long, Map<String, OiSample>> e : perBucket.entrySet()) {
            last.putAll(e.getValue());
            ts[i] = e.getKey();
            for (OiSample s : last.values()) {
                long v = oneSided(s.oiUsd(), twoSidedSources.contains(s.source()));
                total[i] = Math.addExact(total[i], v);
                byExchange.computeIfAbsent(s.exchange(), k -> new long[n])[i] += v;
            }
            count[i] = last.size();
            i++;
        }
        return new OiSeries(ts, total, count, byExchange);
    }

    public static boolean isAggregator(String exchange) {
        return "COINGLASS".equals(exchange);
    }

    /** Values of a series at or before each time (carry forward); 0 before the first point. */
    static long valueAt(long[] ts, long[] values, long t) {
        int lo = 0;
        int hi = ts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[mid] <= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? 0 : values[found];
    }
}
