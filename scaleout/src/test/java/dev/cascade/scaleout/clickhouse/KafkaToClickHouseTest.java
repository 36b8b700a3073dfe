package dev.cascade.scaleout.clickhouse;

import dev.cascade.core.model.EventKeys;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.core.record.RecordedFrame;
import dev.cascade.scaleout.ScaleoutCli;
import dev.cascade.scaleout.bus.BusUrl;
import dev.cascade.scaleout.bus.TestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cascade-scaleout consume --store clickhouse://...} end to end: a real Kafka broker, the consumer command and
 * the real ClickHouse engine. Every event of every frame must be stored, each event id once (read without FINAL, so
 * a copy the server had not merged away would show).
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

        String url = TestClickHouse.freshUrl("from_kafka");
        int exit = ScaleoutCli.commandLine().execute("consume", "--bus", "kafka://" + bus.bootstrapServers() + "/" + bus.topic(),
                "--store", url, "--group", "to-clickhouse", "--idle-exit", "2", "--checkpoint-frames", "1000");
        assertThat(exit).isZero();
        Set<Long> ids = new HashSet<>();
        for (String table : List.of("liquidation", "trade")) {
            List<List<String>> rows = TestClickHouse.rows(url, "SELECT event_id FROM " + table);
            rows.forEach(r -> assertThat(ids.add(Long.parseLong(r.get(0)))).as("stored twice: %s", r).isTrue());
        }
        assertThat(ids).isEqualTo(expectedIds);
    }
}
