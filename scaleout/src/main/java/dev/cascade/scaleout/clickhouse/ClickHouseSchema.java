package dev.cascade.scaleout.clickhouse;

import dev.cascade.store.PortableSql;
import dev.cascade.store.Schema;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ClickHouse DDL derived from the embedded store's {@link Schema} (one column list for both): same names, same
 * order, epoch-ms Int64 timestamps and fixed-point Int64 money. Engine: ReplacingMergeTree ordered by
 * (symbol, ts, event_id), one partition per UTC month (ClickHouse's usual granularity: an INSERT may touch at most
 * 100 partitions, and years of history at one partition per day would exceed it). The event id is part of the sorting key so a re-delivered event
 * collapses into one row; queries read {@code FINAL} so rows not merged yet still count once. Inserts also carry a
 * deduplication token, and {@code non_replicated_deduplication_window} makes the server drop a retried batch at once.
 */
public final class ClickHouseSchema {
    /** Text columns with few distinct values: dictionary-encoded. (RowBinary sends them as plain String.) */
    private static final Set<String> LOW_CARDINALITY = Set.of("source", "exchange", "market", "native_symbol", "symbol",
            "side", "qty_unit", "price_kind", "raw_side", "completeness", "taker_side");

    private ClickHouseSchema() {
    }

    /**
     * The read dialect for {@link PortableSql} over ClickHouse's JDBC driver: {@code ?} placeholders (the driver sends
     * each bound value as a typed literal), {@code splitByChar} for the base coin, and {@code FINAL} on every table.
     */
    public static final PortableSql.Dialect DIALECT = new PortableSql.Dialect() {
        @Override
        public String param(String name, PortableSql.Type type) {
            return "?";
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

    /** The partition expression: the UTC month of the epoch-ms {@code ts}, e.g. 202403. */
    public static final String PARTITION_KEY = "toYYYYMM(toDateTime(intDiv(ts, 1000), 'UTC'))";

    /** The UTC month (yyyyMM) {@link #PARTITION_KEY} gives an epoch-ms time, so inserts can be split by partition. */
    public static int partitionOf(long tsMs) {
        java.time.LocalDate d = java.time.LocalDate.ofEpochDay(Math.floorDiv(tsMs, 86_400_000L));
        return d.getYear() * 100 + d.getMonthValue();
    }

    private static String columns(Schema.Table t) {
        return t.columnList().stream().map(c -> c.name() + " " + type(c)).collect(Collectors.joining(", "));
    }

    private static String orderBy(Schema.Table t) {
        boolean hasSymbol = t.columnList().stream().anyMatch(c -> c.name().equals("symbol"));
        return "(" + (hasSymbol ? "symbol" : "source") + ", ts, event_id)";
    }

    /** Single-node DDL: what the store creates at start when a table is missing. */
    public static String createTable(Schema.Table t) {
        return "CREATE TABLE IF NOT EXISTS " + t.name() + " (" + columns(t) + ") ENGINE = ReplacingMergeTree"
                + " PARTITION BY " + PARTITION_KEY
                + " ORDER BY " + orderBy(t)
                + " SETTINGS non_replicated_deduplication_window = 1000";
    }

    /**
     * Cluster DDL for {@code cluster} (defined in the servers' remote_servers, with Keeper for replication): per table,
     * a replicated ReplacingMergeTree {@code <table>_local} on every node, and a Distributed table with the table's own
     * name over them, so the store inserts and reads the same names as on one node. Rows are sharded by event id, so
     * every copy of an event lands on one shard and {@code FINAL} (applied per shard) still counts it once. Replicated
     * tables deduplicate retried inserts by block hash or token without extra settings.
     */
    public static List<String> clusterDdl(String cluster, String database) {
        checkIdentifier("cluster", cluster);
        checkIdentifier("database", database);
        List<String> out = new java.util.ArrayList<>();
        out.add("CREATE DATABASE IF NOT EXISTS " + database + " ON CLUSTER " + cluster);
        for (Schema.Table t : Schema.ALL) {
            String local = database + "." + t.name() + "_local";
            out.add("CREATE TABLE IF NOT EXISTS " + local + " ON CLUSTER " + cluster + " (" + columns(t) + ")"
                    + " ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/" + database + "/" + t.name() + "', '{replica}')"
                    + " PARTITION BY " + PARTITION_KEY
                    + " ORDER BY " + orderBy(t));
            out.add("CREATE TABLE IF NOT EXISTS " + database + "." + t.name() + " ON CLUSTER " + cluster + " AS " + local
                    + " ENGINE = Distributed(" + cluster + ", " + database + ", " + t.name() + "_local, cityHash64(event_id))");
        }
        return out;
    }

    private static void checkIdentifier(String what, String name) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("bad ClickHouse " + what + " name '" + name + "' (letters, digits, _)");
        }
    }

    /** The database and every table on one node, as the store creates them (for review or manual setup). */
    public static List<String> singleNodeDdl(String database) {
        checkIdentifier("database", database);
        List<String> out = new java.util.ArrayList<>();
        out.add("CREATE DATABASE IF NOT EXISTS " + database);
        Schema.ALL.forEach(t -> out.add(createTable(t).replace("EXISTS " + t.name() + " (", "EXISTS " + database + "." + t.name() + " (")));
        return out;
    }
}
