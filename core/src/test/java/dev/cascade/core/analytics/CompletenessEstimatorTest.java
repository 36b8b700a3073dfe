package dev.cascade.core.analytics;

import dev.cascade.core.analytics.CompletenessEstimator.Estimate;
import dev.cascade.core.analytics.CompletenessEstimator.Method;
import dev.cascade.core.analytics.CompletenessEstimator.SourceTotal;
import dev.cascade.core.model.Completeness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CompletenessEstimatorTest {
    private static final long M = 1_000_000L * 1_000_000L; // one million USD in e6

    @Test
    void oiDropRatioScalesTheCompleteSourcesRateToTheSampledSource() {
        // Bybit: 200M liquidated while its OI fell 1000M (0.2 per dollar). Binance's OI fell 3000M but it showed 90M.
        List<Estimate> e = CompletenessEstimator.estimate(List.of(
                new SourceTotal("bybit-linear", Completeness.COMPLETE, 200 * M, 10_000 * M, 1000 * M),
                new SourceTotal("binance-usdm", Completeness.SAMPLED_1S_PER_SYMBOL, 90 * M, 30_000 * M, 3000 * M)));
        assertThat(e.get(0).method()).isEqualTo(Method.OBSERVED_COMPLETE);
        assertThat(e.get(0).isEstimate()).isFalse();
        assertThat(e.get(0).estimatedUsd()).isEqualTo(200 * M);
        assertThat(e.get(1).method()).isEqualTo(Method.OI_DROP_RATIO);
        assertThat(e.get(1).isEstimate()).isTrue();
        assertThat(e.get(1).estimatedUsd()).isEqualTo(600 * M);
        assertThat(e.get(1).label()).contains("ESTIMATE");
    }

    @Test
    void fallsBackToOiShareWhenDropsAreUnknown() {
        // Two complete sources: 150M over 15,000M OI = 1%. OKX holds 5,000M OI -> 50M, above its observed 7M.
        List<Estimate> e = CompletenessEstimator.estimate(List.of(
                new SourceTotal("bybit-linear", Completeness.COMPLETE, 100 * M, 10_000 * M, 0),
                new SourceTotal("deribit", Completeness.COMPLETE, 50 * M, 5_000 * M, 0),
                new SourceTotal("okx", Completeness.PARTIAL, 7 * M, 5_000 * M, 0)));
        assertThat(e.get(2).method()).isEqualTo(Method.OI_SHARE);
        assertThat(e.get(2).estimatedUsd()).isEqualTo(50 * M);
    }

    @Test
    void neverEstimatesBelowWhatWasObserved() {
        List<Estimate> e = CompletenessEstimator.estimate(List.of(
                new SourceTotal("bybit-linear", Completeness.COMPLETE, 1 * M, 10_000 * M, 1000 * M),
                new SourceTotal("binance-usdm", Completeness.SAMPLED_1S_PER_SYMBOL, 40 * M, 30_000 * M, 3000 * M)));
        assertThat(e.get(1).estimatedUsd()).isEqualTo(40 * M);
    }

    @Test
    void withoutACompleteSourceTheObservedTotalStaysALowerBound() {
        List<Estimate> e = CompletenessEstimator.estimate(List.of(
                new SourceTotal("binance-usdm", Completeness.SAMPLED_1S_PER_SYMBOL, 40 * M, 30_000 * M, 3000 * M),
                new SourceTotal("bitmex", Completeness.ENGINE_ORDERS, 5 * M, 0, 0)));
        assertThat(e).extracting(Estimate::method).containsExactly(Method.NO_ESTIMATE, Method.NO_ESTIMATE);
        assertThat(e).extracting(Estimate::isEstimate).containsOnly(false);
        assertThat(e.get(0).estimatedUsd()).isEqualTo(40 * M);
        assertThat(e.get(0).label()).contains("no complete source");
    }

    @Test
    void aCompleteSourceWithoutOpenInterestGivesNoEstimateEither() {
        List<Estimate> e = CompletenessEstimator.estimate(List.of(
                new SourceTotal("bybit-linear", Completeness.COMPLETE, 100 * M, 0, 0),
                new SourceTotal("okx", Completeness.PARTIAL, 7 * M, 5_000 * M, 0)));
        assertThat(e.get(1).method()).isEqualTo(Method.NO_ESTIMATE);
        assertThat(e.get(1).label()).contains("no open interest figures");
    }

    @Test
    void roundsHalfUpExactly() {
        assertThat(CompletenessEstimator.scale(1, 1, 2)).isEqualTo(1);
        assertThat(CompletenessEstimator.scale(10, 1, 3)).isEqualTo(3);
        assertThat(CompletenessEstimator.scale(Long.MAX_VALUE / 2, 4, 4)).isEqualTo(Long.MAX_VALUE / 2);
    }
}
