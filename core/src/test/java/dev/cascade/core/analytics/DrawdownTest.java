package dev.cascade.core.analytics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DrawdownTest {
    @Test
    void findsTheLargestFallAfterItsPeak() {
        // 28 -> 30 (peak) -> 13 (trough) -> 20: a later, lower peak must not be used.
        Drawdown d = Drawdown.of(new long[]{1, 2, 3, 4, 5}, new long[]{28, 30, 20, 13, 20});
        assertThat(d.peak()).isEqualTo(30);
        assertThat(d.peakTs()).isEqualTo(2);
        assertThat(d.trough()).isEqualTo(13);
        assertThat(d.troughTs()).isEqualTo(4);
        assertThat(d.drop()).isEqualTo(17);
        assertThat(d.dropPpm()).isEqualTo(566_667); // 17/30 = 56.6667%
    }

    @Test
    void risingSeriesHasNoDrawdownAndEmptyIsNone() {
        assertThat(Drawdown.of(new long[]{1, 2}, new long[]{5, 6}).drop()).isZero();
        assertThat(Drawdown.of(new long[0], new long[0])).isEqualTo(Drawdown.NONE);
    }
}
