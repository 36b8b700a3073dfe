package dev.cascade.scaleout.clickhouse;

import dev.cascade.core.model.EventKeys;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.replay.Replayer;
import dev.cascade.store.EventRows;
import dev.cascade.store.Schema;
import dev.cascade.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ClickHouseStore} against the real ClickHouse engine ({@link LocalClickHouse#SERVER_VERSION}). */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClickHouseStoreTest {
    private static final Path ROOT = Path.of(System.getProperty("cascade.root", ".."));

    /** Every event of the bundled Binance funding history: Jan 2020 - Jun 2026, 78 months. */
    private static List<MarketEvent> fundingHistory() {
        List<MarketEvent> out = new ArrayList<>();
        new Replayer(Instruments.withDefaults()).replay(List.of(ROOT.resolve("data/binance-btcusdt-funding-8h.jsonl.gz")), out::add,
                (a, b) -> { });
        return out;
    }

    @Test
    void openCreatesMonthlyPartitionedReplacingMergeTreeTables() {
        String url = TestClickHouse.freshUrl("schema");
        try (ClickHouseStore ignored = ClickHouseStore.open(ClickHouseUrl.parse(url))) {
            List<List<String>> tables = TestClickHouse.rows(url, "SELECT name, engine, partition_key, sorting_key FROM system.tables "
                    + "WHERE database = currentDatabase() ORDER BY name");
            assertThat(tables).extracting(r -> r.get(0)).containsExactlyInAnyOrderElementsOf(Schema.ALL.stream().map(Schema.Table::name).toList());
            assertThat(tables).allSatisfy(r -> {
                assertThat(r.get(1)).isEqualTo("ReplacingMergeTree");
                assertThat(r.get(2)).isEqualTo("toYYYYMM(toDateTime(intDiv(ts, 1000), 'UTC'))");
            });
            assertThat(tables).filteredOn(r -> r.get(0).equals("feed_gap")).extracting(r -> r.get(3))
                    .containsExactly("source, ts, event_id");
        }
        // Opening again finds the tables as it made them.
        ClickHouseStore.open(ClickHouseUrl.parse(url)).close();
    }

    @Test
    void yearsOfHistoryAreSplitIntoInsertsOfAtMostFiftyMonthsAndReadBackColumnForColumn() {
        List<MarketEvent> events = fundingHistory();
        Set<Integer> months = new HashSet<>();
        events.forEach(e -> months.add(ClickHouseSchema.partitionOf(e.ts())));
        assertThat(months.size()).as("the file spans more months than one insert may touch").isGreaterThan(100 / 2 + 1);
        String url = TestClickHouse.freshUrl("history");
        try (ClickHouseStore s = ClickHouseStore.open(ClickHouseUrl.parse(url))) {
            events.forEach(s::accept);
            assertThat(s.flush()).isEqualTo(events.size());
            assertThat(s.stats().inserts()).isEqualTo((months.size() + ClickHouseStore.MAX_PARTITIONS_PER_INSERT - 1)
                    / ClickHouseStore.MAX_PARTITIONS_PER_INSERT);
        }
        List<List<String>> stored = TestClickHouse.rows(url, "SELECT * FROM funding FINAL ORDER BY event_id");
        List<MarketEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(EventKeys::of));
        assertThat(stored).hasSize(events.size());
        for (int i = 0; i < sorted.size(); i++) {
            assertThat(stored.get(i)).as("row %d", i).isEqualTo(columns(sorted.get(i)));
        }
        assertThat(TestClickHouse.rows(url, "SELECT count() FROM system.parts WHERE database = currentDatabase() AND table = 'funding' "
                + "AND active").get(0).get(0)).isNotEqualTo("0");
    }

    @Test
    void aReSentBatchIsStoredOnceBothByTheTokenAndByFinal() {
        List<MarketEvent> events = fundingHistory().subList(0, 500);
        String url = TestClickHouse.freshUrl("resend");
        for (int run = 0; run < 2; run++) {
            try (ClickHouseStore s = ClickHouseStore.open(ClickHouseUrl.parse(url))) {
                events.forEach(s::accept);
                s.flush();
            }
        }
        // The second, identical insert carried the same token: the server dropped it, so even without FINAL one copy.
        assertThat(TestClickHouse.rows(url, "SELECT count() FROM funding")).containsExactly(List.of("500"));
        assertThat(TestClickHouse.rows(url, "SELECT count() FROM funding FINAL")).containsExactly(List.of("500"));
    }

    @Test
    void aTableWhoseColumnsDifferStopsTheStoreAtStartNamingTheDifference() {
        String url = TestClickHouse.freshUrl("mismatch");
        String db = ClickHouseUrl.parse(url).database();
        TestClickHouse.execute(url, "CREATE DATABASE " + db);
        TestClickHouse.execute(url, "CREATE TABLE " + db + ".trade (event_id Int64, ts Int64, price_e8 Int32) ENGINE = MergeTree ORDER BY ts");
        assertThatThrownBy(() -> ClickHouseStore.open(ClickHouseUrl.parse(url))).isInstanceOf(StoreException.class)
                .hasMessageContaining("table " + db + ".trade does not match")
                .hasMessageContaining("column receive_ts is missing (expected Int64)")
                .hasMessageContaining("column price_e8 is Int32, expected Int64")
                .hasMessageNotContaining("partitioned by") // an unpartitioned table takes inserts of any span
                .hasMessageContaining("CREATE TABLE IF NOT EXISTS trade (");
    }

    @Test
    void aDailyPartitionedTableFromEarlierReleasesIsReportedAtStart() {
        String url = TestClickHouse.freshUrl("daily");
        String db = ClickHouseUrl.parse(url).database();
        TestClickHouse.execute(url, "CREATE DATABASE " + db);
        TestClickHouse.execute(url, "CREATE TABLE " + db + "." + ClickHouseSchema.createTable(Schema.MARK_PRICE)
                .replace("CREATE TABLE IF NOT EXISTS ", "").replace("toYYYYMM(", "toYYYYMMDD("));
        assertThatThrownBy(() -> ClickHouseStore.open(ClickHouseUrl.parse(url))).isInstanceOf(StoreException.class)
                .hasMessageContaining("mark_price does not match").hasMessageContaining("toYYYYMMDD")
                .hasMessageNotContaining("column");
    }

    @Test
    void aServerRestartDuringAWriteIsRiddenOutAndALongerOutageStopsWithTheRowsKept(@TempDir Path dir) throws Exception {
        List<MarketEvent> events = fundingHistory().subList(0, 300);
        LocalClickHouse own = LocalClickHouse.start(0, dir.resolve("engine"));
        int port = own.port();
        String url = own.url("restart");
        try (ClickHouseStore s = ClickHouseStore.open(ClickHouseUrl.parse(url + "?retry_for=600"))) {
            events.subList(0, 100).forEach(s::accept);
            own.close();
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    outcome.set(s.flush());
                } catch (RuntimeException e) {
                    outcome.set(e);
                }
            });
            writer.start();
            while (s.retries() == 0 && writer.isAlive()) {
                writer.join(50); // the first attempt has failed and a retry is scheduled
            }
            own = LocalClickHouse.start(port, dir.resolve("engine"));
            writer.join();
            assertThat(outcome.get()).isEqualTo(100L);
        } finally {
            own.close();
        }

        // An outage longer than retry_for: the flush gives up with a message and keeps its rows for a later flush.
        own = LocalClickHouse.start(port, dir.resolve("engine"));
        ClickHouseStore s = ClickHouseStore.open(ClickHouseUrl.parse(url + "?retry_for=1"));
        try {
            events.subList(100, 300).forEach(s::accept);
            own.close();
            assertThatThrownBy(s::flush).isInstanceOf(StoreException.class)
                    .hasMessageContaining("limit retry_for=1 s").hasMessageContaining("Nothing past the last stored checkpoint");
            own = LocalClickHouse.start(port, dir.resolve("engine"));
            assertThat(s.flush()).isEqualTo(200);
            assertThat(TestClickHouse.rows(url, "SELECT count() FROM funding FINAL")).containsExactly(List.of("300"));
        } finally {
            s.close();
            own.close();
        }
    }

    /** An event's row as ClickHouse prints it, from the same column writer the store uses. */
    private static List<String> columns(MarketEvent e) {
        List<String> out = new ArrayList<>();
        try {
            EventRows.write(e, new EventRows.Row() {
                @Override
                public void add(long v) {
                    out.add(Long.toString(v));
                }

                @Override
                public void add(int v) {
                    out.add(Integer.toString(v));
                }

                @Override
                public void add(String v) {
                    out.add(v);
                }

                @Override
                public void add(boolean v) {
                    out.add(v ? "true" : "false");
                }
            });
        } catch (java.sql.SQLException ex) {
            throw new AssertionError(ex);
        }
        assertThat(e).isInstanceOf(FundingRate.class);
        return out;
    }
}
