package dev.cascade.server;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnalysisRunnerTest {
    private static Object blockUntil(CountDownLatch release, CountDownLatch started) {
        started.countDown();
        try {
            release.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Map.of("done", true);
    }

    @Test
    void aFullRunnerAnswersBusyAtOnceInsteadOfQueueingWithoutEnd() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (AnalysisRunner r = new AnalysisRunner(1, 1, 600_000, 30_000, 16, System::currentTimeMillis)) {
            CompletableFuture<AnalysisRunner.Answer> running = r.submit("a", () -> blockUntil(release, started));
            assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<AnalysisRunner.Answer> queued = r.submit("b", () -> Map.of("b", 1));
            CompletableFuture<AnalysisRunner.Answer> refused = r.submit("c", () -> Map.of("c", 1));
            assertThatThrownBy(() -> refused.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(AnalysisRunner.Busy.class).hasMessageContaining("busy");
            assertThat(r.rejected()).isEqualTo(1);
            release.countDown();
            assertThat(running.get(60, TimeUnit.SECONDS).body()).contains("done");
            assertThat(queued.get(60, TimeUnit.SECONDS).body()).isEqualTo("{\"b\":1}");
            // The refused request was not cached as a failure: asked again, it is computed.
            assertThat(r.submit("c", () -> Map.of("c", 2)).get(60, TimeUnit.SECONDS).body()).isEqualTo("{\"c\":2}");
        }
    }

    @Test
    void aJobPastItsTimeLimitIsStoppedAndAnsweredBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (AnalysisRunner r = new AnalysisRunner(1, 1, 50, 30_000, 16, System::currentTimeMillis)) {
            CompletableFuture<AnalysisRunner.Answer> slow = r.submit("slow", () -> blockUntil(release, started));
            assertThatThrownBy(() -> slow.get(60, TimeUnit.SECONDS)).cause().isInstanceOf(AnalysisRunner.Busy.class)
                    .hasMessageContaining("longer than");
            assertThat(r.timedOut()).isEqualTo(1);
            // The worker was interrupted and is free again.
            assertThat(r.submit("next", () -> Map.of("ok", 1)).get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    @Test
    void repeatedRequestsShareOneComputationUntilTheCacheExpires() throws Exception {
        AtomicInteger computed = new AtomicInteger();
        AtomicLong now = new AtomicLong(1_000);
        try (AnalysisRunner r = new AnalysisRunner(2, 4, 600_000, 30_000, 16, now::get)) {
            for (int i = 0; i < 5; i++) {
                assertThat(r.submit("same", () -> Map.of("n", computed.incrementAndGet())).get(60, TimeUnit.SECONDS).body())
                        .isEqualTo("{\"n\":1}");
            }
            assertThat(computed.get()).isEqualTo(1);
            assertThat(r.cacheHits()).isEqualTo(4);
            now.addAndGet(30_000);
            assertThat(r.submit("same", () -> Map.of("n", computed.incrementAndGet())).get(60, TimeUnit.SECONDS).body())
                    .isEqualTo("{\"n\":2}");
        }
    }

    @Test
    void aBadRequestInsideTheWorkIsA400Answer() throws Exception {
        try (AnalysisRunner r = new AnalysisRunner(1, 1, 600_000, 30_000, 16, System::currentTimeMillis)) {
            AnalysisRunner.Answer a = r.submit("x", () -> {
                throw new BadRequest("the store holds no mark prices for BTC");
            }).get(60, TimeUnit.SECONDS);
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.body()).contains("no mark prices");
        }
    }
}
