package dev.cascade.scaleout;

import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.record.RecordedFrame;
import dev.cascade.feed.FrameQueue;
import dev.cascade.ingest.FlushPolicy;
import dev.cascade.ingest.ResumableSource;
import dev.cascade.ingest.Spine;
import dev.cascade.ingest.StoreSink;
import dev.cascade.scaleout.bus.BusTopics;
import dev.cascade.scaleout.bus.BusUrl;
import dev.cascade.scaleout.bus.KafkaFrameSink;
import dev.cascade.scaleout.bus.KafkaFrameSource;
import dev.cascade.scaleout.bus.LocalKafkaBroker;
import dev.cascade.store.DuckDbStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Throughput of distributed mode on this machine, against embedded mode in the same run:",
                "baseline = frames -> normalizers -> DuckDB in one JVM, flushed every second as a replay does;",
                "bus      = frames -> Kafka producer -> local broker -> consumer -> same normalizers -> DuckDB (end to end)."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--frames", defaultValue = "200000", paramLabel = "N", description = "Frames per run (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--partitions", defaultValue = "4", paramLabel = "N", description = "Topic partitions (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--seed", defaultValue = "42", description = "Synthetic frame seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (frames <= 0 || partitions <= 0) {
            throw new IllegalArgumentException("--frames and --partitions must be positive");
        }
        List<RecordedFrame> input = SyntheticFrames.binance(frames, seed);
        Path dir = Files.createTempDirectory("cascade-bench-");
        try {
            // Baseline: the embedded path. Warmed up first (JIT, DuckDB load), and measured again after the bus run so
            // a machine shared with other work shows up as a spread between the two baselines, not as a fake ratio.
            embedded(input.subList(0, Math.min(frames, 20_000)), dir.resolve("warmup.duckdb"));
            long t0 = System.nanoTime();
            long baselineStored = embedded(input, dir.resolve("embedded.duckdb"));
            double baseSecs = (System.nanoTime() - t0) / 1e9;

            // Distributed: publish and consume at the same time through a real broker on loopback.
            BusRun bus;
            try (LocalKafkaBroker broker = LocalKafkaBroker.start(0, null)) {
                BusUrl url = broker.bus("bench.frames.v1");
                BusTopics.ensure(url, partitions);
                AtomicLong firstFrameAt = new AtomicLong();
                ExecutorService ex = Executors.newSingleThreadExecutor();
                try (DuckDbStore db = DuckDbStore.open(dir.resolve("bus.duckdb"))) {
                    Future<BusConsumer.Stats> consumer = ex.submit(() -> {
                        try (KafkaFrameSource src = new KafkaFrameSource(url, "bench")) {
                            return new BusConsumer(url.topic(), src, db, ResumableSource.Options.DEFAULT, (n, idle) -> {
                                if (n > 0) {
                                    firstFrameAt.compareAndSet(0, System.nanoTime());
                                }
                                return n >= frames;
                            }).run();
                        }
                    });
                    long t1 = System.nanoTime();
                    double pubSecs;
                    try (KafkaFrameSink sink = new KafkaFrameSink(url)) {
                        input.forEach(sink::accept);
                        sink.flush();
                        pubSecs = (System.nanoTime() - t1) / 1e9;
                    }
                    BusConsumer.Stats s = consumer.get();
                    long end = System.nanoTime();
                    double e2eSecs = (end - t1) / 1e9;
                    double consumeSecs = (end - firstFrameAt.get()) / 1e9;
                    bus = new BusRun(pubSecs, consumeSecs, e2eSecs, s, db.stats().stored());
                } finally {
                    ex.shutdownNow();
                }
            }
            long t2 = System.nanoTime();
            embedded(input, dir.resolve("embedded-after.duckdb"));
            double baseAfterSecs = (System.nanoTime() - t2) / 1e9;
            PrintRow.print(frames, baselineStored, baseSecs, baseAfterSecs, bus.pubSecs, bus.consumeSecs, bus.e2eSecs, bus.stats,
                    bus.stored, partitions);
            return bus.stored == baselineStored && bus.stats.events() == baselineStored ? 0 : ScaleoutCli.EXIT_FAILED;
        } finally {
            deleteTree(dir);
        }
    }

    private record BusRun(double pubSecs, double consumeSecs, double e2eSecs, BusConsumer.Stats stats, long stored) {
    }

    private static final class PrintRow {
        static void print(int frames, long baseEvents, double baseSecs, double baseAfterSecs, double pubSecs, double consumeSecs,
                          double e2eSecs, BusConsumer.Stats s, long busStored, int partitions) {
            double base = baseEvents / ((baseSecs + baseAfterSecs) / 2);
            double e2e = s.events() / e2eSecs;
            System.out.printf(Locale.ROOT, "frames: %d synthetic Binance frames (forceOrder + aggTrade), %d events; cores: %d; partitions: %d%n",
                    frames, baseEvents, Runtime.getRuntime().availableProcessors(), partitions);
            System.out.printf(Locale.ROOT, "baseline embedded (normalize -> DuckDB):     %10.0f events/s  (before bus %.2fs, after %.2fs)%n",
                    base, baseSecs, baseAfterSecs);
            System.out.printf(Locale.ROOT, "bus publish only (producer -> broker acked): %10.0f frames/s  (%.2fs)%n", frames / pubSecs, pubSecs);
            System.out.printf(Locale.ROOT, "bus consume (first frame -> last stored):    %10.0f events/s  (%.2fs)%n", s.events() / consumeSecs, consumeSecs);
            System.out.printf(Locale.ROOT, "bus end to end (publish start -> stored):    %10.0f events/s  (%.2fs) = %.2fx baseline%n",
                    e2e, e2eSecs, e2e / base);
            System.out.printf(Locale.ROOT, "stored: embedded %d, via bus %d (%s)%n", baseEvents, busStored,
                    busStored == baseEvents ? "equal" : "MISMATCH");
        }
    }

    /**
     * Frames -> the ingest spine (normalizers -> DuckDB), flushed at least once a second as a replay is (the same
     * durability the consumer's checkpoints give); returns events stored.
     */
    private static long embedded(List<RecordedFrame> input, Path file) {
        try (DuckDbStore db = DuckDbStore.open(file);
             Spine spine = new Spine(Instruments.withDefaults(), List.of(new StoreSink(db)), FrameQueue.standard(),
                     FlushPolicy.MAX_INTERVAL_MS).start()) {
            for (RecordedFrame f : input) {
                spine.queue().put(new FrameQueue.FrameItem(f, System.nanoTime()));
            }
            spine.flushNow();
            return db.stats().stored();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
