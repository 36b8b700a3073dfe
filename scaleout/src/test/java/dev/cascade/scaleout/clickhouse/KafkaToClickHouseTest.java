package dev.cascade.scaleout.clickhouse;

import dev.cascade.core.model.EventKeys;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.core.record.RecordedFrame;
import dev.cascade.scaleout.ScaleoutCli;
import dev.cascade.scaleout.bus.BusUrl;
import dev.cascade.scaleout.bus.TestBroker;
import dev.cascade.store.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cascade-scaleout consume --store clickhouse://...} end to end: a real Kafka broker, the consumer command, and
 * the loopback ClickHouse HTTP fake standing in for the server (no live ClickHouse). Every event of every frame must
 * arrive in a RowBinary INSERT, each event id once.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KafkaToClickHouseTest {
    @Test
    void consumeCommandInsertsEveryEventOfTheTopicIntoClickHouse() throws Exception {
        BusUrl bus = TestBroker.get().bus("frames-to-clickhouse");
        List<RecordedFrame> frames = TestBroker.publishSynthetic(bus, 2, 5_000, 31L);
        Set<Long> expectedIds = new HashSet<>();
        Pipeline p = new Pipeline(Instruments.withDefaults(), (MarketEvent e) -> expectedIds.add(EventKeys.of(e)), (s, f, r) -> { });
        frames.forEach(p::accept);
        assertThat(expectedIds).hasSize(frames.size());

        try (FakeClickHouseServer server = new FakeClickHouseServer()) {
            int exit = ScaleoutCli.commandLine().execute("consume", "--bus", "kafka://" + bus.bootstrapServers() + "/" + bus.topic(),
                    "--store", "clickhouse://127.0.0.1:" + server.port() + "/cascade", "--group", "to-clickhouse",
                    "--idle-exit", "2", "--checkpoint-frames", "1000");
            assertThat(exit).isZero();
            List<Long> ids = new java.util.ArrayList<>();
            for (FakeClickHouseServer.Request r : server.requests()) {
                String q = r.params().get("query");
                if (q == null) {
                    continue;
                }
                Schema.Table t = q.equals("INSERT INTO liquidation FORMAT RowBinary") ? Schema.LIQUIDATION
                        : q.equals("INSERT INTO trade FORMAT RowBinary") ? Schema.TRADE : null;
                assertThat(t).as("unexpected insert %s", q).isNotNull();
                for (List<Object> row : RowBinary.decodeRows(r.body(), t.columnList().stream().map(ClickHouseSchema::type).toList())) {
                    ids.add((Long) row.get(0));
                }
            }
            assertThat(ids).hasSize(frames.size()).doesNotHaveDuplicates();
            assertThat(new HashSet<>(ids)).isEqualTo(expectedIds);
        }
    }
}
