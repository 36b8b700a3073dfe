package dev.cascade.ingest;

import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.feed.FrameQueue;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A store that fails mid-run (disk full, read-only file, file gone) stops ingestion once; it is never bad input. */
class SpineStoreFailureTest {
    private static final String RECORDING = "binance-usdm-forceorder-20250126-27.jsonl.gz";
    private static final long FAIL_AFTER = 1_000;

    private static Path bundled(String name) {
        return Path.of(System.getProperty("cascade.root", "..")).resolve("data").resolve(name);
    }

    @Test
    void aReplayIntoAFailingStoreStopsOnceWithWhatWasStoredAndRejectsNothing() throws Exception {
        FailingStore store = new FailingStore(FAIL_AFTER);
        CountDownLatch halted = new CountDownLatch(1);
        ReplayFileSource source = new ReplayFileSource(List.of(bundled(RECORDING)), 0, 0, false, (done, total) -> { });
        try (Spine spine = new Spine(Instruments.withDefaults(), List.of(new StoreSink(store)), FrameQueue.standard(), 100)) {
            spine.onHalt(halted::countDown);
            spine.start(source);
            assertThat(halted.await(120, TimeUnit.SECONDS)).as("the spine stopped on the store failure").isTrue();
            source.awaitFinished(); // returns: the halt closed the source (or it had read the whole file)
            assertThat(spine.halted().getMessage()).contains("No space left on device").contains("stored before it");
            long rejected = spine.counts().values().stream().mapToLong(Pipeline.FeedCounts::malformed).sum();
            assertThat(rejected).as("a store failure is not bad input").isZero();
            assertThat(spine.failures()).as("counted once, not once per event after it").isEqualTo(1);
            long callsAtHalt = store.calls.get();
            spine.flushNow(); // returns: the writer drains and discards instead of blocking producers
            assertThat(store.calls.get()).as("no store call after the halt").isEqualTo(callsAtHalt);
            CountDownLatch late = new CountDownLatch(1);
            spine.onHalt(late::countDown);
            assertThat(late.getCount()).as("a listener added after the halt runs at once").isZero();
        }
        assertThat(store.stored()).isLessThanOrEqualTo(FAIL_AFTER);
    }

    @Test
    void aHealthyStoreNeverHalts() throws Exception {
        FailingStore store = new FailingStore(Long.MAX_VALUE);
        ReplayFileSource source = new ReplayFileSource(List.of(bundled(RECORDING)), 0, 0, false, (done, total) -> { });
        try (Spine spine = new Spine(Instruments.withDefaults(), List.of(new StoreSink(store)), FrameQueue.standard(), 100)) {
            spine.start(source);
            source.awaitFinished();
            spine.flushNow();
            assertThat(spine.halted()).isNull();
            assertThat(spine.failures()).isZero();
        }
        // The recording holds more than the failing store takes: that test's failure comes in the middle of the file.
        assertThat(store.stored()).isGreaterThan(FAIL_AFTER);
    }
}
