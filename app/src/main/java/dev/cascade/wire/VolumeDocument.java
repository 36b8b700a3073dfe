package dev.cascade.wire;

import dev.cascade.core.analytics.VolumeRatioSeries;
import dev.cascade.core.analytics.VolumeSplit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Derivatives against spot traded volume of a window as every surface gives it ({@code GET /api/volume}, the live
 * page's panel, {@code cascade volume --format json}): one row per bucket, the window's total and each exchange's split.
 * {@code ratio} is derivatives volume per dollar of spot volume, like for like (the derivatives of the exchanges that
 * have spot trades in the window, see {@link VolumeRatioSeries}), and null where no spot traded; {@code note} says so
 * when the window has no spot data at all.
 */
public record VolumeDocument(long from, long to, long bucketMs, String coin, List<String> spotExchanges, Split total,
                             List<ExchangeSplit> byExchange, List<Row> buckets, String note) {

    /** Volumes in USD e6; {@code ratioE6} null without spot volume. */
    public record Split(long derivativesUsdE6, long spotUsdE6, Long ratioE6) {
        static Split of(VolumeSplit v) {
            long r = v.derivativesToSpotE6();
            return new Split(v.derivativesUsd(), v.spotUsd(), r < 0 ? null : r);
        }
    }

    public record ExchangeSplit(String exchange, long derivativesUsdE6, long spotUsdE6, Long ratioE6) {
    }

    /**
     * One bucket: every exchange's derivatives volume, the spot volume, the derivatives volume of the exchanges with
     * spot data ({@code matchedDerivativesUsd}) and the like-for-like ratio.
     */
    public record Row(long ts, long derivativesUsdE6, long spotUsdE6, long matchedDerivativesUsdE6, Long ratioE6) {
    }

    /** The sentence every surface shows when the window holds no spot trade. */
    public static final String NO_SPOT = "no spot data in this window: the derivatives/spot ratio needs the binance-spot or bybit-spot feed";

    public static VolumeDocument of(long from, long to, String coin, VolumeRatioSeries s) {
        List<ExchangeSplit> exchanges = new ArrayList<>();
        for (Map.Entry<String, VolumeSplit> e : new java.util.TreeMap<>(s.byExchange()).entrySet()) {
            Split sp = Split.of(e.getValue());
            exchanges.add(new ExchangeSplit(e.getKey(), sp.derivativesUsdE6(), sp.spotUsdE6(), sp.ratioE6()));
        }
        List<Row> rows = new ArrayList<>(s.buckets().size());
        for (VolumeRatioSeries.Bucket b : s.buckets()) {
            rows.add(new Row(b.ts(), b.derivativesUsd(), b.spotUsd(), b.matchedDerivativesUsd(), b.ratioE6()));
        }
        VolumeSplit t = s.total();
        return new VolumeDocument(from, to, s.bucketMs(), coin, s.spotExchanges().stream().sorted().toList(),
                new Split(t.derivativesUsd(), t.spotUsd(), s.ratioE6()), exchanges, rows, s.hasSpot() ? null : NO_SPOT);
    }
}
