package dev.cascade.core.analytics;

import dev.cascade.core.port.QueryStore.MarketClass;
import dev.cascade.core.port.QueryStore.VolumeBucket;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Derivatives against spot traded volume, bucket by bucket (one slot per bucket of the window, zero where nothing
 * traded). The ratio is like for like: the derivatives volume of the exchanges that have spot trades in the window,
 * per dollar of their spot volume, so a venue read for derivatives only (Deribit, OKX) does not inflate it; every
 * exchange's own split is kept too. Volumes cover the trades Cascade ingested (the coins subscribed), not a venue's
 * whole market. Maps and sets iterate in name order (the documents built from them are stable).
 *
 * @param buckets       every bucket of the window, in time order
 * @param byExchange    each exchange's derivatives and spot volume over the window
 * @param spotExchanges the exchanges with spot trades in the window; empty means no spot data (no ratio anywhere)
 * @param total         every exchange's derivatives volume and all spot volume over the window
 * @param ratioE6       the window's like-for-like ratio, e6; null without spot data
 */
public record VolumeRatioSeries(long bucketMs, List<Bucket> buckets, Map<String, VolumeSplit> byExchange, Set<String> spotExchanges,
                                VolumeSplit total, Long ratioE6) {

    /**
     * One bucket.
     *
     * @param derivativesUsd          every exchange's derivatives volume, USD e6
     * @param spotUsd                 spot volume, USD e6
     * @param matchedDerivativesUsd   derivatives volume of the exchanges in {@link #spotExchanges}, USD e6
     * @param ratioE6                 matched derivatives volume per dollar of spot volume, e6; null when no spot traded
     * @param byExchange              each exchange's split in this bucket (exchanges that traded in it)
     */
    public record Bucket(long ts, long derivativesUsd, long spotUsd, long matchedDerivativesUsd, Long ratioE6,
                         Map<String, VolumeSplit> byExchange) {
    }

    public static VolumeRatioSeries of(long fromTs, long toTs, long bucketMs, List<VolumeBucket> rows) {
        BucketGrid grid = BucketGrid.of(fromTs, toTs, bucketMs);
        int n = grid.size();
        List<Map<String, VolumeSplit>> perBucket = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            perBucket.add(new TreeMap<>());
        }
        Map<String, VolumeSplit> total = new TreeMap<>();
        Set<String> spotExchanges = new TreeSet<>();
        for (VolumeBucket r : rows) {
            int i = grid.index(r.ts());
            if (i < 0) {
                continue;
            }
            VolumeSplit add = r.marketClass() == MarketClass.SPOT ? new VolumeSplit(0, r.notionalUsd()) : new VolumeSplit(r.notionalUsd(), 0);
            perBucket.get(i).merge(r.exchange(), add, VolumeSplit::plus);
            total.merge(r.exchange(), add, VolumeSplit::plus);
            if (r.marketClass() == MarketClass.SPOT && r.notionalUsd() > 0) {
                spotExchanges.add(r.exchange());
            }
        }
        List<Bucket> buckets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long deriv = 0;
            long spot = 0;
            long matched = 0;
            for (Map.Entry<String, VolumeSplit> e : perBucket.get(i).entrySet()) {
                deriv = Math.addExact(deriv, e.getValue().derivativesUsd());
                spot = Math.addExact(spot, e.getValue().spotUsd());
                if (spotExchanges.contains(e.getKey())) {
                    matched = Math.addExact(matched, e.getValue().derivativesUsd());
                }
            }
            buckets.add(new Bucket(grid.start(i), deriv, spot, matched, ratio(new VolumeSplit(matched, spot)),
                    Collections.unmodifiableMap(perBucket.get(i))));
        }
        VolumeSplit all = new VolumeSplit(0, 0);
        VolumeSplit matched = new VolumeSplit(0, 0);
        for (Map.Entry<String, VolumeSplit> e : total.entrySet()) {
            all = all.plus(e.getValue());
            matched = matched.plus(spotExchanges.contains(e.getKey()) ? e.getValue() : new VolumeSplit(0, e.getValue().spotUsd()));
        }
        return new VolumeRatioSeries(bucketMs, List.copyOf(buckets), Collections.unmodifiableMap(total),
                Collections.unmodifiableSet(spotExchanges), all, ratio(matched));
    }

    /** The split's ratio, e6, or null (not a number) without spot volume: a sentinel would read as a ratio on the wire. */
    private static Long ratio(VolumeSplit v) {
        long r = v.derivativesToSpotE6();
        return r < 0 ? null : r;
    }

    public boolean hasSpot() {
        return !spotExchanges.isEmpty();
    }
}
