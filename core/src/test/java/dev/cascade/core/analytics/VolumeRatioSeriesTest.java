package dev.cascade.core.analytics;

import dev.cascade.core.port.QueryStore.MarketClass;
import dev.cascade.core.port.QueryStore.VolumeBucket;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Derivatives against spot volume per bucket: dense buckets, like-for-like ratio, rows outside the window ignored. */
class VolumeRatioSeriesTest {
    private static final long H = 3_600_000L;
    private static final long USD = 1_000_000L;

    @Test
    void theRatioComparesOnlyExchangesThatHaveSpotData() {
        List<VolumeBucket> rows = List.of(
                new VolumeBucket(0, "BINANCE", MarketClass.DERIVATIVE, 3, 600 * USD),
                new VolumeBucket(0, "BINANCE", MarketClass.SPOT, 2, 200 * USD),
                new VolumeBucket(0, "DERIBIT", MarketClass.DERIVATIVE, 1, 5_000 * USD), // no Deribit spot: not in the ratio
                new VolumeBucket(2 * H, "BYBIT", MarketClass.DERIVATIVE, 1, 90 * USD),
                new VolumeBucket(2 * H, "BYBIT", MarketClass.SPOT, 1, 60 * USD),
                new VolumeBucket(5 * H, "BYBIT", MarketClass.SPOT, 1, 1_000 * USD)); // past the window
        VolumeRatioSeries s = VolumeRatioSeries.of(0, 3 * H, H, rows);
        assertThat(s.buckets()).hasSize(3);
        assertThat(s.buckets().get(0).derivativesUsd()).isEqualTo(5_600 * USD);
        assertThat(s.buckets().get(0).matchedDerivativesUsd()).isEqualTo(600 * USD);
        assertThat(s.buckets().get(0).ratioE6()).isEqualTo(3_000_000L); // 600 / 200
        assertThat(s.buckets().get(1).ratioE6()).as("nothing traded").isNull();
        assertThat(s.buckets().get(1).derivativesUsd()).isZero();
        assertThat(s.buckets().get(2).ratioE6()).isEqualTo(1_500_000L); // 90 / 60
        assertThat(s.spotExchanges()).containsExactly("BINANCE", "BYBIT");
        assertThat(s.total()).isEqualTo(new VolumeSplit(5_690 * USD, 260 * USD));
        assertThat(s.ratioE6()).isEqualTo(2_653_846L); // (600 + 90) / (200 + 60) = 2.6538461...
        assertThat(s.byExchange().keySet()).containsExactly("BINANCE", "BYBIT", "DERIBIT");
    }

    @Test
    void withoutSpotTradesThereIsNoRatioAnywhere() {
        VolumeRatioSeries s = VolumeRatioSeries.of(30 * 60_000L, 2 * H, H,
                List.of(new VolumeBucket(H, "OKX", MarketClass.DERIVATIVE, 4, 1_000 * USD)));
        assertThat(s.hasSpot()).isFalse();
        assertThat(s.ratioE6()).isNull();
        assertThat(s.buckets()).extracting(VolumeRatioSeries.Bucket::ts).containsExactly(0L, H); // aligned to the hour
        assertThat(s.buckets()).allSatisfy(b -> assertThat(b.ratioE6()).isNull());
    }
}
