package dev.cascade.ingest;

import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.record.RecordedFrame;
import dev.cascade.feed.FrameQueue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The spine's one durability hook: a mark completes after the flush that covered what was queued before it, or fails. */
class SpineDurableMarkTest {
    private static final RecordedFrame FRAME = new RecordedFrame(1L, "binance-usdm", "{}");

    /** A raw-frame sink that logs frames and flushes, and from flush {@code failAt} on fails as a dead store does. */
    private static SpineSink sink(List<String> log, int failAt) {
        return new SpineSink() {
            int flushes;

            @Override
            public boolean wantsEvents() {
                return false;
            }

            @Override
            public void frame(RecordedFrame frame) {
                log.add("frame");
            }

            @Override
            public void flush() {
                if (++flushes >= failAt) {
                    throw new SpineSink.Down("the store failed: disk full", null);
                }
                log.add("flush");
            }
        };
    }

    @Test
    void aMarkCompletesOnlyAfterAFlushCoveredTheFramesBeforeIt() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (Spine spine = new Spine(Instruments.withDefaults(), List.of(sink(log, Integer.MAX_VALUE)), FrameQueue.standard(), 1000)
                .start()) {
            CompletableFuture<Void> lazy = new CompletableFuture<>();
            CompletableFuture<Void> loggedLazy = lazy.thenRun(() -> log.add("durable"));
            spine.queue().put(new FrameQueue.FrameItem(FRAME, System.nanoTime()));
            spine.queue().put(new FrameQueue.DurableMark(lazy, false)); // waits for the flush policy's turn
            loggedLazy.get(60, TimeUnit.SECONDS);
            CompletableFuture<Void> now = new CompletableFuture<>();
            CompletableFuture<Void> loggedNow = now.thenRun(() -> log.add("durable now"));
            spine.queue().put(new FrameQueue.FrameItem(FRAME, System.nanoTime()));
            spine.queue().put(new FrameQueue.DurableMark(now, true));
            loggedNow.get(60, TimeUnit.SECONDS);
        }
        List<String> seen = List.copyOf(log);
        int firstDurable = seen.indexOf("durable");
        assertThat(seen.subList(0, firstDurable)).containsSubsequence("frame", "flush");
        int second = seen.indexOf("durable now");
        assertThat(seen.subList(firstDurable, second)).containsSubsequence("frame", "flush");
    }

    @Test
    void marksFailWhenTheStoreFailsAndAfterIngestionStopped() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (Spine spine = new Spine(Instruments.withDefaults(), List.of(sink(log, 1)), FrameQueue.standard(), 1000).start()) {
            CompletableFuture<Void> first = new CompletableFuture<>();
            spine.queue().put(new FrameQueue.FrameItem(FRAME, System.nanoTime()));
            spine.queue().put(new FrameQueue.DurableMark(first, true));
            assertThatThrownBy(() -> first.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SpineSink.Down.class);
            CompletableFuture<Void> late = new CompletableFuture<>();
            spine.queue().put(new FrameQueue.DurableMark(late, false));
            assertThatThrownBy(() -> late.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SpineSink.Down.class);
            assertThat(spine.halted()).isNotNull();
        }
        assertThat(log).doesNotContain("flush");
    }
}
