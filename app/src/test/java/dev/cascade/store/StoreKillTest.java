package dev.cascade.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A process killed with SIGKILL keeps every event it had flushed (so loses at most the last flush interval). */
class StoreKillTest {
    @TempDir
    Path dir;

    @Test
    void killedWriterLosesOnlyUnflushedEvents() throws Exception {
        Path file = dir.resolve("killed.duckdb");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KillTestMain.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        long durable = 0;
        long appendedAtKill = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("stored ")) {
                    String[] parts = line.split(" ");
                    durable = Long.parseLong(parts[1]);
                    appendedAtKill = Long.parseLong(parts[3]);
                    if (durable >= 20_000) {
                        break;
                    }
                }
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no final flush
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(durable).as("child reported durable rows").isGreaterThanOrEqualTo(20_000);
        try (DuckDbStore s = DuckDbStore.open(file); Connection c = s.connect()) {
            long stored = DuckDbStoreTest.count(c, "SELECT count(*) FROM liquidation");
            assertThat(stored).isGreaterThanOrEqualTo(durable);
            assertThat(DuckDbStoreTest.count(c, "SELECT count(DISTINCT event_id) FROM liquidation")).isEqualTo(stored);
            // Rows are the first `stored` events in order: nothing in the middle went missing.
            assertThat(DuckDbStoreTest.count(c, "SELECT max(ts) - min(ts) + 1 FROM liquidation")).isEqualTo(stored);
            System.out.println("kill test: durable before kill " + durable + ", appended " + appendedAtKill + ", found after reopen " + stored);
        }
    }
}
