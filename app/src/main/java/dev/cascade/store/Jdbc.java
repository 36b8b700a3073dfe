package dev.cascade.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The one prepared-statement read loop of the store's queries: bind, read every row, close, name the failure. */
final class Jdbc {
    private Jdbc() {
    }

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs {@code sql}; a failure becomes a {@link StoreException} that says which query ({@code what}) failed. */
    static <T> List<T> list(Connection c, String what, String sql, Binder binder, RowMapper<T> mapper) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(what + " query failed: " + e.getMessage(), e);
        }
    }

    interface Work {
        void run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: committed, or rolled back and rethrown. A COMMIT that failed (disk full:
     * "Could not write file ...wal") has already ended the transaction, and DuckDB's complaint that none is active
     * (from the rollback or from restoring auto-commit) is attached to the real failure instead of hiding it.
     */
    static void inTransaction(Connection conn, Work work) throws SQLException {
        Exception failure = null;
        conn.setAutoCommit(false);
        try {
            work.run();
            conn.commit();
        } catch (SQLException | RuntimeException e) { // never let restoring auto-commit commit half the work
            failure = e;
            try {
                conn.rollback();
            } catch (SQLException none) {
                e.addSuppressed(none);
            }
            throw e;
        } finally {
            try {
                conn.setAutoCommit(true);
            } catch (SQLException none) {
                if (failure == null) {
                    throw none;
                }
                failure.addSuppressed(none);
            }
        }
    }
}
