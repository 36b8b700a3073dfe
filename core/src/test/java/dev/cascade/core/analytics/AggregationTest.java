package dev.cascade.core.analytics;

import dev.cascade.core.port.QueryStore.FundingSample;
import dev.cascade.core.port.QueryStore.LiquidationBucket;
import dev.cascade.core.port.QueryStore.OiSample;
import dev.cascade.core.port.QueryStore.VolumeTotal;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AggregationTest {
    static final long M = 60_000;
    static final long USD = 1_000_000;

    @Test
    void sideTotalsRatioAndShare() {
        SideTotals t = SideTotals.ofBuckets(List.of(
                new LiquidationBucket(0, "BINANCE", "LONG", 3, 300 * USD, true),
                new LiquidationBucket(0, "BYBIT", "LONG", 1, 100 * USD, false),
                new LiquidationBucket(M, "BYBIT", "SHORT", 2, 160 * USD, false)));
        assertThat(t.longUsd()).isEqualTo(400 * USD);
        assertThat(t.shortUsd()).isEqualTo(160 * USD);
        assertThat(t.count()).isEqualTo(6);
        assertThat(t.lowerBound()).isTrue();
        assertThat(t.longShortRatioE6()).isEqualTo(2_500_000);      // 400 / 160
        assertThat(t.longSharePpm()).isEqualTo(714_286);            // 400 / 560, half up
        assertThat(SideTotals.ZERO.longShortRatioE6()).isEqualTo(-1);
    }

    @Test
    void oiAggregationIsOneSidedDedupedAndCarriedForward() {
        List<OiSample> samples = List.of(
                new OiSample(0, "binance-usdm", "BINANCE", "BTC-USDT-PERP", 1000 * USD),
                new OiSample(0, "bybit-rest", "BYBIT", "BTC-USDT-PERP", 1200 * USD),      // two-sided: counts 600
                new OiSample(0, "bybit-linear", "BYBIT", "BTC-USDT-PERP", 650 * USD),     // same instrument, other feed
                new OiSample(0, "coinglass", "COINGLASS", "BTC-ALL-AGG", 99_999 * USD),   // aggregator: kept apart
                new OiSample(M, "binance-usdm", "BINANCE", "BTC-USDT-PERP", 900 * USD),
                // bybit silent at M: carried forward
                new OiSample(2 * M, "bybit-linear", "BYBIT", "BTC-USDT-PERP", 500 * USD));
        OiAggregator.OiSeries venues = OiAggregator.aggregate(samples, Set.of("bybit-rest"), false);
        // bucket 0: "bybit-linear" < "bybit-rest" so the linear feed's 650 wins over the halved 600.
        assertThat(venues.ts()).containsExactly(0, M, 2 * M);
        assertThat(venues.totalUsd()).containsExactly(1650 * USD, 1550 * USD, 1400 * USD);
        assertThat(venues.instruments()).containsExactly(2, 2, 2);
        assertThat(venues.byExchange().get("BYBIT")).containsExactly(650 * USD, 650 * USD, 500 * USD);
        Drawdown dd = venues.drawdown();
        assertThat(dd.drop()).isEqualTo(250 * USD);
        assertThat(dd.dropPpm()).isEqualTo(151_515);
        OiAggregator.OiSeries agg = OiAggregator.aggregate(samples, Set.of(), true);
        assertThat(agg.totalUsd()).containsExactly(99_999 * USD);
        // Only the two-sided feed: halved.
        OiAggregator.OiSeries rest = OiAggregator.aggregate(List.of(samples.get(1)), Set.of("bybit-rest"), false);
        assertThat(rest.totalUsd()).containsExactly(600 * USD);
    }

    @Test
    void fundingIsWeightedBySameFeedOiAndRescaledTo8h() {
        long bp = 100_000_000L; // 0.0001 as e12
        List<OiSample> oi = List.of(
                new OiSample(0, "binance-usdm", "BINANCE", "BTC-USDT-PERP", 3000 * USD),
                new OiSample(0, "hyperliquid", "HYPERLIQUID", "BTC-USD-PERP", 1000 * USD));
        List<FundingSample> f = List.of(
                new FundingSample(10, "binance-usdm", "BINANCE", "BTC-USDT-PERP", bp, 8),          // 1 bp / 8h
                new FundingSample(20, "hyperliquid", "HYPERLIQUID", "BTC-USD-PERP", bp / 2, 1),   // 0.5 bp / 1h = 4 bp / 8h
                new FundingSample(30, "binance-funding-rest", "BINANCE", "BTC-USDT-PERP", 7 * bp, 8)); // no OI from its feed
        List<FundingWeighting.Point> w = FundingWeighting.weighted(f, oi, M, false);
        assertThat(w).hasSize(1);
        // (1 * 3000 + 4 * 1000) / 4000 = 1.75 bp
        assertThat(w.get(0).rate()).isEqualTo(175_000_000L);
        assertThat(w.get(0).weightUsd()).isEqualTo(4000 * USD);
        assertThat(FundingWeighting.per8h(-3, 1)).isEqualTo(-24);
    }

    @Test
    void derivativesVersusSpot() {
        VolumeSplit v = VolumeSplit.of(List.of(new VolumeTotal("BINANCE", "LINEAR", 5, 900 * USD),
                new VolumeTotal("BYBIT", "INVERSE", 1, 100 * USD), new VolumeTotal("BINANCE", "SPOT", 2, 400 * USD)));
        assertThat(v.derivativesUsd()).isEqualTo(1000 * USD);
        assertThat(v.spotUsd()).isEqualTo(400 * USD);
        assertThat(v.derivativesToSpotE6()).isEqualTo(2_500_000);
        assertThat(VolumeSplit.of(List.of()).derivativesToSpotE6()).isEqualTo(-1);
    }
}
