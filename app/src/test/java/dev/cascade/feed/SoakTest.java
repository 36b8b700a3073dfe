package dev.cascade.feed;

import dev.cascade.core.venue.ExchangeConnector;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.feed.fake.FakeVenue;
import dev.cascade.feed.fake.FakeVenues;
import dev.cascade.feed.fake.FakeWsServer;
import dev.cascade.feed.fake.PacedSenders;
import dev.cascade.core.record.RecordedFrame;
import dev.cascade.ingest.ReplayFileSource;
import dev.cascade.ingest.Spine;
import dev.cascade.ingest.StoreSink;
import dev.cascade.replay.RecordedFeedWriter;
import dev.cascade.store.DuckDbStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak mode, off by default (time-bounded, minutes of CPU): all seven fake feeds of the six exchanges at once, each
 * sending as fast as the link takes it (far above crash rates), into a DuckDB file with the production flush interval.
 * Reports sustained frames/s and receive-to-stored latency percentiles; fails if any frame sent is not stored.
 * {@code cascade.soak.rate} paces the senders to that many frames/s in total (0 = unthrottled, the throughput test).
 * <pre>mvn -o -pl app -am test -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false -Dcascade.soak.seconds=30 [-Dcascade.soak.rate=5000]</pre>
 */
@Tag("soak")
@EnabledIfSystemProperty(named = "cascade.soak.seconds", matches = "\\d+")
class SoakTest {
    @Test
    void allSixExchangesAtOnceAtCrashRates(@TempDir Path dir) throws Exception {
        int seconds = Integer.getInteger("cascade.soak.seconds");
        List<FakeVenue> venues = new ArrayList<>();
        List<ExchangeConnector> connectors = new ArrayList<>();
        for (String name : FakeVenues.NAMES) {
            FakeVenue v = FakeVenues.create(name).start();
            venues.add(v);
            connectors.add(v.connector(v.base()));
        }
        SessionSettings settings = new SessionSettings(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(1), Duration.ofSeconds(10), 1 << 20);
        FrameQueue queue = FrameQueue.standard();
        AtomicLong maxHeap = new AtomicLong();
        try (DuckDbStore store = DuckDbStore.open(dir.resolve("soak.duckdb"))) {
            TestIngest ingest = new TestIngest(connectors, settings, queue, store, 500);
            List<FakeWsServer.Conn> conns = new ArrayList<>();
            for (FakeVenue v : venues) {
                conns.add(v.server().await(c -> c.subscribed, 10_000));
            }
            long rate = Long.getLong("cascade.soak.rate", 0L);
            long t0 = System.nanoTime();
            long deadline = t0 + seconds * 1_000_000_000L;
            PacedSenders senders = PacedSenders.start(venues, conns, rate, t0, deadline);
            AtomicLong lastProgress = new AtomicLong(t0);
            long[] lastFrames = {0};
            Thread heap = new Thread(() -> {
                Runtime rt = Runtime.getRuntime();
                while (!Thread.currentThread().isInterrupted()) {
                    maxHeap.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                    long f = ingest.spine.frames();
                    if (f != lastFrames[0]) {
                        lastFrames[0] = f;
                        lastProgress.set(System.nanoTime());
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            heap.setDaemon(true);
            heap.start();
            java.util.Map<String, Integer> sentPerVenue = senders.join();
            long waitUntil = System.currentTimeMillis() + 120_000;
            long expectedEvents = senders.expectedEvents();
            AtomicLong sent = new AtomicLong(senders.frames());
            while (ingest.spine.counts().values().stream().mapToLong(Pipeline.FeedCounts::events).sum() < expectedEvents
                    && System.currentTimeMillis() < waitUntil) {
                Thread.sleep(20);
            }
            Thread.sleep(300); // let the progress sampler see the last frame
            double secs = (lastProgress.get() - t0) / 1e9;
            long frames = ingest.spine.frames();
            ingest.close();
            heap.interrupt();
            Pipeline.FeedCounts[] counts = ingest.spine.counts().values().toArray(new Pipeline.FeedCounts[0]);
            long events = 0;
            long malformed = 0;
            StringBuilder per = new StringBuilder();
            for (Pipeline.FeedCounts c : counts) {
                events += c.events();
                malformed += c.malformed();
                per.append(String.format(Locale.ROOT, "  %-14s %9d frames %9d events%n", c.source(), c.frames(), c.events()));
            }
            long gaps = ingest.sessions().stream().mapToLong(s -> s.status().gaps()).sum();
            String report = String.format(Locale.ROOT,
                    "soak: %d feeds for %d s sending %s; %d frames sent, %d frames (%d events) stored in %.1f s%n"
                            + "  sustained %.0f frames/s, %.0f events/s%n"
                            + "  receive->appended  p50 %.1f ms  p99 %.1f ms  max %.1f ms%n"
                            + "  receive->committed p50 %.1f ms  p99 %.1f ms  max %.1f ms (flush every 500 ms; %s)%n"
                            + "  queue high water %d items / %d chars (bound %d / %d); parked %d times; max heap used %d MiB; gaps %d; malformed %d%n%s",
                    venues.size(), seconds, rate > 0 ? rate + " frames/s in total" : "unthrottled", sent.get(), frames, events, secs, frames / secs, events / secs,
                    ingest.spine.handLatency().quantileMs(0.5), ingest.spine.handLatency().quantileMs(0.99),
                    ingest.spine.handLatency().maxMs(),
                    ingest.spine.commitLatency().quantileMs(0.5), ingest.spine.commitLatency().quantileMs(0.99),
                    ingest.spine.commitLatency().maxMs(), ingest.spine.flushSummary(),
                    queue.highWaterItems(), queue.highWaterChars(), queue.maxItems(), queue.maxChars(), queue.parkedTotal(),
                    maxHeap.get() >> 20, gaps, malformed, per);
            System.out.print(report);
            Path out = Path.of(System.getProperty("cascade.root", "."), "app", "target", "soak-report.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            assertThat(senders.failures()).isEmpty();
            assertThat(frames).isGreaterThanOrEqualTo(sent.get());
            assertThat(events).isEqualTo(expectedEvents);
            assertThat(malformed).isZero();
            assertThat(gaps).isZero();
            assertThat(store.stats().stored()).isEqualTo(events);
            replayTheSameFrames(dir, venues, sentPerVenue, events, frames / secs, events / secs);
        } finally {
            for (FakeVenue v : venues) {
                v.close();
            }
        }
    }

    /**
     * The same frames, written to a recorded-feed file (round-robin over the venues, as they arrived interleaved) and
     * replayed through the spine at full speed into a fresh store: the replay side of the spine's throughput ratio.
     */
    private static void replayTheSameFrames(Path dir, List<FakeVenue> venues, java.util.Map<String, Integer> sent,
                                            long expectedEvents, double liveFramesPerSecond, double liveEventsPerSecond) throws Exception {
        Path file = dir.resolve("soak-frames.jsonl");
        // Receive times after every frame's exchange time, as live: frames dated more than a day past their receipt
        // are rejected, and the fakes' clocks run up to days ahead of a receive time counted from their start.
        long received = System.currentTimeMillis();
        try (RecordedFeedWriter w = new RecordedFeedWriter(file)) {
            int max = sent.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            for (int i = 0; i < max; i++) {
                for (FakeVenue v : venues) {
                    if (i < sent.getOrDefault(v.source(), 0)) {
                        w.write(new RecordedFrame(received + i, v.source(), v.frame(i)));
                    }
                }
            }
        }
        try (DuckDbStore replayStore = DuckDbStore.open(dir.resolve("soak-replay.duckdb"))) {
            long t0 = System.nanoTime();
            ReplayFileSource source = new ReplayFileSource(List.of(file), 0, 0, false, (d, t) -> { });
            long events;
            long frames;
            try (Spine spine = new Spine(Instruments.withDefaults(), List.of(new StoreSink(replayStore)), FrameQueue.standard(), 500)) {
                spine.start(source);
                source.awaitFinished();
                spine.flushNow();
                events = spine.counts().values().stream().mapToLong(Pipeline.FeedCounts::events).sum();
                frames = spine.frames();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            // The last line is for bench/run: key=value pairs it reads into the end-to-end rows of the benchmark table.
            String report = String.format(Locale.ROOT, "spine throughput, same frames: live from %d fake venues %.0f frames/s (%.0f events/s); "
                            + "replayed from a file into a fresh store %.0f frames/s (%.0f events/s; %d frames, %d events in %.1f s); "
                            + "live/replay = %.2f%n"
                            + "RESULT soak live_frames_per_s=%.0f replay_frames_per_s=%.0f live_events_per_s=%.0f replay_events_per_s=%.0f frames=%d%n",
                    venues.size(), liveFramesPerSecond, liveEventsPerSecond, frames / secs, events / secs, frames, events, secs,
                    liveEventsPerSecond / (events / secs), liveFramesPerSecond, frames / secs, liveEventsPerSecond, events / secs, frames);
            System.out.print(report);
            Files.writeString(Path.of(System.getProperty("cascade.root", "."), "app", "target", "soak-report.txt"), report,
                    java.nio.file.StandardOpenOption.APPEND);
            assertThat(events).isEqualTo(expectedEvents);
        }
    }
}
