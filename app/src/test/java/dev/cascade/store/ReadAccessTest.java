package dev.cascade.store;

import dev.cascade.core.model.PositionSide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadAccessTest {
    @TempDir
    Path dir;

    @Test
    void aReaderGetsWhatIsFlushedAndNothingIsLeftBehind() throws Exception {
        Path file = dir.resolve("s.duckdb");
        try (DuckDbStore store = DuckDbStore.open(file);
             SqlAlertRuleRepository rules = new SqlAlertRuleRepository(store.connect());
             ReadAccess.Published published = ReadAccess.publish(store, file)) {
            for (int i = 0; i < 10; i++) {
                store.accept(Events.liquidation(100 + i, 1_000 + i, PositionSide.LONG));
            }
            store.flush();
            store.accept(Events.liquidation(999, 2_000, PositionSide.SHORT)); // appended, not flushed
            assertThat(ReadAccess.leaseFile(file)).exists();
            for (int round = 0; round < 3; round++) {
                try (Connection c = ReadAccess.open(file)) {
                    assertThat(DuckDbStoreTest.count(c, "SELECT count(*) FROM liquidation")).isEqualTo(10);
                    assertThat(DuckDbStoreTest.count(c, "SELECT count(*) FROM alert_rule")).isZero();
                }
            }
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains("snapshot")).toList()).isEmpty();
            }
        }
        assertThat(ReadAccess.leaseFile(file)).doesNotExist();
    }

    @Test
    void aStaleLeaseIsIgnoredAndAMissingStoreIsSaidInWords() throws Exception {
        Path file = dir.resolve("t.duckdb");
        try (DuckDbStore store = DuckDbStore.open(file)) {
            store.accept(Events.liquidation(1, 1_000, PositionSide.LONG));
            store.flush();
        }
        // A lease left by a process that no longer exists (pid far above any real one).
        Files.writeString(ReadAccess.leaseFile(file), "pid=2147483000\nport=9\ntoken=abc\n");
        try (Connection c = ReadAccess.open(file)) {
            assertThat(DuckDbStoreTest.count(c, "SELECT count(*) FROM liquidation")).isEqualTo(1);
        }
        assertThatThrownBy(() -> ReadAccess.open(dir.resolve("none.duckdb"))).hasMessageContaining("no store at");
    }
}
