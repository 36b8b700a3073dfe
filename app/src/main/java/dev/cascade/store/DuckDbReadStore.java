package dev.cascade.store;

import dev.cascade.core.port.ReadStore;
import org.duckdb.DuckDBConnection;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * {@code --store duckdb:FILE} opened for reading: one read-only connection (so a writer elsewhere is never disturbed)
 * duplicated for a few concurrent readers.
 */
public final class DuckDbReadStore {
    public static final String SCHEME = "duckdb";
    private static final int POOL = 4;

    private DuckDbReadStore() {
    }

    /** The store at {@code file}, read-only. */
    public static ReadStore open(Path file) {
        Connection base = ReadAccess.open(file);
        try {
            SqlDashboardQueries q = new SqlDashboardQueries(() -> duplicate(base, file), POOL);
            return new SqlReadStore(q, "DuckDB " + file, base);
        } catch (RuntimeException e) {
            try {
                base.close();
            } catch (SQLException ignored) {
                // reporting the first failure
            }
            throw e;
        }
    }

    /** The file of a {@code duckdb:FILE} URL. */
    public static Path file(String url) {
        if (url == null || !url.startsWith(SCHEME + ":") || url.length() == SCHEME.length() + 1) {
            throw new IllegalArgumentException("a DuckDB store is duckdb:FILE, e.g. duckdb:cascade.duckdb, got '" + url + "'");
        }
        return Path.of(url.substring(SCHEME.length() + 1));
    }

    private static Connection duplicate(Connection base, Path file) {
        try {
            return ((DuckDBConnection) base).duplicate();
        } catch (SQLException e) {
            throw new StoreException("cannot open a query connection on " + file + ": " + e.getMessage(), e);
        }
    }

    /** Registered for {@code duckdb:}. */
    public static final class Provider implements ReadStore.Provider {
        @Override
        public String scheme() {
            return SCHEME;
        }

        @Override
        public ReadStore open(String url) {
            return DuckDbReadStore.open(file(url));
        }
    }
}
