package dev.cascade.scaleout.clickhouse;

import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.port.QueryStore.Dimension;
import dev.cascade.core.port.QueryStore.LiquidationFilter;
import dev.cascade.core.port.ReadStore;
import dev.cascade.replay.Replayer;
import dev.cascade.store.DuckDbStore;
import dev.cascade.store.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster layout of {@code clickhouse-ddl --cluster} on two real engines on different ports: a Distributed table
 * per event table over a {@code <table>_local} on each node, sharded by event id. The engine here has no Keeper, so
 * the {@code _local} tables are plain ReplacingMergeTree and the DDL runs on each node instead of ON CLUSTER; the rest
 * is the printed DDL. The store writes through one node (with the other as a second host), and reads through the
 * Distributed tables answer exactly as DuckDB does over the same events.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClickHouseClusterTest {
    private static final String CLUSTER = "cascade_pair";

    @Test
    void clusterDdlNamesReplicatedLocalTablesAndADistributedTableShardedByEventId() {
        List<String> ddl = ClickHouseSchema.clusterDdl(CLUSTER, "cascade");
        assertThat(ddl).hasSize(1 + 2 * Schema.ALL.size());
        assertThat(ddl.get(0)).isEqualTo("CREATE DATABASE IF NOT EXISTS cascade ON CLUSTER " + CLUSTER);
        assertThat(ddl.get(1)).startsWith("CREATE TABLE IF NOT EXISTS cascade.liquidation_local ON CLUSTER " + CLUSTER + " (event_id Int64,")
                .contains("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/cascade/liquidation', '{replica}')")
                .contains("PARTITION BY toYYYYMM(toDateTime(intDiv(ts, 1000), 'UTC')) ORDER BY (symbol, ts, event_id)");
        assertThat(ddl.get(2)).isEqualTo("CREATE TABLE IF NOT EXISTS cascade.liquidation ON CLUSTER " + CLUSTER
                + " AS cascade.liquidation_local ENGINE = Distributed(" + CLUSTER + ", cascade, liquidation_local, cityHash64(event_id))");
    }

    @Test
    void aDistributedStoreOverTwoEnginesAnswersAsDuckDbDoes(@TempDir Path dir) throws Exception {
        int tcp1 = LocalClickHouse.freePort();
        int tcp2 = LocalClickHouse.freePort();
        Path config = dir.resolve("cluster.xml");
        Files.writeString(config, "<clickhouse><remote_servers><" + CLUSTER + ">"
                + "<shard><replica><host>127.0.0.1</host><port>" + tcp1 + "</port></replica></shard>"
                + "<shard><replica><host>127.0.0.1</host><port>" + tcp2 + "</port></replica></shard>"
                + "</" + CLUSTER + "></remote_servers></clickhouse>");
        List<MarketEvent> events = new ArrayList<>();
        Path data = Path.of(System.getProperty("cascade.root", ".."), "data");
        new Replayer(Instruments.withDefaults()).replay(List.of(data.resolve("synthetic-btc-crash-20251010.jsonl.gz"),
                data.resolve("binance-btcusdt-funding-8h.jsonl.gz")), events::add, (a, b) -> { });

        try (LocalClickHouse node1 = LocalClickHouse.startNode(0, tcp1, dir.resolve("node1"), config);
             LocalClickHouse node2 = LocalClickHouse.startNode(0, tcp2, dir.resolve("node2"), config)) {
            for (LocalClickHouse node : List.of(node1, node2)) {
                for (String stmt : ClickHouseSchema.clusterDdl(CLUSTER, "cascade")) {
                    // No Keeper here: what ON CLUSTER and replication would do, done per node.
                    TestClickHouse.execute(node.url("cascade"), stmt.replace(" ON CLUSTER " + CLUSTER, "")
                            .replaceAll("ReplicatedReplacingMergeTree\\('[^']*', '\\{replica}'\\)", "ReplacingMergeTree"));
                }
            }
            String url = "clickhouse://127.0.0.1:" + node1.port() + ",127.0.0.1:" + node2.port() + "/cascade";
            for (int run = 0; run < 2; run++) { // the second run re-sends every event: still one copy of each
                try (ClickHouseStore s = ClickHouseStore.open(ClickHouseUrl.parse(url))) {
                    events.forEach(s::accept);
                    assertThat(s.flush()).isEqualTo(events.size());
                }
            }
            long onNode1 = count(node1.url("cascade"), "liquidation_local");
            long onNode2 = count(node2.url("cascade"), "liquidation_local");
            assertThat(onNode1).as("both shards hold rows").isPositive();
            assertThat(onNode2).isPositive();
            assertThat(TestClickHouse.rows(node2.url("cascade"), "SELECT count() FROM liquidation FINAL").get(0).get(0))
                    .isEqualTo(Long.toString(events.stream().filter(e -> e instanceof dev.cascade.core.model.Liquidation).count()));

            Path duckFile = dir.resolve("same.duckdb");
            try (DuckDbStore duck = DuckDbStore.open(duckFile)) {
                events.forEach(duck::accept);
                duck.flush();
            }
            try (ReadStore duck = ReadStore.open("duckdb:" + duckFile);
                 ReadStore cluster = ReadStore.open("clickhouse://127.0.0.1:" + node2.port() + "/cascade")) {
                long from = 1_760_097_600_000L;
                long to = from + 16 * 3_600_000L;
                for (var dims : List.of(EnumSet.noneOf(Dimension.class), EnumSet.of(Dimension.EXCHANGE, Dimension.SIDE))) {
                    assertThat(cluster.queries().liquidationTotals(from, to, dims, LiquidationFilter.ANY))
                            .isEqualTo(duck.queries().liquidationTotals(from, to, dims, LiquidationFilter.ANY)).isNotEmpty();
                }
                assertThat(cluster.queries().largestLiquidations(from, to, "BTC", 50))
                        .isEqualTo(duck.queries().largestLiquidations(from, to, "BTC", 50)).hasSize(50);
                assertThat(cluster.queries().funding(0, Long.MAX_VALUE, "BTC"))
                        .isEqualTo(duck.queries().funding(0, Long.MAX_VALUE, "BTC")).hasSizeGreaterThan(1000);
                assertThat(cluster.dashboard().liquidationBuckets(from, to, 3_600_000L, LiquidationFilter.ANY))
                        .isEqualTo(duck.dashboard().liquidationBuckets(from, to, 3_600_000L, LiquidationFilter.ANY)).isNotEmpty();
                assertThat(cluster.history().markPriceEvents(from, to, "BTC"))
                        .isEqualTo(duck.history().markPriceEvents(from, to, "BTC")).isNotEmpty();
            }
        }
    }

    private static long count(String url, String table) {
        return Long.parseLong(TestClickHouse.rows(url, "SELECT count() FROM " + table).get(0).get(0));
    }
}
