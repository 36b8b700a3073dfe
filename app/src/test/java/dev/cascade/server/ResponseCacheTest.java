package dev.cascade.server;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseCacheTest {
    @Test
    void anAnswerIsSharedForItsTimeToLiveThenRecomputed() {
        AtomicLong nanos = new AtomicLong();
        ResponseCache c = new ResponseCache(1_000, 3, nanos::get);
        byte[] body = {1, 2, 3};
        assertThat(c.fresh("/api/totals?window=1h")).isNull();
        c.put("/api/totals?window=1h", body);
        nanos.addAndGet(999_000_000L);
        assertThat(c.fresh("/api/totals?window=1h")).isSameAs(body);
        assertThat(c.fresh("/api/totals?window=4h")).as("another query string").isNull();
        nanos.addAndGet(1_000_000L);
        assertThat(c.fresh("/api/totals?window=1h")).as("a second later").isNull();
    }

    @Test
    void itHoldsAtMostItsBoundOfAnswers() {
        ResponseCache c = new ResponseCache(60_000, 3, () -> 0L);
        for (int i = 0; i < 3; i++) {
            c.put("k" + i, new byte[]{(byte) i});
        }
        assertThat(c.fresh("k0")).isNotNull();
        c.put("k3", new byte[]{3});
        assertThat(c.fresh("k0")).as("started again empty when full").isNull();
        assertThat(c.fresh("k3")).isNotNull();
    }
}
