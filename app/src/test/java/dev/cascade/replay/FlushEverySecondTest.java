package dev.cascade.replay;

import dev.cascade.core.model.FeedGap;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.port.DurableSink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FlushEverySecondTest {
    /** Records what reaches it and after how many events each flush came. */
    static final class Recorder implements DurableSink {
        final List<MarketEvent> events = new ArrayList<>();
        final List<Integer> flushedAt = new ArrayList<>();

        @Override
        public void accept(MarketEvent event) {
            events.add(event);
        }

        @Override
        public long flush() {
            flushedAt.add(events.size());
            return 0;
        }
    }

    @Test
    void flushesOnceASecondHasPassedAtTheNextCheck() {
        Recorder store = new Recorder();
        long[] now = {0};
        FlushEverySecond sink = new FlushEverySecond(store, () -> now[0]);
        int n = FlushEverySecond.CHECK_EVERY * 10;
        for (int i = 0; i < n; i++) {
            sink.accept(new FeedGap("test", i, i, "x"));
            now[0] += 100_000L; // 0.1 ms an event: a second passes every 10,000 events
        }
        assertThat(store.events).hasSize(n);
        // Checked every 4,096 events (0.41 s here): the first check a second or more after the last flush flushes.
        assertThat(store.flushedAt).containsExactly(3 * FlushEverySecond.CHECK_EVERY, 6 * FlushEverySecond.CHECK_EVERY,
                9 * FlushEverySecond.CHECK_EVERY);
    }

    @Test
    void aFastReplayIsNotFlushedBeforeASecond() {
        Recorder store = new Recorder();
        FlushEverySecond sink = new FlushEverySecond(store, () -> 0L);
        for (int i = 0; i < FlushEverySecond.CHECK_EVERY * 3; i++) {
            sink.accept(new FeedGap("test", i, i, "x"));
        }
        assertThat(store.flushedAt).isEmpty();
    }
}
