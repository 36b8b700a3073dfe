package dev.cascade.store;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.port.QueryStore.Dimension;
import dev.cascade.core.port.QueryStore.LiquidationFilter;
import dev.cascade.core.port.QueryStore.MarketClass;
import dev.cascade.store.PortableSql.Dialect;
import dev.cascade.store.PortableSql.Param;
import dev.cascade.store.PortableSql.Query;
import dev.cascade.store.PortableSql.Read;
import dev.cascade.store.PortableSql.Type;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The read queries of {@link PortableSql} answered from the per-minute rollups ({@link Rollups}), with the same result
 * columns, for windows whose raw trades and mark prices have expired and for long windows (a month of liquidations is
 * ~50k rollup rows instead of tens of millions of raw ones). The rows come from one relation: the rollup's whole
 * minutes inside the window, plus the raw rows of the partial minutes at its two edges shaped like rollup rows (count
 * 1; a mark price is its own open, high, low and close), so a window with raw rows gets exactly the raw query's answer
 * ({@code RollupReadsTest}). Buckets must be whole minutes ({@link #fits}).
 */
final class RollupSql {
    private RollupSql() {
    }

    private static final String LIQUIDATION_COLUMNS = "ts, source, exchange, market, symbol, side, completeness";
    private static final String TRADE_COLUMNS = "ts, source, exchange, market, symbol";
    private static final String MARK_COLUMNS = "ts, source, exchange, symbol";

    /** True when [fromTs, toTs) holds at least one whole minute and the bucket (0 for none) is whole minutes. */
    static boolean fits(long fromTs, long toTs, long bucketMs) {
        return bucketMs >= 0 && bucketMs % Rollups.MINUTE_MS == 0 && ceilMinute(fromTs) < Rollups.minuteOf(toTs);
    }

    private static long ceilMinute(long ts) {
        long m = Rollups.minuteOf(ts);
        return m < ts ? m + Rollups.MINUTE_MS : m;
    }

    /**
     * The window's rows as a subquery: the rollup's whole minutes, then the raw edges (each a plain range, so DuckDB's
     * zone maps keep them to a few row groups).
     */
    private static String relation(Dialect d, List<Param> params, Rollups.Rollup r, String rollupColumns, String rawColumns,
                                   long fromTs, long toTs) {
        long a = ceilMinute(fromTs);
        long b = Rollups.minuteOf(toTs);
        StringBuilder sql = new StringBuilder("(SELECT ").append(rollupColumns).append(" FROM ").append(r.name());
        PortableSql.window(sql, d, params, a, b);
        if (fromTs < a) {
            sql.append(" UNION ALL SELECT ").append(rawColumns).append(" FROM ").append(r.raw().name());
            PortableSql.window(sql, d, params, fromTs, a);
        }
        if (b < toTs) {
            sql.append(" UNION ALL SELECT ").append(rawColumns).append(" FROM ").append(r.raw().name());
            PortableSql.window(sql, d, params, b, toTs);
        }
        return sql.append(") w").toString();
    }

    /** The window's liquidations as rollup-shaped rows (for the dashboard's own bucket queries). */
    static String liquidationRelation(Dialect d, List<Param> params, long fromTs, long toTs) {
        return liquidations(d, params, fromTs, toTs);
    }

    private static String liquidations(Dialect d, List<Param> params, long fromTs, long toTs) {
        return relation(d, params, Rollups.LIQUIDATION, LIQUIDATION_COLUMNS + ", n, notional_usd_e6",
                LIQUIDATION_COLUMNS + ", 1 AS n, notional_usd_e6", fromTs, toTs);
    }

    private static String trades(Dialect d, List<Param> params, long fromTs, long toTs) {
        return relation(d, params, Rollups.TRADE, TRADE_COLUMNS + ", n, notional_usd_e6", TRADE_COLUMNS + ", 1 AS n, notional_usd_e6",
                fromTs, toTs);
    }

    private static String marks(Dialect d, List<Param> params, long fromTs, long toTs) {
        return relation(d, params, Rollups.MARK_PRICE, MARK_COLUMNS + ", first_ts, open_e8, high_e8, low_e8, last_ts, close_e8, n",
                MARK_COLUMNS + ", ts AS first_ts, mark_e8 AS open_e8, mark_e8 AS high_e8, mark_e8 AS low_e8, ts AS last_ts, "
                        + "mark_e8 AS close_e8, 1 AS n", fromTs, toTs);
    }

    private static final String LOWER_BOUND_FLAG = "CAST(max(CASE WHEN completeness IN (" + PortableSql.LOWER_BOUND
            + ") THEN 1 ELSE 0 END) AS INTEGER) AS lower_bound";

    /** {@link PortableSql#liquidationTotals} from the rollup. */
    static Query liquidationTotals(Dialect d, long fromTs, long toTs, Set<Dimension> groupBy, LiquidationFilter filter) {
        List<Dimension> dims = Arrays.stream(Dimension.values()).filter(groupBy::contains).toList();
        List<Param> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(PortableSql.SOURCE_CLASS).append(" AS ").append(PortableSql.SOURCE_CLASS_COLUMN)
                .append(", ");
        for (Dimension dim : dims) {
            sql.append(PortableSql.column(dim)).append(", ");
        }
        sql.append("CAST(sum(n) AS BIGINT) AS n_total, CAST(sum(notional_usd_e6) AS BIGINT) AS total_usd_e6, ").append(LOWER_BOUND_FLAG)
                .append(" FROM ").append(liquidations(d, params, fromTs, toTs)).append(" WHERE 1 = 1");
        if (filter.exchange() != null) {
            sql.append(" AND exchange = ").append(PortableSql.bind(d, params, "exchange", Type.STRING, filter.exchange()));
        }
        if (filter.baseCoin() != null) {
            sql.append(" AND ").append(d.baseCoin("symbol")).append(" = ")
                    .append(PortableSql.bind(d, params, "base_coin", Type.STRING, filter.baseCoin()));
        }
        if (filter.side() != null) {
            sql.append(" AND side = ").append(PortableSql.bind(d, params, "side", Type.STRING, filter.side()));
        }
        String cols = Stream.concat(Stream.of(PortableSql.SOURCE_CLASS_COLUMN), dims.stream().map(PortableSql::column))
                .collect(Collectors.joining(", "));
        sql.append(" GROUP BY ").append(cols).append(" ORDER BY total_usd_e6 DESC, ").append(cols);
        return new Query(sql.toString(), List.copyOf(params), dims);
    }

    /** Rows of the window in rollup shape, their parameters bound into {@code params}. */
    @FunctionalInterface
    private interface Rows {
        String relation(Dialect d, List<Param> params, long fromTs, long toTs);
    }

    /** For reads without buckets. */
    private static final long NO_BUCKET = -1;

    /** "SELECT [bucket, ]columns FROM rows WHERE [coin] tail": the shape of every grouped rollup read. */
    private static Read grouped(Dialect d, long bucketMs, String columns, Rows rows, long fromTs, long toTs, String baseCoin, String tail) {
        List<Param> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ");
        if (bucketMs != NO_BUCKET) {
            sql.append(PortableSql.bucket(d, params, bucketMs)).append(", ");
        }
        sql.append(columns).append(" FROM ").append(rows.relation(d, params, fromTs, toTs)).append(" WHERE 1 = 1");
        PortableSql.coin(sql, d, params, baseCoin);
        return new Read(sql.append(tail).toString(), List.copyOf(params));
    }

    /** {@link PortableSql#liquidationBuckets} from the rollup. */
    static Read liquidationBuckets(Dialect d, long fromTs, long toTs, long bucketMs, String baseCoin) {
        return grouped(d, bucketMs, "exchange, side, CAST(sum(n) AS BIGINT) AS n_total, CAST(sum(notional_usd_e6) AS BIGINT) AS total_usd_e6, "
                + LOWER_BOUND_FLAG, RollupSql::liquidations, fromTs, toTs, baseCoin,
                " GROUP BY bucket_ts, exchange, side ORDER BY bucket_ts, exchange, side");
    }

    /**
     * A lower bound of the {@code limit}-th largest notional among the liquidations {@link PortableSql#largestLiquidations}
     * reads (aggregate buckets excluded, the coin filter applied): the {@code limit}-th largest of the maxima of the
     * relation's rows (each rollup row's largest liquidation, each raw edge row its own). Those rows split the window's
     * liquidations into disjoint groups, partial rows of a minute not compacted yet included, so their {@code limit}
     * largest maxima are {@code limit} distinct liquidations of at least the bound: the {@code limit}-th largest
     * liquidation is at least the bound, and so is every row of the answer, which a read of rows {@code >=} the bound
     * therefore keeps, ties and all. One row, or none when the window has fewer groups than {@code limit}. Exact only
     * while the rollup sums exactly the raw rows, which holds for liquidations: their raw rows never expire.
     */
    static Read largestBound(Dialect d, long fromTs, long toTs, String baseCoin, int limit) {
        List<Param> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT top_usd_e6 FROM ").append(relation(d, params, Rollups.LIQUIDATION,
                "symbol, completeness, max_notional_usd_e6 AS top_usd_e6", "symbol, completeness, notional_usd_e6 AS top_usd_e6", fromTs, toTs))
                .append(" WHERE completeness <> '").append(Completeness.AGGREGATE.name()).append("'");
        PortableSql.coin(sql, d, params, baseCoin);
        sql.append(" ORDER BY top_usd_e6 DESC LIMIT 1 OFFSET ").append(PortableSql.bind(d, params, "bound_offset", Type.INT64, (long) limit - 1));
        return new Read(sql.toString(), List.copyOf(params));
    }

    /** {@link PortableSql#markPriceBars} from the rollup: open and close are the earliest and latest samples' prices. */
    static Read markPriceBars(Dialect d, long fromTs, long toTs, long bucketMs, String baseCoin) {
        return grouped(d, bucketMs, "source, exchange, CAST(argMin(open_e8, first_ts) AS BIGINT) AS bar_open, "
                + "CAST(max(high_e8) AS BIGINT) AS bar_high, CAST(min(low_e8) AS BIGINT) AS bar_low, "
                + "CAST(argMax(close_e8, last_ts) AS BIGINT) AS bar_close, CAST(sum(n) AS BIGINT) AS n_total", RollupSql::marks,
                fromTs, toTs, baseCoin, " GROUP BY bucket_ts, source, exchange ORDER BY bucket_ts, exchange, source");
    }

    /** {@link PortableSql#tradeVolume} from the rollup. */
    static Read tradeVolume(Dialect d, long fromTs, long toTs, String baseCoin) {
        return grouped(d, NO_BUCKET, "exchange, market, CAST(sum(n) AS BIGINT) AS n_total, CAST(sum(notional_usd_e6) AS BIGINT) AS total_usd_e6",
                RollupSql::trades, fromTs, toTs, baseCoin, " GROUP BY exchange, market ORDER BY total_usd_e6 DESC, exchange, market");
    }

    /** {@link PortableSql#volumeBuckets} from the rollup. */
    static Read volumeBuckets(Dialect d, long fromTs, long toTs, long bucketMs, String baseCoin) {
        return grouped(d, bucketMs, "exchange, CASE WHEN market = '" + MarketType.SPOT.name() + "' THEN '" + MarketClass.SPOT.name()
                + "' ELSE '" + MarketClass.DERIVATIVE.name() + "' END AS market_class, CAST(sum(n) AS BIGINT) AS n_total, "
                + "CAST(sum(notional_usd_e6) AS BIGINT) AS total_usd_e6", RollupSql::trades, fromTs, toTs, baseCoin,
                " GROUP BY bucket_ts, exchange, market_class ORDER BY bucket_ts, exchange, market_class");
    }

    /**
     * {@link PortableSql#sources}: liquidations, trades and mark prices counted from their rollups, the other tables
     * (never expired, and small) from their rows.
     */
    static Read sources(Dialect d, long fromTs, long toTs) {
        List<Param> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT table_name, source, n FROM (");
        for (int i = 0; i < PortableSql.SOURCE_TABLES.size(); i++) {
            String table = PortableSql.SOURCE_TABLES.get(i);
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT '").append(table).append("' AS table_name, source, ");
            switch (table) {
                case "liquidation" -> sql.append("CAST(sum(n) AS BIGINT) AS n FROM ").append(liquidations(d, params, fromTs, toTs));
                case "trade" -> sql.append("CAST(sum(n) AS BIGINT) AS n FROM ").append(trades(d, params, fromTs, toTs));
                case "mark_price" -> sql.append("CAST(sum(n) AS BIGINT) AS n FROM ").append(marks(d, params, fromTs, toTs));
                default -> {
                    sql.append("CAST(count(*) AS BIGINT) AS n FROM ").append(d.table(table));
                    PortableSql.window(sql, d, params, fromTs, toTs);
                }
            }
            sql.append(" GROUP BY source");
        }
        sql.append(") ORDER BY table_name, source");
        return new Read(sql.toString(), List.copyOf(params));
    }
}
