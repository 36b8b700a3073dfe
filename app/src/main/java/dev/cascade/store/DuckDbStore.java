package dev.cascade.store;

import dev.cascade.core.analytics.CompletenessEstimator;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.port.DurableSink;
import dev.cascade.core.port.ReadStore;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The embedded event store: one DuckDB file, written through Appenders.
 *
 * <p>Events wait in a {@link ColumnBatch} per table and reach DuckDB on every {@link #flush()} (and whenever
 * {@link #MAX_STAGED} rows are waiting): appended in bulk to TEMP stage tables, then moved into the main tables in one
 * transaction, dropping any event whose id is already stored (ids repeated within the batch are found in Java, and only
 * then does the move sort to keep one). So a replayed file or an event re-sent after a reconnect
 * is stored once, and a killed process loses at most the rows appended since the last flush. Duplicates are looked
 * for among rows with the same {@code ts} range as the batch, which keeps the check to a few row groups (DuckDB zone
 * maps) instead of an index over every event.
 *
 * <p>Confined to one thread: DuckDB Appenders refuse calls from any thread but the one that created them. Writers go
 * through the ingest spine ({@code dev.cascade.ingest.Spine}), whose writer thread owns the store and flushes it at
 * least once a second. (A writer thread
 * of the store's own, appending while the caller fills the next batch or block, was measured: no gain beyond noise on
 * two cores, where DuckDB's move already uses both.) DuckDB allows one read-write process per file; readers in this
 * process use {@link #connect()}, other processes {@link ReadAccess}.
 */
public final class DuckDbStore implements DurableSink, AutoCloseable {
    static final int MAX_STAGED = 1_000_000;
    static final long DEDUPE_LOOKBACK_MS = 15 * 60_000L;

    /** Counts since open. */
    public record Stats(long appended, long stored, long duplicates, long flushes) {
    }

    /**
     * Upkeep counts since open: raw rows expired by retention, rollup compaction slices, upkeep steps run, and the
     * longest step in ns (the longest pause it added after a flush).
     */
    public record Upkeep(long rawDeleted, long compactions, long steps, long maxStepNanos) {
    }

    /** A table's Appenders and statements, made on its first flush. */
    private record Stage(DuckDBAppender tuples, DuckDBAppender blocks, PreparedStatement unnest, PreparedStatement dropRepeats,
                         PreparedStatement dropStored, PreparedStatement move, PreparedStatement rollup) {
        List<AutoCloseable> closeables() {
            List<AutoCloseable> all = new ArrayList<>(List.of(tuples, blocks, unnest, dropRepeats, dropStored, move));
            if (rollup != null) {
                all.add(rollup);
            }
            return all;
        }
    }

    /** What a table's stage holds and has not moved yet: its ts range, rows, and whether an id repeats among them. */
    private record Unmoved(long minTs, long maxTs, long rows, boolean repeats) {
        Unmoved plus(Unmoved o) {
            return new Unmoved(Math.min(minTs, o.minTs), Math.max(maxTs, o.maxTs), rows + o.rows, repeats || o.repeats);
        }
    }

    private final DuckDBConnection conn;
    private final String description;
    /** The store file and its identity (device, inode) at open, or null in memory: see {@link #checkFileIsOurs()}. */
    private final Path file;
    private final Object fileKey;
    private final Map<Schema.Table, TableLayout> layouts;
    private final Map<Schema.Table, ColumnBatch> batches = new LinkedHashMap<>();
    private final Map<Schema.Table, Stage> stages = new HashMap<>();
    private final Map<Schema.Table, Unmoved> unmoved = new HashMap<>();
    private long staged;
    private long appended;
    private long stored;
    private long duplicates;
    private long flushes;
    private volatile LongConsumer flushTimer = nanos -> { };
    private final Retention retention;
    private boolean closed;

    private DuckDbStore(DuckDBConnection conn, Path file, Map<Schema.Table, TableLayout> layouts) throws SQLException {
        this.conn = conn;
        this.retention = new Retention(conn, System::currentTimeMillis);
        this.description = file == null ? "memory" : file.toString();
        this.file = file == null ? null : file.toAbsolutePath();
        this.fileKey = file == null ? null : fileKey(this.file);
        this.layouts = layouts;
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * A store file deleted or replaced under the running process is a store failure: DuckDB would go on writing into
     * the unlinked file, and everything written from then on would vanish when the process exits. One stat per flush.
     */
    private void checkFileIsOurs() {
        if (file == null) {
            return;
        }
        Object now = fileKey(file);
        if (now == null || (fileKey != null && !fileKey.equals(now))) {
            throw new StoreException("the store file " + description + " is gone (deleted or replaced while open)", null);
        }
    }

    static boolean plainTableExists(Connection c, String name) throws SQLException {
        return plainTablesExist(c, List.of(name));
    }

    /**
     * True when every one of {@code names} is a plain table, asked in one statement: a read asks before it chooses
     * rollups or raw rows, and each catalog query costs about as much as a short read (2 ms).
     */
    static boolean plainTablesExist(Connection c, List<String> names) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT count(DISTINCT table_name) FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                + " AND table_name IN (");
        for (int i = 0; i < names.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.append(')').toString())) {
            for (int i = 0; i < names.size(); i++) {
                ps.setString(i + 1, names.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == names.size();
            }
        }
    }

    /** True when table {@code name} has every one of {@code columns}. */
    static boolean hasColumns(Connection c, String name, List<String> columns) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns WHERE table_name = ?")) {
            ps.setString(1, name);
            Set<String> present = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    present.add(rs.getString(1));
                }
            }
            return present.containsAll(columns);
        }
    }

    /** Opens (creating if needed) the store file; {@code null} opens a private in-memory store. */
    public static DuckDbStore open(Path file) {
        try {
            String url = "jdbc:duckdb:";
            if (file != null) {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                url += file.toAbsolutePath();
            }
            DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection(url);
            try {
                Map<Schema.Table, TableLayout> layouts = new LinkedHashMap<>();
                try (Statement st = c.createStatement()) {
                    for (Schema.Table t : Schema.ALL) {
                        // A file from before the text dictionary has a plain table by that name: keep writing it so.
                        TableLayout layout = new TableLayout(t, t.textDictionary() && !plainTableExists(c, t.name()));
                        for (String ddl : layout.storeDdl()) {
                            st.execute(ddl);
                        }
                        layouts.put(t, layout);
                    }
                    for (Rollups.Rollup r : Rollups.ALL) {
                        createOrMigrateRollup(c, r);
                    }
                    st.execute(Retention.STATE_DDL);
                }
                return new DuckDbStore(c, file, layouts);
            } catch (SQLException | RuntimeException e) { // a store that cannot open must not keep holding its file
                try {
                    c.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        } catch (SQLException | java.io.IOException e) {
            if (file != null && ReadAccess.isLockConflict(e)) {
                throw new StoreException(ReadAccess.heldMessage(file), e);
            }
            throw new StoreException("cannot open store " + (file == null ? "in memory" : file) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates the rollup in a file written before rollups existed, and rebuilds it in one written before a value column
     * was added (liquidations' largest notional), from every raw row, once: a second open finds it complete. Dropped,
     * created and filled in one transaction, so a process killed half way leaves the old table to migrate again rather
     * than an empty one that looks current. Only a rollup whose raw rows never expire can be rebuilt: once retention ran,
     * the rollup of trades or mark prices is the only record of their expired minutes.
     */
    private static void createOrMigrateRollup(Connection c, Rollups.Rollup r) throws SQLException {
        boolean existed = plainTableExists(c, r.name());
        if (existed && hasColumns(c, r.name(), r.columnNames())) {
            return;
        }
        if (existed && Retention.EXPIRING.contains(r.raw())) {
            throw new SQLException(r.name() + " lacks columns of " + r.columnNames() + " and cannot be rebuilt: raw " + r.raw().name()
                    + " rows expire");
        }
        Jdbc.inTransaction(c, () -> {
            try (Statement st = c.createStatement()) {
                if (existed) {
                    st.execute("DROP TABLE " + r.name());
                }
                st.execute(r.ddl());
            }
            rebuildRollup(c, r);
        });
    }

    /**
     * Rolls up every raw row of a store file written before rollups existed (once, at its first open by this version),
     * or of rows a benchmark fixture inserted by SQL. Replaces whatever the rollup held.
     */
    static void rebuildRollup(Connection c, Rollups.Rollup r) throws SQLException {
        try (Statement st = c.createStatement(); PreparedStatement ps = c.prepareStatement(r.fromRawSql())) {
            st.execute("DELETE FROM " + r.name());
            ps.setLong(1, Long.MIN_VALUE);
            ps.setLong(2, Long.MAX_VALUE);
            ps.executeUpdate();
        }
    }

    /** Rebuilds every rollup from the raw rows (for rows written by SQL, not through this store's flush). */
    public synchronized void rebuildRollups() {
        try {
            for (Rollups.Rollup r : Rollups.ALL) {
                rebuildRollup(conn, r);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot rebuild the rollups of " + description + ": " + e.getMessage(), e);
        }
    }

    /**
     * Keeps raw trades and mark prices only for {@code keepRaw} (null: for good); applied after flushes, a small slice
     * at a time ({@link Retention}).
     */
    public synchronized void retainRaw(java.time.Duration keepRaw) {
        retention.policy(new Retention.Policy(keepRaw));
    }

    /** Upkeep counts since open: raw rows expired, rollup compactions, and the longest step (ns). */
    public synchronized Upkeep upkeep() {
        return retention.stats();
    }

    /**
     * Runs one upkeep step now (compaction when due, one retention slice per expiring table); the writer does this after
     * every flush. Returns nothing: the counts are in {@link #upkeep()}.
     */
    public synchronized void upkeepStep() {
        if (closed) {
            return;
        }
        try {
            retention.step();
        } catch (SQLException e) {
            throw new StoreException("upkeep of " + description + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void accept(MarketEvent e) {
        if (closed) {
            throw new StoreException("store " + description + " is closed", null);
        }
        Schema.Table t = EventRows.tableOf(e);
        ColumnBatch b = batches.get(t);
        if (b == null) {
            b = newBatch(layouts.get(t));
        }
        b.beginRow();
        try {
            EventRows.write(e, b);
        } catch (SQLException impossible) {
            throw new StoreException("append failed: " + impossible.getMessage(), impossible);
        }
        b.endRow();
        appended++;
        if (++staged >= MAX_STAGED) {
            flush();
        }
    }

    private ColumnBatch newBatch(TableLayout layout) {
        ColumnBatch b = new ColumnBatch(layout);
        if (layout.textDictionary) {
            List<String[]> stored = new ArrayList<>();
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(layout.textTuplesSql())) {
                int width = rs.getMetaData().getColumnCount() - 1;
                while (rs.next()) {
                    if (rs.getInt(1) != stored.size()) {
                        throw new StoreException(layout.textTable() + " in " + description + " skips text_id " + stored.size(), null);
                    }
                    String[] tuple = new String[width];
                    for (int i = 0; i < width; i++) {
                        tuple[i] = rs.getString(i + 2);
                    }
                    stored.add(tuple);
                }
            } catch (SQLException e) {
                throw new StoreException("cannot read " + layout.textTable() + ": " + e.getMessage(), e);
            }
            b.restoreTuples(stored);
        }
        batches.put(layout.table, b);
        return b;
    }

    /** Makes every appended event durable and visible; returns how many new rows were stored. */
    @Override
    public synchronized long flush() {
        if (closed || staged == 0) {
            return 0;
        }
        long before = stored;
        long started = System.nanoTime();
        try {
            checkFileIsOurs();
            for (ColumnBatch b : batches.values()) {
                if (b.rows() > 0) {
                    Stage s = stage(b.table);
                    Unmoved batch = new Unmoved(b.minTs(), b.maxTs(), b.rows(), b.hasRepeatedIds());
                    b.appendTo(s.tuples(), s.blocks());
                    unmoved.merge(b.table, batch, Unmoved::plus);
                }
            }
            moveStaged();
            for (ColumnBatch b : batches.values()) {
                if (b.forgetTuplesIfLarge()) {
                    try (Statement st = conn.createStatement()) {
                        st.execute("DELETE FROM " + layouts.get(b.table).textTable());
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("flush of " + description + " failed: " + e.getMessage(), e);
        } finally {
            for (ColumnBatch b : batches.values()) {
                b.clear();
            }
            staged = 0;
        }
        flushTimer.accept(System.nanoTime() - started);
        upkeepStep();
        return stored - before;
    }

    /** Reports each successful flush's duration in nanoseconds (the server's flush latency metric). */
    public void onFlush(LongConsumer nanos) {
        this.flushTimer = nanos;
    }

    /** Moves every stage into its main table, in one transaction; the counts change only once it committed. */
    private void moveStaged() throws SQLException {
        long[] counts = new long[2]; // inserted, repeated
        // On failure the stages keep their rows and unmoved their ranges: the next flush moves them with its own.
        Jdbc.inTransaction(conn, () -> {
            try (Statement st = conn.createStatement()) {
                for (Map.Entry<Schema.Table, Unmoved> e : unmoved.entrySet()) {
                    Schema.Table t = e.getKey();
                    Unmoved u = e.getValue();
                    Stage s = stages.get(t);
                    s.unnest().executeUpdate();
                    if (u.repeats()) {
                        s.dropRepeats().executeUpdate();
                    }
                    // Liquidations look back further than the batch: those keyed without a venue timestamp (BitMEX
                    // orderID, ts = receive time) get a later ts when re-sent, so the first copy sits before the
                    // batch's min. Other tables always carry venue time, and the wider scan costs every flush.
                    s.dropStored().setLong(1, t == Schema.LIQUIDATION ? u.minTs() - DEDUPE_LOOKBACK_MS : u.minTs());
                    s.dropStored().setLong(2, u.maxTs());
                    s.dropStored().executeUpdate();
                    int moved = s.move().executeUpdate();
                    if (s.rollup() != null && moved > 0) {
                        s.rollup().executeUpdate();
                    }
                    st.execute("DELETE FROM " + layouts.get(t).blockTable());
                    st.execute("DELETE FROM " + layouts.get(t).flatTable());
                    counts[0] += moved;
                    counts[1] += u.rows() - moved;
                }
            }
        });
        long inserted = counts[0];
        long repeated = counts[1];
        stored += inserted;
        duplicates += repeated;
        for (Map.Entry<Schema.Table, Unmoved> e : unmoved.entrySet()) {
            retention.stored(e.getKey(), e.getValue().minTs(), e.getValue().maxTs());
        }
        unmoved.clear();
        flushes++;
    }

    /** The table's stage, created on its first batch. Stage tables are TEMP: in memory, outside the WAL. */
    private Stage stage(Schema.Table t) throws SQLException {
        Stage s = stages.get(t);
        if (s == null) {
            TableLayout layout = layouts.get(t);
            try (Statement st = conn.createStatement()) {
                for (String ddl : layout.stageDdl()) {
                    st.execute(ddl);
                }
            }
            DuckDBAppender text = layout.textDictionary
                    ? conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, layout.textTable())
                    : conn.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, layout.textTable());
            // Fixed SQL: names come from Schema, the dedupe range from bound parameters.
            Rollups.Rollup rollup = Rollups.of(t);
            s = new Stage(text, conn.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, layout.blockTable()),
                    conn.prepareStatement(layout.unnestSql()), conn.prepareStatement(layout.dropRepeatsSql()),
                    conn.prepareStatement(layout.dropStoredSql()), conn.prepareStatement(layout.moveSql()),
                    rollup == null ? null : conn.prepareStatement(rollup.fromStageSql(layout)));
            stages.put(t, s);
        }
        return s;
    }

    public synchronized Stats stats() {
        return new Stats(appended, stored, duplicates, flushes);
    }

    /** A connection for queries on this store (shares the database; safe to use from another thread). */
    public Connection connect() {
        try {
            return conn.duplicate();
        } catch (SQLException e) {
            throw new StoreException("cannot open a query connection: " + e.getMessage(), e);
        }
    }

    public String description() {
        return description;
    }

    /**
     * Observed liquidation USD per source for events received in [{@code fromReceiveTs}, {@code toReceiveTs}] (an
     * ingest run), and the {@link CompletenessEstimator} estimate of the true total where a source undercounts.
     */
    public List<CompletenessEstimator.Estimate> estimateCompleteness(long fromReceiveTs, long toReceiveTs) {
        try (Connection c = connect()) {
            return RunCompleteness.estimate(c, fromReceiveTs, toReceiveTs);
        } catch (SQLException e) {
            throw new StoreException("completeness estimate failed: " + e.getMessage(), e);
        }
    }

    /**
     * This store's data for reading in this process (the file is held read-write here, so a read-only open of it
     * elsewhere would be refused): the read ports over connections that share the database.
     */
    public ReadStore reader() {
        return new SqlReadStore(new SqlDashboardQueries(this::connect, 2), description, () -> { });
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            flush();
            retention.compactAll();
        } catch (SQLException e) {
            throw new StoreException("compacting the rollups of " + description + " failed: " + e.getMessage(), e);
        } finally {
            closed = true;
            try {
                for (Stage st : stages.values()) {
                    for (AutoCloseable c : st.closeables()) {
                        c.close();
                    }
                }
                conn.close();
            } catch (Exception e) {
                throw new StoreException("closing " + description + " failed: " + e.getMessage(), e);
            }
        }
    }
}
