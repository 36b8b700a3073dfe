package dev.cascade.scaleout;

import dev.cascade.core.record.RecordedFrame;
import dev.cascade.replay.RecordedFeedWriter;
import dev.cascade.scaleout.bus.LocalKafkaBroker;
import dev.cascade.scaleout.bus.TestBroker;
import dev.cascade.store.DuckDbStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands as a user runs them: publish a recorded file onto a real broker, consume it into a DuckDB file. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ScaleoutCliTest {
    private record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = ScaleoutCli.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), err.toString());
    }

    @Test
    void publishThenConsumeStoresEveryEventOnceAndARepeatedPublishAddsNothing(@TempDir Path dir) throws Exception {
        LocalKafkaBroker broker = TestBroker.get();
        Path file = dir.resolve("feed.jsonl.gz");
        List<RecordedFrame> frames = SyntheticFrames.binance(3_000, 99L);
        try (RecordedFeedWriter w = new RecordedFeedWriter(file)) {
            frames.forEach(w::write);
        }
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "not json\n{\"t\":1,\"src\":\"binance-usdm\",\"frame\":\"{}\"}\n");
        String bus = "kafka://" + broker.bootstrapServers() + "/cli-test";

        assertThat(run("publish", "--bus", bus, "--partitions", "3", file.toString()).exit()).isZero();
        // A bad line is skipped and counted (exit 3); the good line travels and is rejected by the normalizer later.
        assertThat(run("publish", "--bus", bus, bad.toString()).exit()).isEqualTo(ScaleoutCli.EXIT_INPUT_REJECTED);
        // The same file published again: the bus holds it twice, the store must not.
        assertThat(run("publish", "--bus", bus, file.toString()).exit()).isZero();

        Path db = dir.resolve("consumed.duckdb");
        Run consumed = run("consume", "--bus", bus, "--store", "duckdb:" + db, "--group", "cli", "--idle-exit", "2",
                "--checkpoint-frames", "1000");
        assertThat(consumed.exit()).as(consumed.err()).isEqualTo(ScaleoutCli.EXIT_INPUT_REJECTED); // the {} frame
        try (DuckDbStore s = DuckDbStore.open(db); Connection c = s.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM liquidation) + (SELECT count(*) FROM trade)")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(frames.size());
        }
    }

    @Test
    void badUrlsAreClearErrors(@TempDir Path dir) {
        Run r = run("publish", "--bus", "http://127.0.0.1:9092", dir.resolve("x.jsonl").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("bus must look like kafka://host:port");
        r = run("consume", "--bus", "kafka://127.0.0.1:1", "--store", "postgres://x");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("store must be duckdb:FILE or clickhouse://");
        r = run("consume", "--bus", "kafka://127.0.0.1:1", "--store", "clickhouse://h:8123/bad-name");
        assertThat(r.err()).contains("bad ClickHouse database name");
    }
}
