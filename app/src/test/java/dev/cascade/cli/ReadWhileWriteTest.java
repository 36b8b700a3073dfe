package dev.cascade.cli;

import dev.cascade.feed.fake.FakeVenue;
import dev.cascade.feed.fake.FakeVenues;
import dev.cascade.feed.fake.FakeWsServer;
import dev.cascade.store.ReadAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both sides of reading while `cascade ingest` (another process) holds the store: the CLI's reads return the events
 * already flushed, a second writer is told who holds the store, and no DuckDB lock error ever reaches the user.
 */
class ReadWhileWriteTest {
    @TempDir
    Path dir;

    @Test
    void queryAndExportDuringALiveIngestSeeWhatIsFlushed() throws Exception {
        Path db = dir.resolve("live.duckdb");
        try (FakeVenue venue = FakeVenues.create("binance-usdm").start()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process ingest = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CascadeCli.class.getName(),
                    "ingest", "--db", db.toString(), "--exchanges", "binance-usdm", "--no-oi-poll",
                    "--url", "binance-usdm=" + venue.base(), "--connect-timeout", "30")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("ingest.log").toFile()).start();
            try {
                FakeWsServer.Conn conn = venue.server().await(c -> c.subscribed, 60_000);
                assertThat(conn).as("the ingest subscribed; its log: %s", log()).isNotNull();
                assertThat(awaitLease(db)).as("the writer published read access; its log: %s", log()).isTrue();
                // 50 frames: 45 liquidations (every 10th frame is a mark price).
                for (int i = 0; i < 50; i++) {
                    conn.send(venue.frame(i), true);
                }
                long count = -1;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (count < 45 && System.nanoTime() < deadline) {
                    CliTest.Run q = CliTest.run("query", "--db", db.toString(), "--from", "2025-10-10T21:00Z", "--to", "2025-10-10T22:00Z",
                            "--by", "none", "--format", "csv");
                    assertThat(q.exit()).as("query while ingest runs: %s", q.err()).isZero();
                    assertThat(q.out() + q.err()).doesNotContainIgnoringCase("lock");
                    count = countColumn(q.out());
                    assertThat(count).as("never more than was sent").isLessThanOrEqualTo(45);
                }
                assertThat(count).as("every flushed liquidation is readable while the ingest runs").isEqualTo(45);

                CliTest.Run export = CliTest.run("export", "--db", db.toString(), "--table", "liquidation", "--from", "2025-10-10",
                        "--to", "2025-10-11", "--out", dir.resolve("liq.csv").toString());
                assertThat(export.exit()).as(export.err()).isZero();
                assertThat(Files.readAllLines(dir.resolve("liq.csv"))).hasSize(46); // header + 45 rows

                // A second writer is told the store is taken, in words, not with DuckDB's lock error.
                CliTest.Run second = CliTest.run("replay", "--db", db.toString(), dir.resolve("liq.csv").toString());
                assertThat(second.exit()).isNotZero();
                assertThat(second.err()).contains("open for writing in another process").doesNotContain("Could not set lock");

                // A writer that publishes no read access (its lease gone): the reader says so, in words.
                Files.delete(ReadAccess.leaseFile(db));
                CliTest.Run blocked = CliTest.run("query", "--db", db.toString(), "--since", "24h");
                assertThat(blocked.exit()).isNotZero();
                assertThat(blocked.err()).contains("open for writing in another process").doesNotContain("Could not set lock");
                // No snapshot file is left behind by the reads.
                try (var files = Files.list(dir)) {
                    assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains("snapshot")).toList()).isEmpty();
                }
            } finally {
                ingest.destroy(); // SIGTERM: the shutdown hook drains and flushes
                ingest.waitFor(60, TimeUnit.SECONDS);
                ingest.destroyForcibly();
            }
        }
        // After the writer has gone, the file itself is read directly.
        CliTest.Run after = CliTest.run("query", "--db", db.toString(), "--from", "2025-10-10T21:00Z", "--to", "2025-10-10T22:00Z",
                "--by", "none", "--format", "csv");
        assertThat(after.exit()).as(after.err()).isZero();
        assertThat(countColumn(after.out())).isEqualTo(45);
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("ingest.log"));
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static boolean awaitLease(Path db) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(ReadAccess.leaseFile(db))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** The count column of a one-row `query --format csv` (0 when there is no row yet). */
    static long countColumn(String csv) {
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        if (lines.size() < 2) {
            return 0;
        }
        List<String> header = List.of(lines.get(0).split(","));
        int i = header.indexOf("count");
        assertThat(i).as("count column in %s", lines.get(0)).isNotNegative();
        return Long.parseLong(lines.get(1).split(",")[i]);
    }

}
