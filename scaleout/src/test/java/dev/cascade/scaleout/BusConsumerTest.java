package dev.cascade.scaleout;

import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.port.DurableSink;
import dev.cascade.core.port.EventSource;
import dev.cascade.core.record.RecordedFrame;
import dev.cascade.ingest.ResumableSource;
import dev.cascade.ingest.SpineSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The checkpoint protocol of the consumer's spine without a broker: a position is committed only after a store flush
 * covered every frame before it, every --checkpoint-frames a flush is forced and committed, the tail is committed at
 * the end, and a store that fails stops the consumer with nothing committed past what was stored.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BusConsumerTest {
    /** Frames in batches of 100; the position is the number of frames polled. Logs commits into {@code log}. */
    private static EventSource<Integer> source(List<RecordedFrame> frames, List<String> log) {
        return new EventSource<>() {
            int next;

            @Override
            public List<RecordedFrame> poll(long maxWaitMs) {
                List<RecordedFrame> batch = frames.subList(next, Math.min(frames.size(), next + 100));
                next += batch.size();
                return batch;
            }

            @Override
            public Integer position() {
                return next;
            }

            @Override
            public void commit(Integer position) {
                log.add("commit " + position);
            }

            @Override
            public long undecodable() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Stores into {@code stored} on flush and logs "flush N" (N = events stored so far); the {@code failAt}-th flush
     * with events to store fails, and every flush after it.
     */
    private static DurableSink store(List<MarketEvent> stored, List<String> log, int failAt) {
        return new DurableSink() {
            final List<MarketEvent> pending = new ArrayList<>();
            int flushes;

            @Override
            public long flush() {
                if (!pending.isEmpty() && ++flushes == failAt || flushes >= failAt) {
                    throw new IllegalStateException("disk full");
                }
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
    }

    @Test
    void everyCommitFollowsAFlushThatCoveredEveryFrameBeforeIt() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<RecordedFrame> frames = SyntheticFrames.binance(1_050, 1L);
        List<MarketEvent> stored = new ArrayList<>();
        BusConsumer.Stats s = new BusConsumer("fake", source(frames, log), store(stored, log, Integer.MAX_VALUE),
                new ResumableSource.Options(300, 10), ResumableSource.StopWhen.afterFrames(frames.size())).run();

        assertThat(s.frames()).isEqualTo(1_050);
        assertThat(s.events()).isEqualTo(1_050);
        assertThat(s.rejectedFrames()).isZero();
        assertThat(s.stored()).isEqualTo(1_050);
        assertThat(stored).hasSize(1_050);
        List<Long> commits = new ArrayList<>();
        long flushedSoFar = 0;
        for (String line : List.copyOf(log)) {
            long n = Long.parseLong(line.substring(line.indexOf(' ') + 1));
            if (line.startsWith("flush")) {
                flushedSoFar = n;
            } else {
                // One event per frame: a commit of position n needs the first n frames' events stored before it.
                assertThat(n).as("commit %d after only %d events were stored", n, flushedSoFar).isLessThanOrEqualTo(flushedSoFar);
                commits.add(n);
            }
        }
        assertThat(commits).isSorted().doesNotHaveDuplicates();
        assertThat(s.checkpoints()).isEqualTo(commits.size());
        // Every 300 frames (on 100-frame polls) the consumer flushes and commits before polling on, and the tail at the end;
        // the spine's once-a-second flush may add commits in between.
        assertThat(commits).contains(300L, 600L, 900L);
        assertThat(commits.get(commits.size() - 1)).isEqualTo(1_050L);
    }

    @Test
    void aStoreThatFailsStopsTheConsumerWithNothingCommittedPastWhatWasStored() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<RecordedFrame> frames = SyntheticFrames.binance(5_000, 2L);
        List<MarketEvent> stored = new ArrayList<>();
        BusConsumer consumer = new BusConsumer("fake", source(frames, log), store(stored, log, 3),
                new ResumableSource.Options(1_000, 10), ResumableSource.StopWhen.afterFrames(frames.size()));

        assertThatThrownBy(consumer::run).isInstanceOf(SpineSink.Down.class).hasMessageContaining("disk full");
        List<String> commits = log.stream().filter(l -> l.startsWith("commit")).toList();
        // Two flushes stored events, the third failed (at the latest at the 3,000-frame checkpoint): whatever was
        // committed was stored. Committing a position when it is polled, not when it is durable, would commit 5,000.
        for (String c : commits) {
            assertThat(Long.parseLong(c.substring(7))).isLessThanOrEqualTo(stored.size());
        }
        assertThat(stored.size()).isLessThan(frames.size());
    }
}
