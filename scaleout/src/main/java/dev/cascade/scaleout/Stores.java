package dev.cascade.scaleout;

import dev.cascade.core.port.DurableSink;
import dev.cascade.core.port.QueryStore;
import dev.cascade.scaleout.clickhouse.ClickHouseReads;
import dev.cascade.scaleout.clickhouse.ClickHouseStore;
import dev.cascade.scaleout.clickhouse.ClickHouseUrl;
import dev.cascade.store.DuckDbStore;
import dev.cascade.store.SqlQueryStore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The {@code --store} switch: {@code duckdb:FILE} (embedded) or {@code clickhouse://host:8123/db} (distributed).
 * Either way the consumer writes through {@link DurableSink} and the API reads through {@link QueryStore}.
 */
public final class Stores {
    private Stores() {
    }

    /** An open store: write side, read side, and how to close both. */
    public interface Opened extends AutoCloseable {
        DurableSink sink();

        QueryStore queries();

        String description();

        @Override
        void close();
    }

    public static Opened open(String url) {
        if (url != null && url.startsWith("duckdb:")) {
            String file = url.substring("duckdb:".length());
            if (file.isBlank()) {
                throw new IllegalArgumentException("duckdb store needs a file: duckdb:cascade.duckdb");
            }
            DuckDbStore db = DuckDbStore.open(Path.of(file));
            Connection c = db.connect();
            return new Opened() {
                @Override
                public DurableSink sink() {
                    return db;
                }

                @Override
                public QueryStore queries() {
                    return new SqlQueryStore(c);
                }

                @Override
                public String description() {
                    return "DuckDB " + file;
                }

                @Override
                public void close() {
                    try {
                        c.close();
                    } catch (SQLException e) {
                        // closing a query connection; the store close below reports real failures
                    }
                    db.close();
                }
            };
        }
        if (url != null && url.startsWith("clickhouse://")) {
            ClickHouseUrl u = ClickHouseUrl.parse(url);
            ClickHouseStore ch = ClickHouseStore.open(u);
            ClickHouseReads reads;
            try {
                reads = ClickHouseReads.open(u);
            } catch (RuntimeException e) {
                ch.close();
                throw e;
            }
            return new Opened() {
                @Override
                public DurableSink sink() {
                    return ch;
                }

                @Override
                public QueryStore queries() {
                    return reads.queries();
                }

                @Override
                public String description() {
                    return "ClickHouse " + u;
                }

                @Override
                public void close() {
                    try {
                        ch.close();
                    } finally {
                        reads.close();
                    }
                }
            };
        }
        throw new IllegalArgumentException("store must be duckdb:FILE or clickhouse://host:8123/database, got '" + url + "'");
    }
}
