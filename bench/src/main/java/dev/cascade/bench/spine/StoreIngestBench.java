package dev.cascade.bench.spine;

import dev.cascade.core.model.Liquidation;
import dev.cascade.core.venue.binance.BinanceNormalizer;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.store.DuckDbStore;
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
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Rows per second into DuckDB: Cascade's store (column batches appended in bulk, then the deduplicating move on flush)
 * against DuckDB's own {@code INSERT ... SELECT} from a Parquet file of the same rows. Each operation opens a fresh file, writes, and
 * closes it (so DuckDB's checkpoint is included); one operation is one full batch ({@code DuckDbStore.MAX_STAGED}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--add-opens=java.base/java.nio=ALL-UNNAMED"}) // the last for Arrow
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class StoreIngestBench {
    static final int ROWS = 1_000_000;
    List<Liquidation> events;
    Path dir;
    Path parquet;
    /** The stored rows as columns (ArrowBatchInsert.NUMBERS, then text_id) and the text dictionary, for the Arrow variant. */
    long[][] numbers;
    int[] textIds;
    List<Object[]> textRows;
    int run;

    @Param({"store"})
    String mode;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        String[] frames = LiquidationFrames.generate("binance-usdm", 4096, new String[] {"BTC", "ETH", "SOL", "XRP", "DOGE", "BNB"});
        BinanceNormalizer n = new BinanceNormalizer(false, Instruments.withDefaults());
        events = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            // Distinct keys: vary the trade time.
            String f = frames[i % frames.length].replaceFirst("\"T\":\\d+", "\"T\":" + (LiquidationFrames.T0 + i));
            n.normalize(f, 1L, e -> events.add((Liquidation) e));
        }
        dir = Files.createTempDirectory("cascade-bench");
        parquet = exportParquet();
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

    /**
     * DuckDB's own bulk load of the same rows, the limit the store is measured against: the rows exactly as the store
     * keeps them (numbers and text code, written once from a store in setup) in a Parquet file, loaded by one
     * {@code INSERT ... SELECT} into a fresh file, open to close. No deduplication: that is the store's extra work.
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long baselineParquetInsert() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("parquet-" + (run++) + ".duckdb").toAbsolutePath());
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE liquidation_rows AS SELECT * FROM read_parquet('" + parquet + "') LIMIT 0");
            return st.executeUpdate("INSERT INTO liquidation_rows SELECT * FROM read_parquet('" + parquet + "')");
        }
    }

    /**
     * The experiment of issue #16's goal 1, not the store's code: the same rows (as the store keeps them, already
     * encoded) handed to DuckDB as one Arrow batch and moved by a single INSERT ... ANTI JOIN, deduplicated as the store
     * does, into a fresh file, open to close. What the stage tables and their two passes cost.
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long arrowAntiJoin() throws Exception {
        try (DuckDbStore s = DuckDbStore.open(dir.resolve("arrow-" + (run++) + ".duckdb")); Connection c = s.connect()) {
            try (var text = ((org.duckdb.DuckDBConnection) c).createAppender(org.duckdb.DuckDBConnection.DEFAULT_SCHEMA, "liquidation_text")) {
                for (Object[] row : textRows) {
                    text.beginRow();
                    text.append(((Number) row[0]).intValue());
                    for (int k = 1; k < row.length; k++) {
                        text.append((String) row[k]);
                    }
                    text.endRow();
                }
            }
            return ArrowBatchInsert.insert(c, numbers, textIds, ROWS);
        }
    }

    /**
     * Writes the events once through the store, exports its stored rows as the baseline's Parquet file, and keeps them
     * as columns for the Arrow variant.
     */
    private Path exportParquet() throws Exception {
        Path file = dir.resolve("source.duckdb");
        try (DuckDbStore s = DuckDbStore.open(file)) {
            events.forEach(s::accept);
            s.flush();
            try (Connection c = s.connect(); Statement st = c.createStatement()) {
                numbers = new long[ArrowBatchInsert.NUMBERS.length][ROWS];
                textIds = new int[ROWS];
                try (var rs = st.executeQuery("SELECT " + String.join(", ", ArrowBatchInsert.NUMBERS) + ", text_id FROM liquidation_rows")) {
                    for (int i = 0; rs.next(); i++) {
                        for (int k = 0; k < numbers.length; k++) {
                            numbers[k][i] = rs.getLong(k + 1);
                        }
                        textIds[i] = rs.getInt(numbers.length + 1);
                    }
                }
                textRows = new ArrayList<>();
                try (var rs = st.executeQuery("SELECT * FROM liquidation_text ORDER BY text_id")) {
                    int width = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        Object[] row = new Object[width];
                        for (int k = 0; k < width; k++) {
                            row[k] = rs.getObject(k + 1);
                        }
                        textRows.add(row);
                    }
                }
                Path out = dir.resolve("rows.parquet").toAbsolutePath();
                st.execute("COPY liquidation_rows TO '" + out + "' (FORMAT parquet)");
                return out;
            }
        }
    }
}
