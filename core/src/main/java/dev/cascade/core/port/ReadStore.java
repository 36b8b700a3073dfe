package dev.cascade.core.port;

import java.io.IOException;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A store opened for reading by URL ({@code --store duckdb:FILE} or {@code --store clickhouse://host:8123/db}): the
 * three read ports every reading command and the server use. Opened through {@link Provider}s found with
 * {@link ServiceLoader}, like {@link FrameBus}: the app registers DuckDB, the scale-out jar registers ClickHouse, so
 * the app carries no ClickHouse code and needs none at compile time.
 */
public interface ReadStore extends AutoCloseable {
    QueryStore queries();

    DashboardQueries dashboard();

    MarketHistory history();

    /**
     * Hands every stored row of one table (by its store name: liquidation, open_interest, funding, trade, mark_price,
     * feed_gap) with {@code fromTs <= ts < toTs} to {@code sink}, in (ts, event_id) order, each stored event once;
     * returns the rows handed over. The same rows, in the same order and types, from every store.
     */
    long export(String table, long fromTs, long toTs, RowSink sink) throws IOException;

    /** Receives an export: the column names once, then each row's values (Long, Integer, String or Boolean, never null). */
    interface RowSink {
        void columns(List<String> names) throws IOException;

        void row(Object[] values) throws IOException;
    }

    /** Where the data is, for messages (never a password). */
    String description();

    @Override
    void close();

    /** Opens stores for one URL scheme ("duckdb", "clickhouse"). Registered in META-INF/services/dev.cascade.core.port.ReadStore$Provider. */
    interface Provider {
        String scheme();

        ReadStore open(String url);
    }

    /** The scheme of a store URL: what precedes the first ':' ("duckdb:cascade.duckdb" -> "duckdb"). */
    static String scheme(String url) {
        int colon = url == null ? -1 : url.indexOf(':');
        if (colon <= 0 || !url.substring(0, colon).matches("[a-z][a-z0-9+.-]*")) {
            throw new IllegalArgumentException("store must be a URL like duckdb:cascade.duckdb or clickhouse://127.0.0.1:8123/cascade, got '"
                    + url + "'");
        }
        return url.substring(0, colon);
    }

    /** Opens the store at {@code url} with the provider registered for its scheme. */
    static ReadStore open(String url) {
        String scheme = scheme(url);
        for (Provider p : ServiceLoader.load(Provider.class)) {
            if (p.scheme().equals(scheme)) {
                return p.open(url);
            }
        }
        throw new IllegalArgumentException("no store adapter for '" + scheme + ":' on the classpath (" + scheme
                + " stores need the cascade-scaleout jar: run ./cascade-scaleout, or build it with mvn -DskipTests package)");
    }
}
