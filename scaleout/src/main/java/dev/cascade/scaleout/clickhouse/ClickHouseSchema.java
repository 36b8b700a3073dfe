package dev.cascade.scaleout.clickhouse;

import dev.cascade.store.PortableSql;
import dev.cascade.store.Schema;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ClickHouse DDL derived from the embedded store's {@link Schema} (one column list for both): same names, same
 * order, epoch-ms Int64 timestamps and fixed-point Int64 money. Engine: ReplacingMergeTree ordered by
 * (symbol, ts, event_id), one partition per UTC day. The event id is part of the sorting key so a re-delivered event
 * collapses into one row; queries read {@code FINAL} so rows not merged yet still count once. Inserts also carry a
 * deduplication token, and {@code non_replicated_deduplication_window} makes the server drop a retried batch at once.
 */
public final class ClickHouseSchema {
    /** Text columns with few distinct values: dictionary-encoded. (RowBinary sends them as plain String.) */
    private static final Set<String> LOW_CARDINALITY = Set.of("source", "exchange", "market", "native_symbol", "symbol",
            "side", "qty_unit", "price_kind", "raw_side", "completeness", "taker_side");

    private ClickHouseSchema() {
    }

    /** The read dialect for {@link PortableSql}. */
    public static final PortableSql.Dialect DIALECT = new PortableSql.Dialect() {
        @Override
        public String param(String name, PortableSql.Type type) {
            return "{" + name + ":" + (type == PortableSql.Type.INT64 ? "Int64" : "String") + "}";
        }

        @Override
        public String baseCoin(String symbolColumn) {
            return "splitByChar('-', " + symbolColumn + ")[1]";
        }

        @Override
        public String table(String name) {
            return name + " FINAL";
        }
    };

    public static String type(Schema.Column c) {
        return switch (c.type()) {
            case "BIGINT" -> "Int64";
            case "INTEGER" -> "Int32";
            case "BOOLEAN" -> "Bool";
            case "VARCHAR" -> LOW_CARDINALITY.contains(c.name()) ? "LowCardinality(String)" : "String";
            default -> throw new IllegalStateException("no ClickHouse type for " + c);
        };
    }

    public static String createTable(Schema.Table t) {
        List<Schema.Column> cols = t.columnList();
        boolean hasSymbol = cols.stream().anyMatch(c -> c.name().equals("symbol"));
        return "CREATE TABLE IF NOT EXISTS " + t.name() + " ("
                + cols.stream().map(c -> c.name() + " " + type(c)).collect(Collectors.joining(", "))
                + ") ENGINE = ReplacingMergeTree"
                + " PARTITION BY toYYYYMMDD(toDateTime(intDiv(ts, 1000), 'UTC'))"
                + " ORDER BY (" + (hasSymbol ? "symbol" : "source") + ", ts, event_id)"
                + " SETTINGS non_replicated_deduplication_window = 1000";
    }

    public static List<String> ddl() {
        return Schema.ALL.stream().map(ClickHouseSchema::createTable).toList();
    }
}
