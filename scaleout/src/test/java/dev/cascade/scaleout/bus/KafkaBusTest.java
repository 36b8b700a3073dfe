package dev.cascade.scaleout.bus;

import dev.cascade.core.model.FeedGap;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.normalize.FeedGapFrames;
import dev.cascade.core.port.EventSource;
import dev.cascade.core.port.FrameBus;
import dev.cascade.core.record.RecordedFrame;
import dev.cascade.ingest.ResumableSource;
import dev.cascade.ingest.SpineSink;
import dev.cascade.scaleout.BusConsumer;
import dev.cascade.scaleout.SyntheticFrames;
import dev.cascade.store.DuckDbStore;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against a real Kafka broker (KRaft, in this JVM, 127.0.0.1, random port, temp dir): frames published, a consumer
 * killed between its store flush and its offset commit, a second consumer of the same group resuming. The store must
 * hold every event exactly once.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class KafkaBusTest {
    private static LocalKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.get();
    }

    private static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash() {
            super("consumer killed after the store flush, before the offset commit");
        }
    }

    @Test
    void consumerKilledMidStreamAndRestartedStoresEveryEventExactlyOnce(@TempDir Path dir) throws Exception {
        int n = 20_000;
        BusUrl bus = broker.bus("frames-kill-test");
        TestBroker.publishSynthetic(bus, 4, n, 7L);
        Path db = dir.resolve("bus.duckdb");
        ResumableSource.Options opts = new ResumableSource.Options(3_000, 100);

        // Consumer A: commits its first checkpoint, then dies right after the store flushed the second one. It checkpoints
        // (flush, wait, commit) every 3,000 frames before polling on, so it dies with frames of the topic still unread.
        long[] committedByA = {-1};
        int[] checkpoints = {0};
        long storedByA;
        try (DuckDbStore store = DuckDbStore.open(db); KafkaFrameSource source = new KafkaFrameSource(bus, "g1")) {
            BusConsumer a = new BusConsumer(bus.topic(), source, store, opts, ResumableSource.StopWhen.afterFrames(n))
                    .onCommit(framesSoFar -> {
                        if (++checkpoints[0] == 2) {
                            throw new SimulatedCrash();
                        }
                        committedByA[0] = framesSoFar;
                    });
            assertThatThrownBy(a::run).isInstanceOf(SimulatedCrash.class);
            storedByA = store.stats().stored();
        }
        assertThat(committedByA[0]).isBetween(1L, (long) n - 1);
        assertThat(storedByA).isGreaterThan(committedByA[0]).isLessThan(n);

        // Consumer B, same group: resumes at A's committed offsets, so it is re-sent what A stored but never committed.
        long expectedFramesB = n - committedByA[0];
        try (DuckDbStore store = DuckDbStore.open(db); KafkaFrameSource source = new KafkaFrameSource(bus, "g1")) {
            BusConsumer.Stats s = new BusConsumer(bus.topic(), source, store, opts,
                    ResumableSource.StopWhen.afterFrames(expectedFramesB)).run();
            assertThat(s.frames()).isEqualTo(expectedFramesB);
            assertThat(s.rejectedFrames()).isZero();
            assertThat(s.undecodable()).isZero();
            // The overlap was really re-delivered and dropped by the store, not silently skipped.
            assertThat(store.stats().duplicates()).isEqualTo(storedByA - committedByA[0]);
            assertThat(storedByA + store.stats().stored()).isEqualTo(n);
            // Nothing left: one more poll finds the group at the end of every partition.
            assertThat(source.poll(500)).isEmpty();
        }
        try (DuckDbStore store = DuckDbStore.open(db); Connection c = store.connect()) {
            assertThat(count(c, "SELECT count(*) FROM liquidation") + count(c, "SELECT count(*) FROM trade")).isEqualTo(n);
            assertThat(count(c, "SELECT count(DISTINCT event_id) FROM liquidation")).isEqualTo(count(c, "SELECT count(*) FROM liquidation"));
            assertThat(count(c, "SELECT count(*) FROM trade")).isEqualTo(n / 4);
        }
    }

    @Test
    void framesOfOneSymbolStayInOrderOnOnePartition() {
        BusUrl bus = broker.bus("frames-order-test");
        BusTopics.ensure(bus, 3);
        List<RecordedFrame> frames = SyntheticFrames.binance(600, 11L);
        // Through the ServiceLoader lookup, as `cascade ingest --bus kafka://...` opens it.
        try (FrameBus sink = FrameBus.open("kafka://" + broker.bootstrapServers() + "/frames-order-test")) {
            assertThat(sink).isInstanceOf(KafkaFrameSink.class);
            frames.forEach(sink::accept);
            sink.flush();
        }
        try (KafkaFrameSource source = new KafkaFrameSource(bus, "order")) {
            java.util.Map<String, Long> lastTs = new java.util.HashMap<>();
            int seen = 0;
            while (seen < frames.size()) { // bounded by the class timeout, not by how fast this machine is
                for (RecordedFrame f : source.poll(200)) {
                    seen++;
                    Long prev = lastTs.put(PartitionKeys.of(f), f.receiveTs());
                    assertThat(prev == null || prev < f.receiveTs()).as("order within key %s", PartitionKeys.of(f)).isTrue();
                }
            }
            assertThat(seen).isEqualTo(frames.size());
            assertThat(lastTs).hasSize(12);
        }
    }

    @Test
    void aFeedGapTravelsOnTheBusAndTheConsumerStoresIt() throws Exception {
        BusUrl bus = broker.bus("frames-gap-test");
        BusTopics.ensure(bus, 2);
        FeedGap gap = new FeedGap("binance-usdm", 1_760_130_900_123L, 1_760_130_960_000L, "disconnected: connection reset");
        List<RecordedFrame> frames = new java.util.ArrayList<>(SyntheticFrames.binance(100, 3L));
        frames.add(50, FeedGapFrames.encode(gap));
        try (KafkaFrameSink sink = new KafkaFrameSink(bus)) {
            frames.forEach(sink::accept);
            sink.flush();
        }
        try (DuckDbStore store = DuckDbStore.open(null); KafkaFrameSource source = new KafkaFrameSource(bus, "gaps")) {
            BusConsumer.Stats s = new BusConsumer(bus.topic(), source, store, ResumableSource.Options.DEFAULT,
                    ResumableSource.StopWhen.afterFrames(frames.size())).run();
            assertThat(s.rejectedFrames()).isZero();
            try (dev.cascade.store.SqlDashboardQueries q = new dev.cascade.store.SqlDashboardQueries(store::connect, 1)) {
                assertThat(q.gaps(0, Long.MAX_VALUE, 10)).containsExactly(
                        new dev.cascade.core.port.DashboardQueries.Gap(gap.source(), gap.fromTs(), gap.toTs(), gap.reason()));
            }
        }
    }

    /**
     * Consumer A processes frames without committing (no periodic checkpoint); consumer B joins the group once A has
     * processed 1,000. The rebalance must make A checkpoint before it lets partitions go, so B resumes where A
     * stopped: together they process every frame exactly once. Event-driven throughout: B starts on a count, and each
     * stops once all frames are processed and the hand-over has happened, however fast or slow the machine is.
     */
    @Test
    void aRebalanceHandsPartitionsOverWithoutReReadingWhatWasProcessed() throws Exception {
        int n = 20_000; // more than one poll (5,000), so A usually still has unread partitions when B joins
        BusUrl bus = broker.bus("frames-handoff-test");
        TestBroker.publishSynthetic(bus, 4, n, 17L);
        // Checkpoints by count never come (1,000,000 frames); the spine's once-a-second flush may commit in between, and the
        // hand-over at the rebalance must commit everything A processed before it lets partitions go.
        ResumableSource.Options opts = new ResumableSource.Options(1_000_000, 100);
        java.util.concurrent.atomic.AtomicLong processed = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong handOverCheckpoints = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.CountDownLatch aProcessed1000 = new java.util.concurrent.CountDownLatch(1000);
        ResumableSource.StopWhen allProcessedAndHandedOver = (frames, idle) -> processed.get() >= n && handOverCheckpoints.get() > 0;
        try (DuckDbStore storeA = DuckDbStore.open(null); DuckDbStore storeB = DuckDbStore.open(null)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                java.util.concurrent.Future<BusConsumer.Stats> a = pool.submit(() -> {
                    try (KafkaFrameSource kafka = new KafkaFrameSource(bus, "handoff")) {
                        SpineSink slowCounter = new SpineSink() {
                            @Override
                            public void event(MarketEvent e, long receiveNanos) {
                                processed.incrementAndGet();
                                aProcessed1000.countDown();
                                if (processed.get() % 10 == 0) {
                                    sleep(1); // slow, so B usually joins while A still has frames to read
                                }
                            }
                        };
                        return new BusConsumer(bus.topic(), countingHandOvers(kafka, handOverCheckpoints), storeA, opts,
                                allProcessedAndHandedOver).alsoTo(slowCounter).run();
                    }
                });
                aProcessed1000.await();
                boolean[] bAssigned = {false};
                java.util.concurrent.Future<BusConsumer.Stats> b = pool.submit(() -> {
                    try (KafkaFrameSource src = new KafkaFrameSource(bus, "handoff")) {
                        SpineSink counter = new SpineSink() {
                            @Override
                            public void event(MarketEvent e, long receiveNanos) {
                                processed.incrementAndGet();
                            }
                        };
                        BusConsumer.Stats stats = new BusConsumer(bus.topic(), src, storeB, opts,
                                (frames, idle) -> allProcessedAndHandedOver.stop(frames, idle) && src.caughtUp())
                                .alsoTo(counter).run();
                        bAssigned[0] = src.caughtUp();
                        return stats;
                    }
                });
                BusConsumer.Stats sb = b.get();
                BusConsumer.Stats sa = a.get();
                assertThat(bAssigned[0]).as("the second consumer was given partitions").isTrue();
                assertThat(handOverCheckpoints.get()).as("A checkpointed before letting partitions go").isPositive();
                // Each frame consumed by exactly one of the two: A committed everything it had processed before letting go.
                assertThat(sa.frames() + sb.frames()).isEqualTo(n);
                assertThat(sa.rejectedFrames() + sb.rejectedFrames()).isZero();
                assertThat(storeA.stats().stored() + storeB.stats().stored()).isEqualTo(n);
                assertThat(processed.get()).isEqualTo(n);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** {@code source}, counting the checkpoints its consumer runs when partitions are about to move away. */
    private static EventSource<Map<TopicPartition, OffsetAndMetadata>> countingHandOvers(KafkaFrameSource source,
                                                                                         java.util.concurrent.atomic.AtomicLong count) {
        return new EventSource<>() {
            @Override
            public List<RecordedFrame> poll(long maxWaitMs) {
                return source.poll(maxWaitMs);
            }

            @Override
            public Map<TopicPartition, OffsetAndMetadata> position() {
                return source.position();
            }

            @Override
            public void commit(Map<TopicPartition, OffsetAndMetadata> position) {
                source.commit(position);
            }

            @Override
            public void beforeReassign(Runnable checkpoint) {
                source.beforeReassign(() -> {
                    checkpoint.run();
                    count.incrementAndGet();
                });
            }

            @Override
            public boolean caughtUp() {
                return source.caughtUp();
            }

            @Override
            public long undecodable() {
                return source.undecodable();
            }

            @Override
            public void close() {
                source.close();
            }
        };
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
