package dev.cascade.ingest;

import dev.cascade.core.model.FeedGap;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.record.RecordedFrame;
import dev.cascade.feed.FrameQueue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SpineTest {
    /** Records what reaches it, in order, and each flush as a marker. */
    static final class Recorder implements SpineSink {
        final List<String> seen = new ArrayList<>();
        final CountDownLatch flushed = new CountDownLatch(1);

        @Override
        public synchronized void frame(RecordedFrame frame) {
            seen.add("frame:" + frame.frame());
        }

        @Override
        public synchronized void event(MarketEvent event, long receiveNanos) {
            seen.add("event:" + event.source());
        }

        @Override
        public synchronized void history(MarketEvent event) {
            seen.add("history:" + event.source());
        }

        @Override
        public synchronized void flush() {
            seen.add("flush");
            flushed.countDown();
        }

        synchronized List<String> seen() {
            return List.copyOf(seen);
        }
    }

    @Test
    void aStreamOfFramesThatYieldNoEventsIsStillFlushedWithinTheInterval() throws Exception {
        Recorder sink = new Recorder();
        FrameQueue queue = new FrameQueue(1_000, 1 << 20);
        try (Spine spine = new Spine(Instruments.withDefaults(), List.of(sink), queue, 200).start()) {
            // Unknown-feed frames normalize to nothing: the flush must come from the clock, not from an event count.
            for (int i = 0; i < 50; i++) {
                queue.put(new FrameQueue.FrameItem(new RecordedFrame(i, "no-such-feed", "{}"), System.nanoTime()));
            }
            assertThat(sink.flushed.await(30, TimeUnit.SECONDS)).as("flushed without any event").isTrue();
            assertThat(spine.counts().get("no-such-feed").malformed()).isEqualTo(50);
        }
    }

    @Test
    void sinksSeeEverythingInQueueOrderAndFlushNowCoversWhatCameBefore() {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        try (Spine spine = new Spine(Instruments.withDefaults(), List.of(first, second), FrameQueue.standard(), 1000).start()) {
            spine.publish(new FeedGap("a", 1, 2, "x"));
            spine.publish(new FeedGap("b", 3, 4, "y"));
            spine.flushNow();
            assertThat(first.seen()).containsSubsequence("event:a", "event:b", "flush");
            assertThat(second.seen()).isEqualTo(first.seen());
        }
    }
}
