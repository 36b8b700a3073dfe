package dev.cascade.server;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    @Test
    void identicalRequestsWaitForTheOneBeingAnsweredInsteadOfComputingToo() throws Exception {
        AtomicLong nanos = new AtomicLong();
        ResponseCache c = new ResponseCache(1_000, 8, nanos::get);
        ResponseCache.Claim first = c.claim("/api/totals/cards?");
        assertThat(first.body()).as("the first request computes").isNull();
        CompletableFuture<byte[]> second = CompletableFuture.supplyAsync(() -> body(c, "/api/totals/cards?"), runnable -> new Thread(runnable).start());
        Thread.sleep(50); // not a timing assumption: the second request must still be waiting whenever it got here
        assertThat(second).as("waits while the first is computing").isNotDone();
        byte[] answer = {7};
        first.done(answer);
        assertThat(second.get(30, TimeUnit.SECONDS)).isSameAs(answer);
        assertThat(c.claim("/api/totals/cards?").body()).as("then shared").isSameAs(answer);
        nanos.addAndGet(1_000_000_000L);
        ResponseCache.Claim later = c.claim("/api/totals/cards?");
        assertThat(later.body()).as("a second later it is computed again").isNull();
        later.done(null);
        ResponseCache.Claim afterError = c.claim("/api/totals/cards?");
        assertThat(afterError.body()).as("an error is not shared: the next request computes").isNull();
    }

    private static byte[] body(ResponseCache c, String key) {
        try {
            return c.claim(key).body();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
