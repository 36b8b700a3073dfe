package dev.cascade.scaleout;

import dev.cascade.core.port.DurableSink;
import dev.cascade.scaleout.clickhouse.ClickHouseStore;
import dev.cascade.scaleout.clickhouse.ClickHouseUrl;
import dev.cascade.store.DuckDbStore;

import java.nio.file.Path;

/**
 * The consumer's {@code --store} switch, write side: {@code duckdb:FILE} (embedded) or
 * {@code clickhouse://host:8123/db} (distributed). Readers open the same URLs through {@code ReadStore.open}.
 */
public final class Stores {
    private Stores() {
    }

    /** An open store's write side, and how to close it. */
    public interface Opened extends AutoCloseable {
        DurableSink sink();

        String description();

        @Override
        void close();
    }

    public static Opened open(String url) {
        if (url != null && url.startsWith("duckdb:")) {
            Path file = dev.cascade.store.DuckDbReadStore.file(url);
            return opened(DuckDbStore.open(file), "DuckDB " + file);
        }
        if (url != null && url.startsWith("clickhouse://")) {
            ClickHouseUrl u = ClickHouseUrl.parse(url);
            return opened(ClickHouseStore.open(u), "ClickHouse " + u);
        }
        throw new IllegalArgumentException("store must be duckdb:FILE or clickhouse://host:8123/database, got '" + url + "'");
    }

    private static <S extends DurableSink & AutoCloseable> Opened opened(S store, String description) {
        return new Opened() {
            @Override
            public DurableSink sink() {
                return store;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public void close() {
                try {
                    store.close();
                } catch (Exception e) {
                    throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
                }
            }
        };
    }
}
