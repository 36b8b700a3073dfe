package dev.cascade.bench.spine;

import dev.cascade.core.model.Liquidation;
import dev.cascade.core.venue.binance.BinanceNormalizer;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.store.DuckDbStore;
import dev.cascade.store.Schema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Rows per second into DuckDB: Cascade's store (column batches appended in bulk, then the deduplicating move on flush)
 * against a plain JDBC batched INSERT baseline (same table, same rows). Each operation opens a fresh file, writes, and
 * closes it (so DuckDB's checkpoint is included); one operation is one full batch ({@code DuckDbStore.MAX_STAGED}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class StoreIngestBench {
    static final int ROWS = 1_000_000;
    List<Liquidation> events;
    Path dir;
    int run;

    @Param({"store"})
    String mode;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        NormalizeBench frames = new NormalizeBench();
        frames.setup();
        BinanceNormalizer n = new BinanceNormalizer(false, Instruments.withDefaults());
        events = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            // Distinct keys: vary the trade time.
            String f = frames.frames[i % NormalizeBench.FRAMES].replaceFirst("\"T\":\\d+", "\"T\":" + (1760130900000L + i));
            n.normalize(f, 1L, e -> events.add((Liquidation) e));
        }
        dir = Files.createTempDirectory("cascade-bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long cascadeStore() {
        try (DuckDbStore s = DuckDbStore.open(dir.resolve("store-" + (run++) + ".duckdb"))) {
            for (Liquidation l : events) {
                s.accept(l);
            }
            s.flush();
            return s.stats().stored();
        }
    }

    /** The JDBC path is ~100x slower, so it inserts the first hundredth of the events per operation. */
    static final int BASELINE_ROWS = ROWS / 100;

    private static PreparedStatement createThenPrepare(Statement st, Connection c) throws java.sql.SQLException {
        st.execute("CREATE TABLE liquidation (" + Schema.LIQUIDATION.columns() + ")");
        return c.prepareStatement("INSERT INTO liquidation VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    }

    /** The straightforward way: one plain table with the schema's columns, batched JDBC INSERTs in one transaction. */
    @Benchmark
    @OperationsPerInvocation(BASELINE_ROWS)
    public int baselineJdbcBatchInsert() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("jdbc-" + (run++) + ".duckdb").toAbsolutePath());
             Statement st = c.createStatement();
             PreparedStatement ps = createThenPrepare(st, c)) {
            c.setAutoCommit(false);
            int n = 0;
            for (Liquidation l : events.subList(0, BASELINE_ROWS)) {
                ps.setLong(1, dev.cascade.core.model.EventKeys.of(l));
                ps.setLong(2, l.ts());
                ps.setLong(3, l.receiveTs());
                ps.setString(4, l.source());
                ps.setString(5, l.exchange().name());
                ps.setString(6, l.market().name());
                ps.setString(7, l.nativeSymbol());
                ps.setString(8, l.symbol());
                ps.setString(9, l.side().name());
                ps.setLong(10, l.price());
                ps.setLong(11, l.quantity());
                ps.setLong(12, l.notionalUsd());
                ps.setLong(13, l.nativeQuantity());
                ps.setString(14, l.quantityUnit().name());
                ps.setString(15, l.priceKind().name());
                ps.setString(16, l.rawSide());
                ps.setLong(17, l.exchangeTs());
                ps.setString(18, l.completeness().name());
                ps.addBatch();
                if (++n % 10_000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            c.commit();
            return n;
        }
    }
}
