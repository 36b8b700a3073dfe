package dev.cascade.server;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseCacheTest {
    private static final long MS = 1_000_000L;

    /** Background refreshes queue here and run when the test says. */
    private final List<Runnable> refreshes = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger recomputed = new AtomicInteger();

    private ResponseCache cache(int maxEntries) {
        return new ResponseCache(1_000, 5_000, maxEntries, nanos::get, refreshes::add);
    }

    private Callable<byte[]> recompute(byte[] answer) {
        return () -> {
            recomputed.incrementAndGet();
            return answer;
        };
    }

    private static final Callable<byte[]> NEVER = () -> {
        throw new AssertionError("no refresh expected");
    };

    /** What a request does: serve the shared answer, or compute {@code answer} and share it. */
    private static byte[] request(ResponseCache c, String key, byte[] answer, Callable<byte[]> recompute) throws InterruptedException {
        ResponseCache.Claim claim = c.claim(key, recompute);
        if (claim.body() != null) {
            return claim.body();
        }
        claim.done(answer);
        return answer;
    }

    @Test
    void anAnswerIsFreshForItsTimeToLiveThenServedStaleWhileOneBackgroundRefreshReplacesIt() throws Exception {
        ResponseCache c = cache(8);
        byte[] first = {1};
        assertThat(request(c, "/api/totals?window=1h", first, NEVER)).isSameAs(first);
        nanos.addAndGet(999 * MS);
        assertThat(c.claim("/api/totals?window=1h", NEVER).body()).as("fresh").isSameAs(first);
        assertThat(c.claim("/api/totals?window=4h", NEVER).body()).as("another query string").isNull();
        assertThat(refreshes).isEmpty();

        nanos.addAndGet(1 * MS);
        byte[] second = {2};
        assertThat(c.claim("/api/totals?window=1h", recompute(second)).body()).as("stale, served at once").isSameAs(first);
        assertThat(c.claim("/api/totals?window=1h", recompute(second)).body()).isSameAs(first);
        assertThat(refreshes).as("one refresh for any number of requests").hasSize(1);
        refreshes.remove(0).run();
        assertThat(recomputed).hasValue(1);
        assertThat(c.claim("/api/totals?window=1h", NEVER).body()).as("the refreshed answer").isSameAs(second);
        assertThat(refreshes).isEmpty();
    }

    @Test
    void aColdAnswerIsNotServedStaleTheNextRequestComputesFreshData() throws Exception {
        ResponseCache c = cache(8);
        request(c, "/api/totals/cards?", new byte[]{1}, NEVER); // e.g. the start-up warm-up, before any data
        nanos.addAndGet(1_000 * MS);
        assertThat(c.claim("/api/totals/cards?", NEVER).body()).as("nobody else asked for it while fresh").isNull();
        assertThat(refreshes).isEmpty();
    }

    @Test
    void pastItsLongestStalenessAnAnswerIsComputedByTheRequest() throws Exception {
        ResponseCache c = cache(8);
        request(c, "/api/volume?", new byte[]{1}, NEVER);
        assertThat(c.claim("/api/volume?", NEVER).body()).as("hot").isNotNull();
        nanos.addAndGet(4_999 * MS);
        assertThat(c.claim("/api/volume?", recompute(new byte[]{2})).body()).as("still servable").isNotNull();
        refreshes.clear(); // the refresh never ran (refreshes falling behind)
        nanos.addAndGet(1 * MS);
        assertThat(c.claim("/api/volume?", NEVER).body()).as("five seconds old: not served").isNull();
    }

    @Test
    void aFailedRefreshDropsTheAnswerSoTheNextRequestComputesAndSeesTheError() throws Exception {
        ResponseCache c = cache(8);
        request(c, "/api/funding?", new byte[]{1}, NEVER);
        c.claim("/api/funding?", NEVER);
        nanos.addAndGet(1_500 * MS);
        assertThat(c.claim("/api/funding?", () -> {
            throw new IllegalStateException("store gone");
        }).body()).isNotNull();
        refreshes.remove(0).run();
        assertThat(c.claim("/api/funding?", NEVER).body()).isNull();

        request(c, "/api/long-short?", new byte[]{1}, NEVER);
        c.claim("/api/long-short?", NEVER);
        nanos.addAndGet(1_500 * MS);
        c.claim("/api/long-short?", () -> null); // e.g. the answer is no longer a 200
        refreshes.remove(0).run();
        assertThat(c.claim("/api/long-short?", NEVER).body()).as("nothing to share").isNull();
    }

    @Test
    void aFullRefreshQueueServesTheStaleAnswerAndTheNextRequestTriesAgain() throws Exception {
        AtomicInteger offered = new AtomicInteger();
        ResponseCache c = new ResponseCache(1_000, 5_000, 8, nanos::get, task -> {
            offered.incrementAndGet();
            throw new RejectedExecutionException("full");
        });
        byte[] first = {1};
        request(c, "/api/totals/cards?", first, NEVER);
        c.claim("/api/totals/cards?", NEVER);
        nanos.addAndGet(2_000 * MS);
        assertThat(c.claim("/api/totals/cards?", recompute(new byte[]{2})).body()).isSameAs(first);
        assertThat(c.claim("/api/totals/cards?", recompute(new byte[]{2})).body()).isSameAs(first);
        assertThat(offered).as("each request offers the refresh again while none is queued").hasValue(2);
    }

    @Test
    void itHoldsAtMostItsBoundOfAnswers() throws Exception {
        ResponseCache c = cache(3);
        for (int i = 0; i < 3; i++) {
            request(c, "k" + i, new byte[]{(byte) i}, NEVER);
        }
        assertThat(c.claim("k0", NEVER).body()).isNotNull();
        request(c, "k3", new byte[]{3}, NEVER);
        assertThat(c.claim("k3", NEVER).body()).isNotNull();
        assertThat(c.claim("k0", NEVER).body()).as("started again empty when full").isNull();
    }

    @Test
    void identicalRequestsWaitForTheOneBeingAnsweredInsteadOfComputingToo() throws Exception {
        ResponseCache c = cache(8);
        ResponseCache.Claim first = c.claim("/api/totals/cards?", NEVER);
        assertThat(first.body()).as("the first request computes").isNull();
        CompletableFuture<byte[]> second = CompletableFuture.supplyAsync(() -> body(c, "/api/totals/cards?"), runnable -> new Thread(runnable).start());
        Thread.sleep(50); // not a timing assumption: the second request must still be waiting whenever it got here
        assertThat(second).as("waits while the first is computing").isNotDone();
        byte[] answer = {7};
        first.done(answer);
        assertThat(second.get(30, TimeUnit.SECONDS)).isSameAs(answer);
        assertThat(c.claim("/api/totals/cards?", NEVER).body()).as("then shared").isSameAs(answer);
        nanos.addAndGet(6_000 * MS);
        ResponseCache.Claim later = c.claim("/api/totals/cards?", NEVER);
        assertThat(later.body()).as("past its staleness it is computed again").isNull();
        later.done(null);
        ResponseCache.Claim afterError = c.claim("/api/totals/cards?", NEVER);
        assertThat(afterError.body()).as("an error is not shared: the next request computes").isNull();
    }

    private static byte[] body(ResponseCache c, String key) {
        try {
            return c.claim(key, NEVER).body();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
