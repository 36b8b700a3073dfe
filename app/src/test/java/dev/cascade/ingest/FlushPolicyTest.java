package dev.cascade.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlushPolicyTest {
    @Test
    void dueOnceTheIntervalHasPassedWhateverHappenedMeanwhile() {
        long[] now = {0};
        FlushPolicy p = new FlushPolicy(1000, () -> now[0]);
        assertThat(p.due()).isFalse();
        assertThat(p.waitMillis()).isEqualTo(1000);
        now[0] = 999_999_999L;
        assertThat(p.due()).isFalse();
        assertThat(p.waitMillis()).isEqualTo(1); // never 0: a writer always waits a little for input
        now[0] = 1_000_000_000L;
        assertThat(p.due()).isTrue();
        p.flushed();
        assertThat(p.due()).isFalse();
        assertThat(p.waitMillis()).isEqualTo(1000);
    }

    @Test
    void theRuleBoundsTheInterval() {
        assertThatThrownBy(() -> FlushPolicy.checked(1001)).hasMessageContaining("(0, 1000]");
        assertThatThrownBy(() -> FlushPolicy.checked(0)).hasMessageContaining("(0, 1000]");
        assertThatThrownBy(() -> new FlushPolicy(0)).hasMessageContaining("positive");
        assertThat(FlushPolicy.checked(1000).due()).isFalse();
    }
}
