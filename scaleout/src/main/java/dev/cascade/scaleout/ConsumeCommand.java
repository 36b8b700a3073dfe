package dev.cascade.scaleout;

import dev.cascade.ingest.ResumableSource;
import dev.cascade.scaleout.bus.BusUrl;
import dev.cascade.scaleout.bus.KafkaFrameSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

@Command(name = "consume", mixinStandardHelpOptions = true,
        description = {"Consumer path: the ingest spine with the bus as its source: raw frames through the same normalizers "
                + "as embedded mode into a store.",
                "Offsets are committed only after the store flush; a restarted consumer stores nothing twice.",
                "Run one per partition group member for parallelism (same --group). Ctrl-C checkpoints and exits."})
final class ConsumeCommand implements Callable<Integer> {
    @Option(names = "--bus", required = true, paramLabel = "URL", description = "kafka://host:port[/topic].")
    String bus;

    @Option(names = "--store", required = true, paramLabel = "URL",
            description = "clickhouse://host:8123/database[?user=NAME] (password from $CASCADE_CLICKHOUSE_PASSWORD) or duckdb:FILE.")
    String store;

    @Option(names = "--group", defaultValue = "cascade-store", paramLabel = "ID", description = "Consumer group (default ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "Static group membership: a consumer restarted with the same id resumes its partitions at once.")
    String instanceId;

    @Option(names = "--idle-exit", defaultValue = "0", paramLabel = "SECONDS",
            description = "Stop after this long without new frames, counted once the consumer has its partitions and has read "
                    + "them to their ends (0 = run until Ctrl-C).")
    long idleExitSeconds;

    @Option(names = "--checkpoint-frames", defaultValue = "50000", paramLabel = "N",
            description = "Flush the store and commit offsets every N frames (default ${DEFAULT-VALUE}) or every second.")
    int checkpointFrames;

    @Override
    public Integer call() throws InterruptedException {
        BusUrl url = BusUrl.parse(bus);
        if (idleExitSeconds < 0 || checkpointFrames <= 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--idle-exit must be >= 0 and --checkpoint-frames > 0");
        }
        // Ctrl-C or SIGTERM: the consumer checkpoints (flush, then commit) and the hook waits until the summary is printed
        // and the store closed, so the JVM does not end under them.
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean stopAsked = new AtomicBoolean();
        AtomicReference<BusConsumer> running = new AtomicReference<>();
        Thread hook = new Thread(() -> {
            stopAsked.set(true);
            BusConsumer c = running.get();
            if (c != null) {
                c.stop();
            }
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "consume-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Stores.Opened st = Stores.open(store); KafkaFrameSource kafka = new KafkaFrameSource(url, group, instanceId)) {
            BusConsumer consumer = new BusConsumer(url.topic(), kafka, st.sink(), new ResumableSource.Options(checkpointFrames, 200),
                    idleExitSeconds > 0 ? ResumableSource.StopWhen.idleFor(idleExitSeconds * 1000) : ResumableSource.StopWhen.never());
            running.set(consumer);
            if (stopAsked.get()) {
                consumer.stop(); // asked before it existed: it starts, checkpoints nothing new and ends
            }
            System.err.println("consuming " + url.topic() + " on " + url.bootstrapServers() + " as group " + group + " into "
                    + st.description() + (idleExitSeconds > 0 ? " (exits after " + idleExitSeconds + "s idle)" : " (Ctrl-C to stop)"));
            BusConsumer.Stats s = consumer.run();
            System.out.printf(Locale.ROOT, "Consumed %d frames -> %d events in %.2fs (%.0f frames/s); %d checkpoints, %d rows written "
                            + "to %s; %d frames rejected by normalizers, %d undecodable%n", s.frames(), s.events(), s.elapsedNanos() / 1e9,
                    s.framesPerSecond(), s.checkpoints(), s.stored(), st.description(), s.rejectedFrames(), s.undecodable());
            return s.rejectedFrames() > 0 || s.undecodable() > 0 ? ScaleoutCli.EXIT_INPUT_REJECTED : 0;
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running and has been let go
            }
        }
    }
}
