package dev.cascade.store;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.port.QueryStore.Dimension;
import dev.cascade.core.port.QueryStore.LiquidationFilter;
import dev.cascade.core.port.QueryStore.LiquidationTotal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The read queries' SQL, written once and rendered for each store: DuckDB (JDBC {@code ?} parameters) and ClickHouse
 * (server-side {@code {name:Type}} parameters). Portable by construction: epoch-ms integers, no date functions, CASE
 * instead of {@code bool_or}, explicit casts so both engines return Int64. What differs lives in {@link Dialect}:
 * parameter syntax, the base-coin function, and how a table is read (ClickHouse reads {@code FINAL} so rows a
 * ReplacingMergeTree has not merged yet are counted once). Identifiers come from fixed enums, values from parameters.
 * Result aliases never reuse a column name: ClickHouse resolves aliases query-wide, so {@code sum(x) AS x} would make
 * the aggregate refer to itself.
 */
public final class PortableSql {
    static final String LOWER_BOUND = Arrays.stream(Completeness.values())
            .filter(Completeness::isLowerBound).map(c -> "'" + c.name() + "'").collect(Collectors.joining(","));

    private PortableSql() {
    }

    /** Parameter types the queries use. */
    public enum Type { INT64, STRING }

    /** What the engines disagree on. */
    public interface Dialect {
        /** The placeholder for one parameter, e.g. {@code ?} or {@code {from:Int64}}. */
        String param(String name, Type type);

        /** The unified symbol's base coin ("BTC" of "BTC-USDT-PERP"). */
        String baseCoin(String symbolColumn);

        /** A table as read by queries. */
        String table(String name);
    }

    /** DuckDB over JDBC. */
    public static final Dialect DUCKDB = new Dialect() {
        @Override
        public String param(String name, Type type) {
            return "?";
        }

        @Override
        public String baseCoin(String symbolColumn) {
            return "split_part(" + symbolColumn + ", '-', 1)";
        }

        @Override
        public String table(String name) {
            return name;
        }
    };

    /** One bound value, in the order its placeholder appears in the text (each name appears once). */
    public record Param(String name, Type type, Object value) {
    }

    /** Rendered SQL plus the parameters and the grouped dimensions (the leading result columns, in order). */
    public record Query(String sql, List<Param> params, List<Dimension> dimensions) {
        /** Result column names of the grouped dimensions, in order (the rest are n, total_usd_e6, lower_bound). */
        public List<String> dimensionColumns() {
            return dimensions.stream().map(PortableSql::column).toList();
        }

        /**
         * Maps one result row: the grouped dimensions' values (in {@link #dimensions()} order), then count,
         * notional and the lower-bound flag columns.
         */
        public LiquidationTotal total(List<String> dimensionValues, long count, long notionalUsd, long lowerBound) {
            String[] v = new String[Dimension.values().length];
            for (int i = 0; i < dimensions.size(); i++) {
                v[dimensions.get(i).ordinal()] = dimensionValues.get(i);
            }
            return new LiquidationTotal(v[Dimension.EXCHANGE.ordinal()], v[Dimension.SYMBOL.ordinal()],
                    v[Dimension.SIDE.ordinal()], count, notionalUsd, lowerBound != 0);
        }
    }

    private static String column(Dimension d) {
        return switch (d) {
            case EXCHANGE -> "exchange";
            case SYMBOL -> "symbol";
            case SIDE -> "side";
        };
    }

    /**
     * Liquidation count and USD notional over [fromTs, toTs), grouped by {@code groupBy}, largest first. An ungrouped
     * total over no rows comes back as one row with count 0; callers drop it.
     */
    public static Query liquidationTotals(Dialect d, long fromTs, long toTs, Set<Dimension> groupBy, LiquidationFilter filter) {
        List<Dimension> dims = Arrays.stream(Dimension.values()).filter(groupBy::contains).toList();
        List<Param> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (Dimension dim : dims) {
            sql.append(column(dim)).append(", ");
        }
        sql.append("CAST(count(*) AS BIGINT) AS n, CAST(sum(notional_usd_e6) AS BIGINT) AS total_usd_e6, ")
                .append("CAST(max(CASE WHEN completeness IN (").append(LOWER_BOUND).append(") THEN 1 ELSE 0 END) AS INTEGER) AS lower_bound")
                .append(" FROM ").append(d.table("liquidation"))
                .append(" WHERE ts >= ").append(bind(d, params, "from_ts", Type.INT64, fromTs))
                .append(" AND ts < ").append(bind(d, params, "to_ts", Type.INT64, toTs));
        if (filter.exchange() != null) {
            sql.append(" AND exchange = ").append(bind(d, params, "exchange", Type.STRING, filter.exchange()));
        }
        if (filter.baseCoin() != null) {
            sql.append(" AND ").append(d.baseCoin("symbol")).append(" = ").append(bind(d, params, "base_coin", Type.STRING, filter.baseCoin()));
        }
        if (filter.side() != null) {
            sql.append(" AND side = ").append(bind(d, params, "side", Type.STRING, filter.side()));
        }
        if (!dims.isEmpty()) {
            String cols = dims.stream().map(PortableSql::column).collect(Collectors.joining(", "));
            sql.append(" GROUP BY ").append(cols).append(" ORDER BY total_usd_e6 DESC, ").append(cols);
        }
        return new Query(sql.toString(), List.copyOf(params), dims);
    }

    private static String bind(Dialect d, List<Param> params, String name, Type type, Object value) {
        params.add(new Param(name, type, value));
        return d.param(name, type);
    }
}
