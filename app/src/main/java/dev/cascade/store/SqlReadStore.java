package dev.cascade.store;

import dev.cascade.core.port.DashboardQueries;
import dev.cascade.core.port.MarketHistory;
import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.ReadStore;

import java.io.IOException;

/**
 * A {@link ReadStore} over JDBC: the three read ports served by one {@link SqlDashboardQueries} (its pool of
 * connections, in the store's dialect), plus whatever else the store holds open ({@code resources}, closed last).
 * DuckDB and ClickHouse are both this class with other connections.
 */
public final class SqlReadStore implements ReadStore {
    private final SqlDashboardQueries queries;
    private final String description;
    private final AutoCloseable resources;

    public SqlReadStore(SqlDashboardQueries queries, String description, AutoCloseable resources) {
        this.queries = queries;
        this.description = description;
        this.resources = resources;
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
    public long export(String table, long fromTs, long toTs, RowSink sink) throws IOException {
        return queries.export(table, fromTs, toTs, sink);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            queries.close();
        } finally {
            try {
                resources.close();
            } catch (Exception e) {
                // read-only connections hold nothing to save
            }
        }
    }
}
