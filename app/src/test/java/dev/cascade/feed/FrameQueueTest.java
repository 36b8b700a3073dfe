package dev.cascade.feed;

import dev.cascade.core.venue.bitmex.BitmexConnector;
import dev.cascade.core.model.FeedGap;
import dev.cascade.core.record.RecordedFrame;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class FrameQueueTest {
    private static FrameQueue.FrameItem frame(String text) {
        return new FrameQueue.FrameItem(new RecordedFrame(1, "okx", text), 0);
    }

    @Test
    void aFullQueueParksTheFrameAndAcceptsItWhenTheWriterMakesRoom() throws Exception {
        FrameQueue q = new FrameQueue(2, 1000);
        AtomicInteger accepted = new AtomicInteger();
        q.offer(frame("a"), accepted::incrementAndGet);
        q.offer(frame("b"), accepted::incrementAndGet);
        q.offer(frame("c"), accepted::incrementAndGet); // no room: parked, callback (request(1)) withheld
        assertThat(accepted).hasValue(2);
        assertThat(q.parkedTotal()).isEqualTo(1);
        List<FrameQueue.Item> got = new ArrayList<>(q.drain(1, 10));
        assertThat(accepted).hasValue(3); // room made: the parked frame is admitted and its link resumes
        got.addAll(q.drain(10, 10));
        assertThat(got).extracting(i -> ((FrameQueue.FrameItem) i).frame().frame()).containsExactly("a", "b", "c");
        assertThat(q.highWaterItems()).isEqualTo(2);
    }

    @Test
    void theCharacterBoundHoldsButOneOversizedFrameStillPassesAnEmptyQueue() throws Exception {
        FrameQueue q = new FrameQueue(100, 10);
        AtomicInteger accepted = new AtomicInteger();
        q.offer(frame("x".repeat(25)), accepted::incrementAndGet);
        q.offer(frame("y"), accepted::incrementAndGet);
        assertThat(accepted).hasValue(1);
        q.drain(1, 10);
        assertThat(accepted).hasValue(2);
        assertThat(q.highWaterChars()).isEqualTo(25);
    }

    @Test
    void aBatchPutWaitsAtTheBoundAndKeepsItsOrder() throws Exception {
        FrameQueue q = new FrameQueue(3, 1000);
        List<FrameQueue.FrameItem> batch = List.of(frame("a"), frame("b"), frame("c"), frame("d"), frame("e"));
        Thread producer = new Thread(() -> {
            try {
                q.putAll(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        List<String> got = new ArrayList<>();
        while (got.size() < batch.size()) { // bounded by the surefire timeout, not by the machine's speed
            for (FrameQueue.Item i : q.drain(10, 100)) {
                got.add(((FrameQueue.FrameItem) i).frame().frame());
            }
        }
        producer.join();
        assertThat(got).containsExactly("a", "b", "c", "d", "e");
        assertThat(q.highWaterItems()).as("never more than the bound queued").isLessThanOrEqualTo(3);
    }

    @Test
    void gapMarkersAreAlwaysAdmittedAndOrderIsKept() throws Exception {
        FrameQueue q = new FrameQueue(1, 10);
        q.offer(frame("a"), () -> { });
        q.put(new FrameQueue.EventItem(new FeedGap("okx", 1, 2, "test")));
        List<FrameQueue.Item> got = q.drain(10, 10);
        assertThat(got).hasSize(2);
        assertThat(got.get(1)).isInstanceOf(FrameQueue.EventItem.class);
        assertThat(q.drain(10, 1)).isEmpty();
    }

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        SessionSettings s = new SessionSettings(Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(1), null, null, 100);
        WsSession session = new WsSession(new BitmexConnector(java.net.URI.create("ws://127.0.0.1:1")), s, null, new FrameQueue(1, 1), null,
                System::currentTimeMillis);
        for (int i = 0; i < 200; i++) {
            assertThat(session.backoffMs(0)).isBetween(50L, 100L);
            assertThat(session.backoffMs(2)).isBetween(200L, 400L);
            assertThat(session.backoffMs(10)).isBetween(500L, 1000L);
            assertThat(session.backoffMs(63)).isBetween(500L, 1000L);
        }
    }
}
