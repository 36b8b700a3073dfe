package dev.cascade.store;

import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.port.DurableSink;
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
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The embedded event store: one DuckDB file, written through Appenders.
 *
 * <p>Events are appended to stage tables and moved into the main tables on every {@link #flush()} (and whenever
 * {@link #MAX_STAGED} rows are waiting), dropping any event whose id is already stored. So a replayed file or an event re-sent after a reconnect is stored once, and a killed process loses at most
 * the rows appended since the last flush. Duplicates are looked for among rows with the same {@code ts} range as the
 * batch, which keeps the check to a few row groups (DuckDB zone maps) instead of an index over every event.
 *
 * <p>Confined to one thread: DuckDB Appenders refuse calls from any thread but the one that created them. Live
 * writers go through {@link StoreWriter}, which owns that thread and flushes at most every second. DuckDB allows one
 * read-write process per file; readers in this process use {@link #connect()}.
 */
public final class DuckDbStore implements DurableSink, AutoCloseable {
    static final int MAX_STAGED = 1_000_000;
    static final long DEDUPE_LOOKBACK_MS = 15 * 60_000L;

    /** Counts since open. */
    public record Stats(long appended, long stored, long duplicates, long flushes) {
    }

    private final DuckDBConnection conn;
    private final String description;
    private final Map<Schema.Table, DuckDBAppender> appenders = new HashMap<>();
    private final Map<Schema.Table, PreparedStatement> moves = new HashMap<>();
    private final Map<Schema.Table, Long> stagedPerTable = new HashMap<>();
    private long staged;
    private long appended;
    private long stored;
    private long duplicates;
    private long flushes;
    private boolean closed;
    private final AppenderRow row = new AppenderRow();

    private DuckDbStore(DuckDBConnection conn, String description) {
        this.conn = conn;
        this.description = description;
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
            DuckDbStore s = new DuckDbStore(c, file == null ? "memory" : file.toString());
            s.createSchema();
            return s;
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot open store " + (file == null ? "in memory" : file) + ": " + e.getMessage(), e);
        }
    }

    /** Opens an existing store file read-only (e.g. while another process writes it). */
    public static Connection openReadOnly(Path file) {
        if (!Files.exists(file)) {
            throw new StoreException("no store at " + file + " (run `cascade replay` or `cascade ingest` first)", null);
        }
        try {
            Properties p = new Properties();
            p.setProperty("duckdb.read_only", "true");
            return DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), p);
        } catch (SQLException e) {
            throw new StoreException("cannot open " + file + " read-only: " + e.getMessage(), e);
        }
    }

    private void createSchema() throws SQLException {
        try (Statement st = conn.createStatement()) {
            for (Schema.Table t : Schema.ALL) {
                st.execute("CREATE TABLE IF NOT EXISTS " + t.name() + " (" + t.columns() + ")");
                // Stage tables are TEMP: in memory, outside the WAL. Rows reach them only at flush time and are moved
                // into the main table in the same transaction, so keeping them on disk would only write them twice.
                st.execute("CREATE TEMP TABLE IF NOT EXISTS " + t.stage() + " (" + t.columns() + ")");
            }
        }
        for (Schema.Table t : Schema.ALL) {
            // Fixed SQL: table names come from Schema, the range from bound parameters.
            moves.put(t, conn.prepareStatement("INSERT INTO " + t.name() + " SELECT s.* FROM (SELECT DISTINCT ON (event_id) * FROM "
                    + t.stage() + " ORDER BY event_id, ts) s ANTI JOIN (SELECT event_id FROM " + t.name()
                    + " WHERE ts BETWEEN ? AND ?) d USING (event_id) ORDER BY s.ts"));
        }
    }

    @Override
    public synchronized void accept(MarketEvent e) {
        if (closed) {
            throw new StoreException("store " + description + " is closed", null);
        }
        try {
            DuckDBAppender a = appender(EventRows.tableOf(e));
            a.beginRow();
            row.appender = a;
            Schema.Table t = EventRows.write(e, row);
            a.endRow();
            appended++;
            staged++;
            stagedPerTable.merge(t, 1L, Long::sum);
        } catch (SQLException ex) {
            throw new StoreException("append failed: " + ex.getMessage(), ex);
        }
        if (staged >= MAX_STAGED) {
            flush();
        }
    }

    /** Feeds {@link EventRows}' column values to the current table's Appender (one instance, no per-event garbage). */
    private static final class AppenderRow implements EventRows.Row {
        DuckDBAppender appender;

        @Override
        public void add(long v) throws SQLException {
            appender.append(v);
        }

        @Override
        public void add(int v) throws SQLException {
            appender.append(v);
        }

        @Override
        public void add(String v) throws SQLException {
            appender.append(v);
        }

        @Override
        public void add(boolean v) throws SQLException {
            appender.append(v);
        }
    }

    private DuckDBAppender appender(Schema.Table t) throws SQLException {
        DuckDBAppender a = appenders.get(t);
        if (a == null) {
            a = conn.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, t.stage());
            appenders.put(t, a);
        }
        return a;
    }

    /** Makes every appended event durable and visible; returns how many new rows were stored. */
    @Override
    public synchronized long flush() {
        if (staged == 0 || closed) {
            return 0;
        }
        long before = stored;
        try {
            for (DuckDBAppender a : appenders.values()) {
                a.flush();
            }
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                for (Map.Entry<Schema.Table, Long> entry : stagedPerTable.entrySet()) {
                    Schema.Table t = entry.getKey();
                    long min;
                    long max;
                    try (ResultSet rs = st.executeQuery("SELECT min(ts), max(ts) FROM " + t.stage())) {
                        rs.next();
                        min = rs.getLong(1);
                        max = rs.getLong(2);
                    }
                    PreparedStatement move = moves.get(t);
                    // Liquidations look back further than the batch: those keyed without a venue timestamp (BitMEX
                    // orderID, ts = receive time) get a later ts when re-sent, so the first copy sits before the
                    // batch's min. Other tables always carry venue time, and the wider scan costs every flush.
                    move.setLong(1, t == Schema.LIQUIDATION ? min - DEDUPE_LOOKBACK_MS : min);
                    move.setLong(2, max);
                    int inserted = move.executeUpdate();
                    st.execute("DELETE FROM " + t.stage());
                    stored += inserted;
                    duplicates += entry.getValue() - inserted;
                }
                conn.commit();
            } catch (SQLException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
            stagedPerTable.clear();
            staged = 0;
            flushes++;
        } catch (SQLException e) {
            throw new StoreException("flush of " + description + " failed: " + e.getMessage(), e);
        }
        return stored - before;
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

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        flush();
        closed = true;
        try {
            for (DuckDBAppender a : appenders.values()) {
                a.close();
            }
            for (PreparedStatement p : moves.values()) {
                p.close();
            }
            conn.close();
        } catch (SQLException e) {
            throw new StoreException("closing " + description + " failed: " + e.getMessage(), e);
        }
    }
}
