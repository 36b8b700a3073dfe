package dev.cascade.scaleout;

import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.core.port.DurableSink;
import dev.cascade.core.port.EventSource;
import dev.cascade.core.record.RecordedFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The checkpoint protocol without a broker: the store is flushed before every commit, and the tail is checkpointed. */
class ConsumeLoopTest {
    @Test
    void everyCommitFollowsAFlushThatCoveredEveryPolledFrame() {
        List<String> log = new ArrayList<>();
        List<RecordedFrame> frames = SyntheticFrames.binance(1_050, 1L);
        EventSource source = new EventSource() {
            int next;

            @Override
            public List<RecordedFrame> poll(long maxWaitMs) {
                List<RecordedFrame> batch = frames.subList(next, Math.min(frames.size(), next + 100));
                next += batch.size();
                log.add("poll " + batch.size());
                return batch;
            }

            @Override
            public void commit() {
                log.add("commit " + next);
            }

            @Override
            public long undecodable() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
        List<MarketEvent> stored = new ArrayList<>();
        List<MarketEvent> pending = new ArrayList<>();
        DurableSink sink = new DurableSink() {
            @Override
            public long flush() {
                stored.addAll(pending);
                log.add("flush " + stored.size());
                int n = pending.size();
                pending.clear();
                return n;
            }

            @Override
            public void accept(MarketEvent event) {
                pending.add(event);
            }
        };
        Pipeline p = new Pipeline(Instruments.withDefaults(), sink, (s, f, r) -> {
            throw new AssertionError(r);
        });
        ConsumeLoop.Stats s = new ConsumeLoop(source, p, sink, new ConsumeLoop.Options(300, 60_000, 10))
                .run(ConsumeLoop.StopWhen.afterFrames(frames.size()));

        assertThat(s.frames()).isEqualTo(1_050);
        assertThat(s.stored()).isEqualTo(1_050);
        assertThat(stored).hasSize(1_050);
        List<String> checkpoints = log.stream().filter(l -> !l.startsWith("poll")).toList();
        // 300-frame checkpoints land on 100-frame poll boundaries: 300, 600, 900, then the 1050 tail.
        assertThat(checkpoints).containsExactly("flush 300", "commit 300", "flush 600", "commit 600", "flush 900", "commit 900",
                "flush 1050", "commit 1050");
    }
}
