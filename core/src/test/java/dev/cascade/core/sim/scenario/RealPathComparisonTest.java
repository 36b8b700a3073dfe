package dev.cascade.core.sim.scenario;

import dev.cascade.core.sim.engine.StepStats;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A clocked run against a real path: hand-made steps with known marks and liquidations, and the path resampling. */
class RealPathComparisonTest {
    static StepStats step(int k, long markE8, long longUsd, long shortUsd) {
        return new StepStats(k, markE8, markE8, markE8, longUsd > 0 ? 1 : 0, longUsd, shortUsd > 0 ? 1 : 0, shortUsd, 0, 0, 0, 0, 0, 0, 1);
    }

    @Test
    void marksAtBucketEndsAndLiquidationsPerBucketAreComparedWithTheRealSeries() {
        // 2 hours of one-minute steps: mark 100 in the first hour, 99 in the second; $1M of longs in minute 30, $3M shorts in minute 90.
        List<StepStats> steps = new ArrayList<>();
        for (int k = 0; k < 120; k++) {
            steps.add(step(k, (k < 60 ? 100 : 99) * 100_000_000L, k == 30 ? 1_000_000_000_000L : 0, k == 90 ? 3_000_000_000_000L : 0));
        }
        Calibration.Actual a = new Calibration.Actual(3_600_000L, new long[]{100 * 100_000_000L, 110 * 100_000_000L}, 7_200_000L,
                new long[]{2_000_000_000_000L}, new long[]{3_000_000_000_000L}, "test");
        RealPathComparison c = RealPathComparison.of(0, 60, steps, a);
        assertThat(c.prices()).extracting(RealPathComparison.PriceRow::errorBps).containsExactly(0L, -1000L); // 99 vs 110
        assertThat(c.meanAbsErrBps()).isEqualTo(500);
        assertThat(c.maxAbsErrBps()).isEqualTo(1000);
        assertThat(c.hourly()).extracting(RealPathComparison.LiqRow::simLongUsd).containsExactly(1_000_000_000_000L, 0L);
        assertThat(c.hourly()).extracting(RealPathComparison.LiqRow::simShortUsd).containsExactly(0L, 3_000_000_000_000L);
        assertThat(c.liquidations()).singleElement().satisfies(r -> {
            assertThat(r.simLongUsd()).isEqualTo(1_000_000_000_000L);
            assertThat(r.realLongUsd()).isEqualTo(2_000_000_000_000L);
        });
        assertThat(c.text()).contains("mean |error| 5.00%").contains("0.50x");
    }

    @Test
    void spotPathIsResampledLinearlyToOnePricePerStep() {
        long[] path = ScenarioLoader.resample(new long[]{100, 200, 100}, 300, 60);
        assertThat(path).containsExactly(100, 120, 140, 160, 180, 200, 180, 160, 140, 120, 100);
        Scenario s = ScenarioLoader.builtIn("may-2021-path");
        assertThat(s.startTime()).isEqualTo(java.time.Instant.parse("2021-05-19T00:00:00Z").toEpochMilli());
        assertThat(s.shocks()).singleElement().satisfies(sh -> assertThat(sh.path()).hasSize(24 * 60 + 1));
        assertThat(s.calibration().actual().priceCloses()).hasSize(24);
    }
}
