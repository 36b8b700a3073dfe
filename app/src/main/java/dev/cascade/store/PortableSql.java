package dev.cascade.store;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.SourceClass;
import dev.cascade.core.port.QueryStore.Dimension;
import dev.cascade.core.port.QueryStore.LiquidationFilter;
import dev.cascade.core.port.QueryStore.LiquidationTotal;
import dev.cascade.core.port.QueryStore.MarketClass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The read queries' SQL, written once and rendered for each store: DuckDB (JDBC {@code ?} parameters) and ClickHouse
 * (server-side {@code {name:Type}} parameters). Portable by construction: epoch-ms integers, no date functions, CASE
 * instead of {@code bool_or}, explicit casts so both engines return Int64. What differs lives in {@link Dialect}:
 * parameter syntax, the base-coin function, and how a table is read (ClickHouse reads {@code FINAL} so rows a
 * ReplacingMergeTree has not merged yet are counted once). Identifiers come from fixed enums, values from parameters.
 * Result aliases never reuse a column name: ClickHouse resolves aliases query-wide, so {@code sum(x) AS x} would make
 * the aggregate refer to itself. Both stores read results by the names given here ({@code *_COLUMNS} constants are
 * the result layouts, in order).
 *
 * <p>The analytics reads (buckets, series, largest, volume, sources) follow the same rules: buckets are epoch-ms
 * integer arithmetic ({@code ts - ts % bucket}), the last/first value of a bucket is {@code argMax}/{@code argMin}
 * (both engines spell them so), the lower-bound flag is {@code max(CASE ... THEN 1 ELSE 0 END)}, the coin filter is a
 * bound {@code LIKE 'BTC-%'} prefix added only when a coin is given, and the UNION of {@link #sources} is wrapped in a
 * subquery because ClickHouse would apply a trailing ORDER BY to the last SELECT only.
 */
public final class PortableSql {
    static final String LOWER_BOUND = Arrays.stream(Completeness.values())
            .filter(Completeness::isLowerBound).map(c -> "'" + c.name() + "'").collect(Collectors.joining(","));
    /**
     * {@link SourceClass#of(String, Completeness)} in SQL: every literal comes from the enums, none from a caller. The
     * result alias is not a column name (ClickHouse resolves aliases query-wide).
     */
    static final String SOURCE_CLASS = "CASE WHEN completeness = '" + Completeness.AGGREGATE.name() + "' THEN '"
            + SourceClass.AGGREGATE.name() + "' WHEN source LIKE '" + SourceClass.SYNTHETIC_PREFIX + "%' THEN '"
            + SourceClass.SYNTHETIC.name() + "' ELSE '" + SourceClass.VENUE.name() + "' END";
    /** Result column of the source class in {@link #liquidationTotals}. */
    public static final String SOURCE_CLASS_COLUMN = "source_class";

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

    /**
     * One bound value, in the order its placeholder appears in the text. A name may appear more than once (the
     * {@link #sources} union reads the same window from every table); every occurrence carries the same value.
     */
    public record Param(String name, Type type, Object value) {
    }

    /** Rendered SQL plus the parameters and the grouped dimensions (the leading result columns, in order). */
    public record Query(String sql, List<Param> params, List<Dimension> dimensions) {
        /**
         * Result column names of the grouped dimensions, in order (after {@link #SOURCE_CLASS_COLUMN}; the rest are n,
         * total_usd_e6, lower_bound).
         */
        public List<String> dimensionColumns() {
            return dimensions.stream().map(PortableSql::column).toList();
        }

        /**
         * Maps one result row: the source class, the grouped dimensions' values (in {@link #dimensions()} order), then
         * count, notional and the lower-bound flag columns.
         */
        public LiquidationTotal total(String sourceClass, List<String> dimensionValues, long count, long notionalUsd, long lowerBound) {
            String[] v = new String[Dimension.values().length];
            for (int i = 0; i < dimensions.size(); i++) {
                v[dimensions.get(i).ordinal()] = dimensionValues.get(i);
            }
            return new LiquidationTotal(SourceClass.valueOf(sourceClass), v[Dimension.EXCHANGE.ordinal()], v[Dimension.SYMBOL.ordinal()],
                    v[Dimension.SIDE.ordinal()], count, notionalUsd, lowerBound != 0);
        }
    }

    static String column(Dimension d) {
        return switch (d) {
            case EXCHANGE -> "exchange";
            case SYMBOL -> "symbol";
            case SIDE -> "side";
        };
    }

    /**
     * Liquidation count and USD notional over [fromTs, toTs), grouped by source class and {@code groupBy}, largest
     * first. The source class is always grouped: venue, synthetic and aggregate rows are never summed together.
     */
    public static Query liquidationTotals(Dialect d, long fromTs, long toTs, Set<Dimension> groupBy, LiquidationFilter filter) {
        return totals(d, new long[]{fromTs}, toTs, groupBy, filter, false);
    }

    /** Result column of {@link #nestedLiquidationTotals}: the index of the latest-starting window that holds the row. */
    public static final String WINDOW_COLUMN = "window_index";

    /**
     * {@link #liquidationTotals} over windows [fromTs[i], toTs), latest start first, in one scan: each row also says
     * ({@link #WINDOW_COLUMN}, first column) the first window it lies in, so window i is the sum of rows 0..i.
     */
    public static Query nestedLiquidationTotals(Dialect d, long[] fromTs, long toTs, Set<Dimension> groupBy, LiquidationFilter filter) {
        for (int i = 1; i < fromTs.length; i++) {
            if (fromTs[i] >= fromTs[i - 1]) {
                throw new IllegalArgumentException("nested windows start latest first: " + Arrays.toString(fromTs));
            }
        }
        if (fromTs.length == 0) {
            throw new IllegalArgumentException("no window");
        }
        return totals(d, fromTs, toTs, groupBy, filter, true);
    }

    /** One window (no window column), or nested windows with the window column first. */
    private static Query totals(Dialect d, long[] fromTs, long toTs, Set<Dimension> groupBy, LiquidationFilter filter, boolean nested) {
        List<Dimension> dims = Arrays.stream(Dimension.values()).filter(groupBy::contains).toList();
        List<Param> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ");
        if (nested && fromTs.length == 1) {
            sql.append("0 AS ").append(WINDOW_COLUMN).append(", ");
        } else if (nested) {
            sql.append("CASE");
            for (int i = 0; i < fromTs.length - 1; i++) {
                sql.append(" WHEN ts >= ").append(bind(d, params, "window_from_" + i, Type.INT64, fromTs[i])).append(" THEN ").append(i);
            }
            sql.append(" ELSE ").append(fromTs.length - 1).append(" END AS ").append(WINDOW_COLUMN).append(", ");
        }
        sql.append(SOURCE_CLASS).append(" AS ").append(SOURCE_CLASS_COLUMN).append(", ");
        for (Dimension dim : dims) {
            sql.append(column(dim)).append(", ");
        }
        sql.append("CAST(count(*) AS BIGINT) AS n, CAST(sum(notional_usd_e6) AS BIGINT) AS total_usd_e6, ")
                .append("CAST(max(CASE WHEN completeness IN (").append(LOWER_BOUND).append(") THEN 1 ELSE 0 END) AS INTEGER) AS lower_bound")
                .append(" FROM ").append(d.table("liquidation"))
                .append(" WHERE ts >= ").append(bind(d, params, "from_ts", Type.INT64, fromTs[fromTs.length - 1]))
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
        String cols = Stream.concat(Stream.of(SOURCE_CLASS_COLUMN), dims.stream().map(PortableSql::column))
                .collect(Collectors.joining(", "));
        sql.append(" GROUP BY ").append(nested ? WINDOW_COLUMN + ", " : "").append(cols)
                .append(" ORDER BY total_usd_e6 DESC, ").append(cols);
        return new Query(sql.toString(), List.copyOf(params), dims);
    }

    /** Rendered SQL of one analytics read plus its parameters in placeholder order. */
    public record Read(String sql, List<Param> params) {
    }

    /** Result columns of {@link #liquidationBuckets}, in order. */
    public static final List<String> BUCKET_COLUMNS = List.of("bucket_ts", "exchange", "side", "n", "total_usd_e6", "lower_bound");
    /** Result columns of {@link #openInterest}. */
    public static final List<String> OI_COLUMNS = List.of("bucket_ts", "source", "exchange", "symbol", "last_oi_usd_e6");
    /** Result columns of {@link #funding}. */
    public static final List<String> FUNDING_COLUMNS = List.of("ts", "source", "exchange", "symbol", "rate_e12", "interval_hours");
    /** Result columns of {@link #markPriceBars}. */
    public static final List<String> BAR_COLUMNS = List.of("bucket_ts", "source", "exchange", "open_e8", "high_e8", "low_e8",
            "close_e8", "n");
    /** Result columns of {@link #largestLiquidations}. */
    public static final List<String> LARGEST_COLUMNS = List.of("ts", "source", "exchange", "symbol", "side", "price_e8", "qty_e8",
            "notional_usd_e6");
    /** Result columns of {@link #tradeVolume}. */
    public static final List<String> VOLUME_COLUMNS = List.of("exchange", "market", "n", "total_usd_e6");
    /** Result columns of {@link #volumeBuckets}. */
    public static final List<String> VOLUME_BUCKET_COLUMNS = List.of("bucket_ts", "exchange", "market_class", "n", "total_usd_e6");
    /** Result columns of {@link #longShortRatios}. */
    public static final List<String> LONG_SHORT_COLUMNS = List.of("ts", "source", "exchange", "symbol", "period_ms", "long_share_e8",
            "short_share_e8", "ratio_e8");
    /** Result columns of {@link #sources}. */
    public static final List<String> SOURCE_COLUMNS = List.of("table_name", "source", "n");
    /** The tables {@link #sources} counts, a fixed list (identifiers never come from callers). */
    public static final List<String> SOURCE_TABLES = List.of("liquidation", "open_interest", "funding", "mark_price", "trade",
            "long_short_ratio");
    /** Upper bound of {@link #largestLiquidations}'s limit. */
    public static final int MAX_LIMIT = 10_000;

    /**
     * Base-coin filter as a LIKE prefix on the unified symbol ("BTC" -> "BTC-%"): a bound value, never SQL text. LIKE's
     * wildcards and escape character are removed from the coin, so "%" matches no symbol rather than every symbol.
     */
    public static String coinPattern(String baseCoin) {
        return baseCoin == null ? null : baseCoin.replace("%", "").replace("_", "").replace("\\", "") + "-%";
    }

    static void checkLimit(int limit, int max) {
        if (limit <= 0 || limit > max) {
            throw new IllegalArgumentException("limit must be in 1.." + max + ", got " + limit);
        }
    }

    private static void checkBucket(long bucketMs) {
        if (bucketMs <= 0) {
            throw new IllegalArgumentException("bucket must be positive, got " + bucketMs + " ms");
        }
    }

    /** " WHERE ts >= from AND ts < to", the half-open window every read uses. */
    static void window(StringBuilder sql, Dialect d, List<Param> params, long fromTs, long toTs) {
        sql.append(" WHERE ts >= ").append(bind(d, params, "from_ts", Type.INT64, fromTs))
                .append(" AND ts < ").append(bind(d, params, "to_ts", Type.INT64, toTs));
    }

    static void coin(StringBuilder sql, Dialect d, List<Param> params, String baseCoin) {
        if (baseCoin != null) {
            sql.append(" AND symbol LIKE ").append(bind(d, params, "coin_prefix", Type.STRING, coinPattern(baseCoin)));
        }
    }

    static String bucket(Dialect d, List<Param> params, long bucketMs) {
        checkBucket(bucketMs);
        String p = bind(d, params, "bucket_ms", Type.INT64, bucketMs);
        return "ts - ts % " + p + " AS bucket_ts";
    }

    /** Liquidation count, notional and lower-bound flag per bucket, exchange and side, by bucket time. */
    public static Read liquidationBuckets(Dialect d, long fromTs, long toTs, long bucketMs, String baseCoin) {
        List<Param> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(bucket(d, params, bucketMs))
                .append(", exchange, side, CAST(count(*) AS BIGINT) AS n, CAST(sum(notional_usd_e6) AS BIGINT) AS total_usd_e6, ")
                .append("CAST(max(CASE WHEN completeness IN (").append(LOWER_BOUND).append(") THEN 1 ELSE 0 END) AS INTEGER) AS lower_bound")
                .append(" FROM ").append(d.table("liquidation"));
        window(sql, d, params, fromTs, toTs);
        coin(sql, d, params, baseCoin);
        sql.append(" GROUP BY bucket_ts, exchange, side ORDER BY bucket_ts, exchange, side");
        return new Read(sql.toString(), List.copyOf(params));
    }

    /**
     * The same buckets from DuckDB's text-dictionary layout ({@link TableLayout}: numbers plus a text code, and a
     * table of a few dozen text tuples): the rows are grouped by bucket and text code, and only those groups are
     * joined to their text, so no row of the window is joined or compared as text, and the lower-bound flag's CASE
     * runs once per group instead of once per row (on a 100M-row store it was most of the query's operator time).
     */
    static Read liquidationBucketsByTextCode(Dialect d, long fromTs, long toTs, long bucketMs, String baseCoin) {
        TableLayout layout = new TableLayout(Schema.LIQUIDATION, true);
        List<Param> params = new ArrayList<>();
        StringBuilder codes = new StringBuilder("SELECT ").append(bucket(d, params, bucketMs))
                .append(", text_id, count(*) AS group_n, sum(notional_usd_e6) AS group_usd_e6 FROM ").append(layout.rowsTable());
        window(codes, d, params, fromTs, toTs);
        codes.append(" GROUP BY bucket_ts, text_id");
        StringBuilder inner = new StringBuilder("SELECT bucket_ts, exchange, side, completeness, group_n, group_usd_e6 FROM (")
                .append(codes).append(") r JOIN ").append(layout.textTable()).append(" USING (text_id) WHERE 1 = 1");
        coin(inner, d, params, baseCoin);
        return new Read(bucketsOf(inner), List.copyOf(params));
    }

    /** The buckets by exchange and side from groups that also carry completeness. */
    private static String bucketsOf(CharSequence groups) {
        return "SELECT bucket_ts, exchange, side, CAST(sum(group_n) AS BIGINT) AS n, CAST(sum(group_usd_e6) AS BIGINT) AS total_usd_e6, "
                + "CAST(max(CASE WHEN completeness IN (" + LOWER_BOUND + ") THEN 1 ELSE 0 END) AS INTEGER) AS lower_bound FROM ("
                + groups + ") g GROUP BY bucket_ts, exchange, side ORDER BY bucket_ts, exchange, side";
    }

    /**
     * The last open-interest sample per bucket and instrument. argMax is one hash aggregation; a row_number() window
     * over the same rows sorts them and was 5-10x slower on 100M-row stores.
     */
    public static Read openInterest(Dialect d, long fromTs, long toTs, long bucketMs, String baseCoin) {
        List<Param> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(bucket(d, params, bucketMs))
                .append(", source, exchange, symbol, CAST(argMax(oi_usd_e6, ts) AS BIGINT) AS last_oi_usd_e6 FROM ")
                .append(d.table("open_interest"));
        window(sql, d, params, fromTs, toTs);
        coin(sql, d, params, baseCoin);
        sql.append(" GROUP BY bucket_ts, source, exchange, symbol ORDER BY bucket_ts, exchange, symbol, source");
        return new Read(sql.toString(), List.copyOf(params));
    }

    /** Funding observations as stored, by time; ties (same time, exchange, symbol, different feeds) in event-id order. */
    public static Read funding(Dialect d, long fromTs, long toTs, String baseCoin) {
        List<Param> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ts, source, exchange, symbol, rate_e12, interval_hours FROM ")
                .append(d.table("funding"));
        window(sql, d, params, fromTs, toTs);
        coin(sql, d, params, baseCoin);
        sql.append(" ORDER BY ts, exchange, symbol, source, event_id");
        return new Read(sql.toString(), List.copyOf(params));
    }

    /** Mark-price OHLC and sample count per bucket and feed (open/close = the earliest/latest sample's price). */
    public static Read markPriceBars(Dialect d, long fromTs, long toTs, long bucketMs, String baseCoin) {
        List<Param> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(bucket(d, params, bucketMs))
                .append(", source, exchange, CAST(argMin(mark_e8, ts) AS BIGINT) AS open_e8, CAST(max(mark_e8) AS BIGINT) AS high_e8, ")
                .append("CAST(min(mark_e8) AS BIGINT) AS low_e8, CAST(argMax(mark_e8, ts) AS BIGINT) AS close_e8, CAST(count(*) AS BIGINT) AS n")
                .append(" FROM ").append(d.table("mark_price"));
        window(sql, d, params, fromTs, toTs);
        coin(sql, d, params, baseCoin);
        sql.append(" GROUP BY bucket_ts, source, exchange ORDER BY bucket_ts, exchange, source");
        return new Read(sql.toString(), List.copyOf(params));
    }

    /** The {@code limit} largest single liquidations (aggregate buckets excluded), largest first. */
    public static Read largestLiquidations(Dialect d, long fromTs, long toTs, String baseCoin, int limit) {
        return largestLiquidations(d, fromTs, toTs, baseCoin, limit, null);
    }

    /**
     * {@link #largestLiquidations} reading only rows of at least {@code minNotionalUsdE6} (null: every row). The answer
     * is the same whenever that bound is at most the {@code limit}-th largest notional ({@link RollupSql#largestBound}).
     */
    static Read largestLiquidations(Dialect d, long fromTs, long toTs, String baseCoin, int limit, Long minNotionalUsdE6) {
        checkLimit(limit, MAX_LIMIT);
        List<Param> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ts, source, exchange, symbol, side, price_e8, qty_e8, notional_usd_e6 FROM ")
                .append(d.table("liquidation"));
        window(sql, d, params, fromTs, toTs);
        sql.append(" AND completeness <> 'AGGREGATE'");
        coin(sql, d, params, baseCoin);
        if (minNotionalUsdE6 != null) {
            sql.append(" AND notional_usd_e6 >= ").append(bind(d, params, "min_notional", Type.INT64, minNotionalUsdE6));
        }
        sql.append(" ORDER BY notional_usd_e6 DESC, ts, event_id LIMIT ").append(bind(d, params, "row_limit", Type.INT64, (long) limit));
        return new Read(sql.toString(), List.copyOf(params));
    }

    /** Trade count and notional by exchange and market type, largest first. */
    public static Read tradeVolume(Dialect d, long fromTs, long toTs, String baseCoin) {
        List<Param> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT exchange, market, CAST(count(*) AS BIGINT) AS n, ")
                .append("CAST(sum(notional_usd_e6) AS BIGINT) AS total_usd_e6 FROM ").append(d.table("trade"));
        window(sql, d, params, fromTs, toTs);
        coin(sql, d, params, baseCoin);
        sql.append(" GROUP BY exchange, market ORDER BY total_usd_e6 DESC, exchange, market");
        return new Read(sql.toString(), List.copyOf(params));
    }

    /** Every column of one table in the window, in (ts, event_id) order: what an export writes. */
    public static Read tableRows(Dialect d, Schema.Table table, long fromTs, long toTs) {
        List<Param> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(table.columnList().stream().map(Schema.Column::name).collect(Collectors.joining(", ")))
                .append(" FROM ").append(d.table(table.name()));
        window(sql, d, params, fromTs, toTs);
        sql.append(" ORDER BY ts, event_id");
        return new Read(sql.toString(), List.copyOf(params));
    }

    /**
     * Trade count and notional per bucket, exchange and market class ({@link MarketClass}: SPOT for spot trades,
     * DERIVATIVE for every other market), by bucket time. The class literals come from the enums.
     */
    public static Read volumeBuckets(Dialect d, long fromTs, long toTs, long bucketMs, String baseCoin) {
        List<Param> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(bucket(d, params, bucketMs))
                .append(", exchange, CASE WHEN market = '").append(MarketType.SPOT.name()).append("' THEN '").append(MarketClass.SPOT.name())
                .append("' ELSE '").append(MarketClass.DERIVATIVE.name()).append("' END AS market_class, CAST(count(*) AS BIGINT) AS n, ")
                .append("CAST(sum(notional_usd_e6) AS BIGINT) AS total_usd_e6 FROM ").append(d.table("trade"));
        window(sql, d, params, fromTs, toTs);
        coin(sql, d, params, baseCoin);
        sql.append(" GROUP BY bucket_ts, exchange, market_class ORDER BY bucket_ts, exchange, market_class");
        return new Read(sql.toString(), List.copyOf(params));
    }

    /**
     * Long/short account ratio rows by time, at most {@code limit} (the caller asks one more than it accepts, to tell a
     * full answer from a cut one).
     */
    public static Read longShortRatios(Dialect d, long fromTs, long toTs, String baseCoin, int limit) {
        checkLimit(limit, MAX_ROWS);
        List<Param> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", LONG_SHORT_COLUMNS)).append(" FROM ")
                .append(d.table("long_short_ratio"));
        window(sql, d, params, fromTs, toTs);
        coin(sql, d, params, baseCoin);
        sql.append(" ORDER BY ts, exchange, symbol, source, period_ms LIMIT ").append(bind(d, params, "row_limit", Type.INT64, (long) limit));
        return new Read(sql.toString(), List.copyOf(params));
    }

    /** Upper bound of a row-level read's limit. */
    public static final int MAX_ROWS = 1_000_001;

    /** Rows per table ({@link #SOURCE_TABLES}) and source in the window. */
    public static Read sources(Dialect d, long fromTs, long toTs) {
        List<Param> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT table_name, source, n FROM (");
        for (int i = 0; i < SOURCE_TABLES.size(); i++) {
            String table = SOURCE_TABLES.get(i);
            sql.append(i == 0 ? "" : " UNION ALL ")
                    .append("SELECT '").append(table).append("' AS table_name, source, CAST(count(*) AS BIGINT) AS n FROM ")
                    .append(d.table(table));
            window(sql, d, params, fromTs, toTs);
            sql.append(" GROUP BY source");
        }
        sql.append(") ORDER BY table_name, source");
        return new Read(sql.toString(), List.copyOf(params));
    }

    static String bind(Dialect d, List<Param> params, String name, Type type, Object value) {
        params.add(new Param(name, type, value));
        return d.param(name, type);
    }
}
