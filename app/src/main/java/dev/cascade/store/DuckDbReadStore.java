package dev.cascade.store;

import dev.cascade.core.port.DashboardQueries;
import dev.cascade.core.port.MarketHistory;
import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.ReadStore;
import org.duckdb.DuckDBConnection;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * {@code --store duckdb:FILE} opened for reading: a read-only connection (so a running writer elsewhere is never
 * disturbed) shared by a few duplicates for concurrent readers.
 */
public final class DuckDbReadStore implements ReadStore {
    public static final String SCHEME = "duckdb";
    private static final int POOL = 4;

    private final Connection base;
    private final SqlDashboardQueries queries;
    private final Path file;

    private DuckDbReadStore(Path file) {
        this.file = file;
        this.base = DuckDbStore.openReadOnly(file);
        try {
            this.queries = new SqlDashboardQueries(this::duplicate, POOL);
        } catch (RuntimeException e) {
            closeBase();
            throw e;
        }
    }

    /** The store at {@code file}, read-only. */
    public static DuckDbReadStore open(Path file) {
        return new DuckDbReadStore(file);
    }

    /** The file of a {@code duckdb:FILE} URL. */
    public static Path file(String url) {
        if (url == null || !url.startsWith(SCHEME + ":") || url.length() == SCHEME.length() + 1) {
            throw new IllegalArgumentException("a DuckDB store is duckdb:FILE, e.g. duckdb:cascade.duckdb, got '" + url + "'");
        }
        return Path.of(url.substring(SCHEME.length() + 1));
    }

    private Connection duplicate() {
        try {
            return ((DuckDBConnection) base).duplicate();
        } catch (SQLException e) {
            throw new StoreException("cannot open a query connection on " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public QueryStore queries() {
        return queries.queryStore();
    }

    @Override
    public DashboardQueries dashboard() {
        return queries;
    }

    @Override
    public MarketHistory history() {
        return queries.marketHistory();
    }

    @Override
    public String description() {
        return "DuckDB " + file;
    }

    @Override
    public void close() {
        queries.close();
        closeBase();
    }

    private void closeBase() {
        try {
            base.close();
        } catch (SQLException e) {
            // a read-only connection holds nothing to save
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
