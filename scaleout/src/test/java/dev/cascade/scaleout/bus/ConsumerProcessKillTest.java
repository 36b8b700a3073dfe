package dev.cascade.scaleout.bus;

import dev.cascade.ingest.ResumableSource;
import dev.cascade.scaleout.BusConsumer;
import dev.cascade.store.DuckDbStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The consumer as a separate OS process ({@code cascade-scaleout consume} into a DuckDB file), killed with SIGKILL
 * mid-stream, then a consumer of the same group restarted on the same file: every event stored exactly once.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ConsumerProcessKillTest {
    @Test
    void sigkilledConsumerProcessRestartedStoresEveryEventOnce(@TempDir Path dir) throws Exception {
        LocalKafkaBroker broker = TestBroker.get();
        int n = 40_000;
        BusUrl bus = broker.bus("frames-sigkill-test");
        TestBroker.publishSynthetic(bus, 4, n, 23L);
        long t0 = System.nanoTime();
        Path db = dir.resolve("killed.duckdb");
        Path log = dir.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.cascade.scaleout.ScaleoutCli", "consume", "--bus", "kafka://" + broker.bootstrapServers() + "/" + bus.topic(),
                "--store", "duckdb:" + db, "--group", "killed", "--instance-id", "consumer-1", "--checkpoint-frames", "2000")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long committed;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            while (committed(admin) < 6_000) { // bounded by the class timeout, not by how fast this machine is
                if (!child.isAlive()) {
                    fail("consumer process ended early (exit " + child.exitValue() + "): " + Files.readString(log));
                }
                child.waitFor(50, TimeUnit.MILLISECONDS);
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no final flush, no commit
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            committed = committed(admin);
        }
        System.out.printf("child killed after %.1fs with %d frames committed%n", (System.nanoTime() - t0) / 1e9, committed);
        assertThat(committed).as("killed mid-stream").isBetween(6_000L, n - 1L);

        long expectedFrames = n - committed;
        try (DuckDbStore store = DuckDbStore.open(db); KafkaFrameSource source = new KafkaFrameSource(bus, "killed", "consumer-1")) {
            BusConsumer.Stats s = new BusConsumer(bus.topic(), source, store, new ResumableSource.Options(5_000, 100),
                    ResumableSource.StopWhen.afterFrames(expectedFrames)).run();
            System.out.printf("restarted consumer took %d frames in %.1fs%n", s.frames(), s.elapsedNanos() / 1e9);
            assertThat(s.frames()).isEqualTo(expectedFrames);
            assertThat(s.rejectedFrames()).isZero();
            assertThat(source.poll(500)).isEmpty();
        }
        try (DuckDbStore store = DuckDbStore.open(db); Connection c = store.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM liquidation) + (SELECT count(*) FROM trade), "
                     + "(SELECT count(DISTINCT event_id) FROM liquidation) + (SELECT count(DISTINCT event_id) FROM trade)")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(n);
            assertThat(rs.getLong(2)).isEqualTo(n);
        }
    }

    private static long committed(Admin admin) throws Exception {
        Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets("killed").partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }
}
