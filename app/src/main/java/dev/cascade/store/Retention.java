package dev.cascade.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The embedded store's upkeep, run by the writer thread after a flush, one small step at a time so ingestion never
 * waits long: it compacts the per-minute rollups ({@link Rollups}: each flush adds one partial row per minute and key,
 * a compaction merges them into one) and, with a retention period, deletes raw trades and mark prices older than it.
 * Liquidations, open interest, funding, long/short ratios and feed gaps are never deleted, nor are the rollups.
 *
 * <p>Retention is measured from the newest stored row of the table, but never from later than the wall clock: a live
 * store keeps the last N days up to now, a replayed 2021 crash keeps its own last N days, and one row with a bogus
 * future time cannot expire everything. Each step deletes one slice {@code ts < end} whose length adapts so a step
 * removes about {@link #TARGET_ROWS} rows, and records in {@code raw_retention} that raw rows before {@code end} may be
 * gone, in the same transaction; readers ({@link RollupReads}) then answer windows reaching before it from the rollups.
 */
final class Retention {
    /** Rows one delete step aims to remove: a few tens of milliseconds of DuckDB work. */
    static final long TARGET_ROWS = 20_000;
    static final long COMPACT_EVERY_MS = 60_000;
    static final long MAX_SLICE_MS = 366 * 86_400_000L;
    /** Rollup rows one compaction step merges at most: a sparse range (years of daily rows) takes few steps. */
    static final int COMPACT_ROWS = 50_000;
    /** Raw tables that expire; everything else is kept for good. */
    static final List<Schema.Table> EXPIRING = List.of(Schema.TRADE, Schema.MARK_PRICE);
    static final String STATE_TABLE = "raw_retention";
    static final String STATE_DDL = "CREATE TABLE IF NOT EXISTS " + STATE_TABLE + " (table_name VARCHAR NOT NULL, raw_from_ts BIGINT NOT NULL)";

    /** How long raw trades and mark prices are kept; null keeps them for good. */
    record Policy(Duration keepRaw) {
        static final Policy FOREVER = new Policy(null);

        Policy {
            if (keepRaw != null && (keepRaw.isNegative() || keepRaw.isZero())) {
                throw new IllegalArgumentException("the raw retention period must be positive, got " + keepRaw);
            }
        }

        static Policy days(int days) {
            return new Policy(Duration.ofDays(days));
        }
    }

    /** A table's expiry: the oldest raw ts possibly still stored, the newest seen, and the current slice length. */
    private static final class Expiry {
        long oldest = Long.MIN_VALUE;
        long newest = Long.MIN_VALUE;
        long sliceMs = Rollups.MINUTE_MS;
        boolean known;
    }

    private final Connection conn;
    private final LongSupplier wallClock;
    private Policy policy = Policy.FOREVER;
    /** Per rollup, the minutes [from, to) that may hold partial rows. */
    private final Map<Rollups.Rollup, long[]> dirty = new LinkedHashMap<>();
    private final Map<Schema.Table, Expiry> expiry = new LinkedHashMap<>();
    private long lastCompaction;
    private long rawDeleted;
    private long compactions;
    private long steps;
    private long maxStepNanos;

    Retention(Connection conn, LongSupplier wallClock) throws SQLException {
        this.conn = conn;
        this.wallClock = wallClock;
        this.lastCompaction = wallClock.getAsLong();
        for (Schema.Table t : EXPIRING) {
            expiry.put(t, new Expiry());
        }
        // Minutes a killed run may have left partial: the last hour of each rollup is compacted once.
        try (Statement st = conn.createStatement()) {
            for (Rollups.Rollup r : Rollups.ALL) {
                try (ResultSet rs = st.executeQuery("SELECT max(ts) FROM " + r.name())) {
                    rs.next();
                    long last = rs.getLong(1);
                    if (!rs.wasNull()) {
                        dirty.put(r, new long[] {last - 3_600_000L, last + Rollups.MINUTE_MS});
                    }
                }
                st.execute("CREATE TEMP TABLE IF NOT EXISTS compact_" + r.name() + " AS SELECT * FROM " + r.name() + " LIMIT 0");
            }
        }
    }

    void policy(Policy p) {
        this.policy = p;
    }

    Policy policy() {
        return policy;
    }

    /** A flush stored rows of {@code t} with ts in [minTs, maxTs]. */
    void stored(Schema.Table t, long minTs, long maxTs) {
        Rollups.Rollup r = Rollups.of(t);
        if (r != null) {
            long from = Rollups.minuteOf(minTs);
            long to = Rollups.minuteOf(maxTs) + Rollups.MINUTE_MS;
            dirty.merge(r, new long[] {from, to}, (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        Expiry e = expiry.get(t);
        if (e != null) {
            e.newest = Math.max(e.newest, maxTs);
            if (e.known) { // else the first slice reads min(ts) from the table, these rows included
                e.oldest = e.oldest == Long.MIN_VALUE ? minTs : Math.min(e.oldest, minTs);
            }
        }
    }

    /** One bounded step: a compaction slice when one is due, and one retention slice per expiring table. */
    void step() throws SQLException {
        long started = System.nanoTime();
        boolean worked = false;
        if (wallClock.getAsLong() - lastCompaction >= COMPACT_EVERY_MS && !dirty.isEmpty()) {
            worked = compactSlice();
            if (dirty.isEmpty()) {
                lastCompaction = wallClock.getAsLong();
            }
        }
        if (policy.keepRaw() != null) {
            for (Map.Entry<Schema.Table, Expiry> e : expiry.entrySet()) {
                worked |= expireSlice(e.getKey(), e.getValue());
            }
        }
        if (worked) {
            steps++;
            maxStepNanos = Math.max(maxStepNanos, System.nanoTime() - started);
        }
    }

    /** Compacts everything still partial (at close, so a reopened store starts compact). */
    void compactAll() throws SQLException {
        while (!dirty.isEmpty()) {
            compactSlice();
        }
        lastCompaction = wallClock.getAsLong();
    }

    private boolean compactSlice() throws SQLException {
        Map.Entry<Rollups.Rollup, long[]> first = dirty.entrySet().iterator().next();
        Rollups.Rollup r = first.getKey();
        long[] range = first.getValue();
        // The slice ends before the (COMPACT_ROWS + 1)-th row of the range, so empty or sparse stretches (a replayed
        // 2021 file next to live data) cost nothing, and a dense one is merged a bounded piece at a time.
        long sliceEnd = range[1];
        try (PreparedStatement end = conn.prepareStatement("SELECT ts FROM " + r.name() + " WHERE ts >= ? AND ts < ? ORDER BY ts LIMIT 1 OFFSET "
                + COMPACT_ROWS)) {
            end.setLong(1, range[0]);
            end.setLong(2, range[1]);
            try (ResultSet rs = end.executeQuery()) {
                if (rs.next()) {
                    sliceEnd = Math.max(rs.getLong(1), range[0] + Rollups.MINUTE_MS);
                }
            }
        }
        long to = sliceEnd;
        String temp = "compact_" + r.name();
        inTransaction(() -> {
            try (PreparedStatement merge = conn.prepareStatement("INSERT INTO " + temp + " " + r.mergedSql());
                 PreparedStatement delete = conn.prepareStatement("DELETE FROM " + r.name() + " WHERE ts >= ? AND ts < ?");
                 Statement st = conn.createStatement()) {
                merge.setLong(1, range[0]);
                merge.setLong(2, to);
                merge.executeUpdate();
                delete.setLong(1, range[0]);
                delete.setLong(2, to);
                delete.executeUpdate();
                st.execute("INSERT INTO " + r.name() + " SELECT * FROM " + temp);
                st.execute("DELETE FROM " + temp);
            }
        });
        compactions++;
        range[0] = to;
        if (range[0] >= range[1]) {
            dirty.remove(r);
        }
        return true;
    }

    private boolean expireSlice(Schema.Table t, Expiry e) throws SQLException {
        if (!e.known) {
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT min(ts), max(ts) FROM " + t.name())) {
                rs.next();
                long min = rs.getLong(1);
                if (!rs.wasNull()) {
                    e.oldest = e.oldest == Long.MIN_VALUE ? min : Math.min(e.oldest, min);
                    e.newest = Math.max(e.newest, rs.getLong(2));
                }
            }
            e.known = true;
        }
        if (e.newest == Long.MIN_VALUE) {
            return false;
        }
        long horizon = Math.min(e.newest, wallClock.getAsLong()) - policy.keepRaw().toMillis();
        if (e.oldest >= horizon) {
            return false;
        }
        long end = Math.min(horizon, e.oldest + e.sliceMs);
        long[] deleted = new long[1];
        inTransaction(() -> {
            try (PreparedStatement clear = conn.prepareStatement("DELETE FROM " + STATE_TABLE + " WHERE table_name = ?");
                 PreparedStatement mark = conn.prepareStatement("INSERT INTO " + STATE_TABLE + " VALUES (?, ?)");
                 PreparedStatement delete = conn.prepareStatement("DELETE FROM " + t.name() + " WHERE ts < ?")) {
                clear.setString(1, t.name());
                clear.executeUpdate();
                mark.setString(1, t.name());
                mark.setLong(2, end);
                mark.executeUpdate();
                delete.setLong(1, end);
                deleted[0] = delete.executeUpdate();
            }
        });
        rawDeleted += deleted[0];
        e.oldest = end;
        if (deleted[0] > TARGET_ROWS && e.sliceMs > 1_000) {
            e.sliceMs /= 2;
        } else if (deleted[0] < TARGET_ROWS / 2 && e.sliceMs < MAX_SLICE_MS) {
            e.sliceMs *= 2;
        }
        return true;
    }

    private void inTransaction(Jdbc.Work work) throws SQLException {
        Jdbc.inTransaction(conn, work);
    }

    DuckDbStore.Upkeep stats() {
        return new DuckDbStore.Upkeep(rawDeleted, compactions, steps, maxStepNanos);
    }

    /** The time before which raw rows of {@code table} may have been deleted, or {@link Long#MIN_VALUE}. */
    static long rawFrom(Connection c, String table) throws SQLException {
        if (!DuckDbStore.plainTableExists(c, STATE_TABLE)) {
            return Long.MIN_VALUE;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT max(raw_from_ts) FROM " + STATE_TABLE + " WHERE table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? Long.MIN_VALUE : v;
            }
        }
    }
}
