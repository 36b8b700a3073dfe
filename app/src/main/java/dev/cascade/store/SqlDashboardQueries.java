package dev.cascade.store;

import dev.cascade.core.analytics.FundingWeighting;
import dev.cascade.core.model.SourceClass;
import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.DashboardQueries;
import dev.cascade.core.port.ReadStore;

import java.io.IOException;
import java.io.UncheckedIOException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link DashboardQueries} in portable SQL (integer epoch-ms bucketing {@code ts - ts % ?}, the dialect's base-coin
 * expression and table reads): fixed statement text per filter combination, every value bound. The same class reads
 * DuckDB and, over ClickHouse's JDBC driver with {@code PortableSql}'s ClickHouse dialect, ClickHouse. DuckDB
 * connections are not for concurrent use, so requests borrow one of a few duplicated connections.
 */
public final class SqlDashboardQueries implements DashboardQueries, AutoCloseable {
    private final BlockingQueue<Connection> pool;
    private final List<Connection> all = new ArrayList<>();
    private final PortableSql.Dialect dialect;

    public SqlDashboardQueries(Supplier<Connection> connections, int poolSize) {
        this(connections, poolSize, PortableSql.DUCKDB);
    }

    public SqlDashboardQueries(Supplier<Connection> connections, int poolSize, PortableSql.Dialect dialect) {
        this.dialect = dialect;
        pool = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            Connection c = connections.get();
            all.add(c);
            pool.add(c);
        }
    }

    /** SQL text plus its values in placeholder order; filters add a clause only when they are set. */
    private final class Sql {
        final StringBuilder text = new StringBuilder();
        final List<Object> values = new ArrayList<>();

        Sql add(String sql) {
            text.append(sql);
            return this;
        }

        Sql value(Object v) {
            text.append('?');
            values.add(v);
            return this;
        }

        /** Appends another statement's text and values (values in placeholder order). */
        Sql append(Sql other) {
            text.append(other.text);
            values.addAll(other.values);
            return this;
        }

        Sql table(String name) {
            text.append(dialect.table(name));
            return this;
        }

        Sql coin(String baseCoin) {
            if (baseCoin != null) {
                add(" AND ").add(dialect.baseCoin("symbol")).add(" = ").value(baseCoin);
            }
            return this;
        }

        Sql filter(QueryStore.LiquidationFilter f) {
            if (f.exchange() != null) {
                add(" AND exchange = ").value(f.exchange());
            }
            coin(f.baseCoin());
            if (f.side() != null) {
                add(" AND side = ").value(f.side());
            }
            return this;
        }

        void bind(PreparedStatement ps) throws SQLException {
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                if (v instanceof Long l) {
                    ps.setLong(i + 1, l);
                } else if (v instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else {
                    ps.setString(i + 1, (String) v);
                }
            }
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T with(String what, Work<T> work) {
        Connection c;
        try {
            c = pool.poll(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(what + ": interrupted waiting for a connection", e);
        }
        if (c == null) {
            throw new StoreException(what + ": no free store connection within 30 s", null);
        }
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(what + " query failed: " + e.getMessage(), e);
        } finally {
            pool.add(c);
        }
    }

    private <T> List<T> list(String what, String sql, Jdbc.Binder binder, Jdbc.RowMapper<T> mapper) {
        return with(what, c -> Jdbc.list(c, what, sql, binder, mapper));
    }

    private <T> List<T> list(String what, Sql sql, Jdbc.RowMapper<T> mapper) {
        return list(what, sql.text.toString(), sql::bind, mapper);
    }

    /** Event-level reads for the liquidation map over this pool: each call borrows a connection for its duration. */
    @Override
    public dev.cascade.core.port.MarketHistory marketHistory() {
        return new dev.cascade.core.port.MarketHistory() {
            @Override
            public List<dev.cascade.core.model.OpenInterest> openInterestEvents(long fromTs, long toTs, String baseCoin) {
                return with("open interest events", c -> new SqlMarketHistory(c, dialect).openInterestEvents(fromTs, toTs, baseCoin));
            }

            @Override
            public List<dev.cascade.core.model.Trade> tradeEvents(long fromTs, long toTs, String baseCoin, int maxRows) {
                return with("trade events", c -> new SqlMarketHistory(c, dialect).tradeEvents(fromTs, toTs, baseCoin, maxRows));
            }

            @Override
            public List<dev.cascade.core.model.MarkPrice> markPriceEvents(long fromTs, long toTs, String baseCoin) {
                return with("mark price events", c -> new SqlMarketHistory(c, dialect).markPriceEvents(fromTs, toTs, baseCoin));
            }

            @Override
            public long latestDataTs(String baseCoin) {
                return with("latest price", c -> new SqlMarketHistory(c, dialect).latestDataTs(baseCoin));
            }
        };
    }

    /** The typed analytics queries over this pool: each call borrows a connection for its duration. */
    public QueryStore queryStore() {
        return new QueryStore() {
            @Override
            public List<LiquidationTotal> liquidationTotals(long fromTs, long toTs, java.util.Set<Dimension> groupBy, LiquidationFilter filter) {
                return with("liquidation totals", c -> new SqlQueryStore(c, dialect).liquidationTotals(fromTs, toTs, groupBy, filter));
            }

            @Override
            public List<List<LiquidationTotal>> nestedLiquidationTotals(long[] fromTs, long toTs, java.util.Set<Dimension> groupBy,
                                                                        LiquidationFilter filter) {
                return with("liquidation totals", c -> new SqlQueryStore(c, dialect).nestedLiquidationTotals(fromTs, toTs, groupBy, filter));
            }

            @Override
            public List<LiquidationBucket> liquidationBuckets(long fromTs, long toTs, long bucketMs, String baseCoin) {
                return with("liquidation buckets", c -> new SqlQueryStore(c, dialect).liquidationBuckets(fromTs, toTs, bucketMs, baseCoin));
            }

            @Override
            public List<OiSample> openInterest(long fromTs, long toTs, long bucketMs, String baseCoin) {
                return with("open interest", c -> new SqlQueryStore(c, dialect).openInterest(fromTs, toTs, bucketMs, baseCoin));
            }

            @Override
            public List<FundingSample> funding(long fromTs, long toTs, String baseCoin) {
                return with("funding", c -> new SqlQueryStore(c, dialect).funding(fromTs, toTs, baseCoin));
            }

            @Override
            public List<PriceBar> markPriceBars(long fromTs, long toTs, long bucketMs, String baseCoin) {
                return with("mark price bars", c -> new SqlQueryStore(c, dialect).markPriceBars(fromTs, toTs, bucketMs, baseCoin));
            }

            @Override
            public List<LiquidationEvent> largestLiquidations(long fromTs, long toTs, String baseCoin, int limit) {
                return with("largest liquidations", c -> new SqlQueryStore(c, dialect).largestLiquidations(fromTs, toTs, baseCoin, limit));
            }

            @Override
            public List<VolumeTotal> tradeVolume(long fromTs, long toTs, String baseCoin) {
                return with("trade volume", c -> new SqlQueryStore(c, dialect).tradeVolume(fromTs, toTs, baseCoin));
            }

            @Override
            public List<VolumeBucket> volumeBuckets(long fromTs, long toTs, long bucketMs, String baseCoin) {
                return with("volume buckets", c -> new SqlQueryStore(c, dialect).volumeBuckets(fromTs, toTs, bucketMs, baseCoin));
            }

            @Override
            public List<LongShortSample> longShortRatios(long fromTs, long toTs, String baseCoin, int maxRows) {
                return with("long/short ratios", c -> new SqlQueryStore(c, dialect).longShortRatios(fromTs, toTs, baseCoin, maxRows));
            }

            @Override
            public List<SourceCount> sources(long fromTs, long toTs) {
                return with("sources", c -> new SqlQueryStore(c, dialect).sources(fromTs, toTs));
            }
        };
    }

    @Override
    public Page liquidations(long fromTs, long toTs, QueryStore.LiquidationFilter filter, long minUsdE6, Cursor before, int limit) {
        long cts = before == null ? Long.MAX_VALUE : before.ts();
        long cid = before == null ? Long.MAX_VALUE : before.eventId();
        Sql sql = new Sql().add("SELECT event_id, ts, source, exchange, symbol, side, price_e8, qty_e8, notional_usd_e6, completeness FROM ")
                .table("liquidation").add(" WHERE ts >= ").value(fromTs).add(" AND ts < ").value(toTs)
                .add(" AND notional_usd_e6 >= ").value(minUsdE6).filter(filter)
                .add(" AND (ts < ").value(cts).add(" OR (ts = ").value(cts).add(" AND event_id < ").value(cid)
                .add(")) ORDER BY ts DESC, event_id DESC LIMIT ").value(limit + 1);
        List<LiquidationRow> rows = new ArrayList<>(list("liquidation history", sql,
                rs -> new LiquidationRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getString(10))));
        Cursor next = null;
        if (rows.size() > limit) {
            rows.remove(rows.size() - 1);
            LiquidationRow last = rows.get(rows.size() - 1);
            next = new Cursor(last.ts(), last.eventId());
        }
        return new Page(rows, next);
    }

    /** Long and short notional sums of the grouped rows, USD e6 (0 for a side with none). */
    private static final String SIDE_SUMS = "CAST(COALESCE(sum(CASE WHEN side = 'LONG' THEN notional_usd_e6 END), 0) AS BIGINT), "
            + "CAST(COALESCE(sum(CASE WHEN side = 'SHORT' THEN notional_usd_e6 END), 0) AS BIGINT)";

    /**
     * Where a liquidation bucket query reads: the rows of the window, or, for windows of 6 hours or more on the
     * embedded store, the per-minute rollup ({@link RollupSql}, the same answers from ~1,000x fewer rows). Returns
     * the expression that counts one row (1 for a raw row, {@code n} for a rollup row).
     */
    private String liquidationRows(Connection c, Sql sql, long fromTs, long toTs, long bucketMs) {
        if (dialect == PortableSql.DUCKDB && toTs - fromTs >= SqlQueryStore.LONG_WINDOW_MS && RollupSql.fits(fromTs, toTs, bucketMs)
                && SqlQueryStore.hasRollups(c)) {
            List<PortableSql.Param> params = new ArrayList<>();
            sql.add(RollupSql.liquidationRelation(dialect, params, fromTs, toTs)).add(" WHERE 1 = 1");
            params.forEach(p -> sql.values.add(p.value()));
            return "n";
        }
        sql.table("liquidation").add(" WHERE ts >= ").value(fromTs).add(" AND ts < ").value(toTs);
        return "1";
    }

    /** Rows of one side: raw rows are counted (the statement as before rollups), rollup rows summed by their count. */
    private static String sideCount(String side, String one) {
        return one.equals("1") ? "CAST(count(CASE WHEN side = '" + side + "' THEN 1 END) AS BIGINT)"
                : "CAST(COALESCE(sum(CASE WHEN side = '" + side + "' THEN " + one + " END), 0) AS BIGINT)";
    }

    @Override
    public List<SideBucket> liquidationBuckets(long fromTs, long toTs, long bucketMs, QueryStore.LiquidationFilter filter) {
        return with("liquidation buckets", c -> {
            Sql from = new Sql();
            String one = liquidationRows(c, from, fromTs, toTs, bucketMs);
            Sql sql = new Sql().add("SELECT ts - ts % ").value(bucketMs).add(" AS b, " + PortableSql.SOURCE_CLASS + " AS c, " + SIDE_SUMS + ", "
                    + sideCount("LONG", one) + ", " + sideCount("SHORT", one) + " FROM ").append(from).filter(filter)
                    .add(" GROUP BY b, c ORDER BY b, c");
            return Jdbc.list(c, "liquidation buckets", sql.text.toString(), sql::bind, rs -> new SideBucket(rs.getLong(1),
                    SourceClass.valueOf(rs.getString(2)), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)));
        });
    }

    @Override
    public List<ExchangeBucket> liquidationBucketsByExchange(long fromTs, long toTs, long bucketMs, QueryStore.LiquidationFilter filter) {
        return with("liquidation buckets by exchange", c -> {
            Sql from = new Sql();
            String one = liquidationRows(c, from, fromTs, toTs, bucketMs);
            Sql sql = new Sql().add("SELECT ts - ts % ").value(bucketMs).add(" AS b, exchange, " + PortableSql.SOURCE_CLASS + " AS c, " + SIDE_SUMS
                    + ", CAST(" + (one.equals("1") ? "count(*)" : "sum(n)") + " AS BIGINT) FROM ").append(from).filter(filter).add(" GROUP BY b, exchange, c ORDER BY b, exchange, c");
            return Jdbc.list(c, "liquidation buckets by exchange", sql.text.toString(), sql::bind, rs -> new ExchangeBucket(rs.getLong(1),
                    rs.getString(2), SourceClass.valueOf(rs.getString(3)), rs.getLong(4), rs.getLong(5), rs.getLong(6)));
        });
    }

    /** The last sample per (bucket, feed, symbol) of {@code table}'s {@code column}, as rows (source, symbol, bucket, value). */
    private Sql lastPerBucket(String table, String column, String outer, long fromTs, long toTs, long bucketMs, String baseCoin) {
        // Portable without arg_max: the bucket's latest time per (feed, symbol), joined back to its rows.
        return new Sql().add("WITH o AS (SELECT ts - ts % ").value(bucketMs).add(" AS b, source, symbol, ts, " + column + " AS v FROM ")
                .table(table).add(" WHERE ts >= ").value(fromTs).add(" AND ts < ").value(toTs).coin(baseCoin)
                .add("), l AS (SELECT b, source, symbol, max(ts) AS mts FROM o GROUP BY b, source, symbol) " + outer
                        + " FROM o JOIN l ON o.b = l.b AND o.source = l.source AND o.symbol = l.symbol AND o.ts = l.mts");
    }

    @Override
    public List<Series<UsdPoint>> openInterestByFeed(long fromTs, long toTs, long bucketMs, String baseCoin) {
        Sql sql = lastPerBucket("open_interest", "oi_usd_e6", "SELECT o.source, o.b, CAST(sum(o.v) AS BIGINT)", fromTs, toTs,
                bucketMs, baseCoin).add(" GROUP BY o.source, o.b ORDER BY o.source, o.b");
        Map<String, List<UsdPoint>> bySource = new LinkedHashMap<>();
        for (Object[] r : list("open interest", sql, rs -> new Object[]{rs.getString(1), new UsdPoint(rs.getLong(2), rs.getLong(3))})) {
            bySource.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add((UsdPoint) r[1]);
        }
        List<Series<UsdPoint>> out = new ArrayList<>();
        bySource.forEach((src, pts) -> out.add(new Series<>(src, null, pts)));
        return out;
    }

    @Override
    public List<Series<RatePoint>> funding(long fromTs, long toTs, long bucketMs, String baseCoin) {
        Sql sql = lastPerBucket("funding", "rate_e12", "SELECT o.source, o.symbol, o.b, CAST(max(o.v) AS BIGINT)", fromTs, toTs,
                bucketMs, baseCoin).add(" GROUP BY o.source, o.symbol, o.b ORDER BY o.source, o.symbol, o.b");
        Map<String, Series<RatePoint>> out = new LinkedHashMap<>();
        for (Object[] r : list("funding", sql,
                rs -> new Object[]{rs.getString(1), rs.getString(2), new RatePoint(rs.getLong(3), rs.getLong(4))})) {
            out.computeIfAbsent(r[0] + "|" + r[1], k -> new Series<>((String) r[0], (String) r[1], new ArrayList<>())).points()
                    .add((RatePoint) r[2]);
        }
        return new ArrayList<>(out.values());
    }

    @Override
    public List<FundingSeries> fundingObservations(long fromTs, long toTs, String baseCoin, int limit) {
        Sql sql = new Sql().add("SELECT source, exchange, symbol, ts, rate_e12, interval_hours FROM ").table("funding")
                .add(" WHERE ts >= ").value(fromTs).add(" AND ts < ").value(toTs).coin(baseCoin)
                .add(" ORDER BY source, exchange, symbol, ts, rate_e12, interval_hours LIMIT ").value(limit);
        Map<String, FundingSeries> out = new LinkedHashMap<>();
        for (Object[] r : list("funding observations", sql, rs -> new Object[]{rs.getString(1), rs.getString(2), rs.getString(3),
                new FundingObservation(rs.getLong(4), rs.getLong(5), rs.getInt(6), FundingWeighting.per8h(rs.getLong(5), rs.getInt(6)))})) {
            out.computeIfAbsent(r[0] + "|" + r[1] + "|" + r[2], k -> new FundingSeries((String) r[0], (String) r[1], (String) r[2], new ArrayList<>()))
                    .points().add((FundingObservation) r[3]);
        }
        return new ArrayList<>(out.values());
    }

    @Override
    public List<PriceBucket> liquidationsByPrice(long fromTs, long toTs, String baseCoin, long bucketE8) {
        Sql sql = new Sql().add("SELECT price_e8 - price_e8 % ").value(bucketE8).add(" AS p, " + SIDE_SUMS + ", CAST(count(*) AS BIGINT) FROM ")
                .table("liquidation").add(" WHERE ts >= ").value(fromTs).add(" AND ts < ").value(toTs).add(" AND price_e8 > 0")
                .coin(baseCoin).add(" GROUP BY p ORDER BY p");
        return list("liquidations by price", sql, rs -> new PriceBucket(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
    }

    @Override
    public List<HeatCell> liquidationHeatmap(long fromTs, long toTs, String baseCoin, long timeBucketMs, long priceBucketE8, int limit) {
        Sql sql = new Sql().add("SELECT ts - ts % ").value(timeBucketMs).add(" AS b, price_e8 - price_e8 % ").value(priceBucketE8)
                .add(" AS p, " + SIDE_SUMS + ", CAST(count(*) AS BIGINT) FROM ").table("liquidation")
                .add(" WHERE ts >= ").value(fromTs).add(" AND ts < ").value(toTs).add(" AND price_e8 > 0").coin(baseCoin)
                .add(" GROUP BY b, p ORDER BY b, p LIMIT ").value(limit);
        return list("liquidation heatmap", sql, rs -> new HeatCell(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
    }

    @Override
    public PriceRange pricedLiquidations(long fromTs, long toTs, String baseCoin) {
        // With the count, since min()/max() over no rows are NULL on DuckDB and 0 on ClickHouse.
        Sql sql = new Sql().add("SELECT CAST(min(price_e8) AS BIGINT), CAST(max(price_e8) AS BIGINT), CAST(count(*) AS BIGINT), "
                        + "CAST(max(ts) AS BIGINT) FROM ").table("liquidation")
                .add(" WHERE ts >= ").value(fromTs).add(" AND ts < ").value(toTs).add(" AND price_e8 > 0").coin(baseCoin);
        return list("priced liquidations", sql, rs -> rs.getLong(3) == 0 ? new PriceRange(0, 0, 0, -1)
                : new PriceRange(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).get(0);
    }

    @Override
    public List<Gap> gaps(long fromTs, long toTs, int limit) {
        Sql sql = new Sql().add("SELECT source, ts, to_ts, reason FROM ").table("feed_gap").add(" WHERE to_ts >= ").value(fromTs)
                .add(" AND ts < ").value(toTs).add(" ORDER BY ts DESC, event_id DESC LIMIT ").value(limit);
        return list("feed gaps", sql, rs -> new Gap(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4)));
    }

    @Override
    public long latestTs(Table table) {
        // Table name from the enum, never from a caller's string.
        String name = switch (table) {
            case LIQUIDATION -> Schema.LIQUIDATION.name();
            case OPEN_INTEREST -> Schema.OPEN_INTEREST.name();
            case FUNDING -> Schema.FUNDING.name();
        };
        // With the count, since max() over no rows is NULL on DuckDB and 0 on ClickHouse.
        return with("latest " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT CAST(max(ts) AS BIGINT), CAST(count(*) AS BIGINT) FROM "
                    + dialect.table(name)); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(2) == 0 ? -1 : rs.getLong(1);
            }
        });
    }

    /**
     * Streams one table's rows in the window to {@code sink} (see {@link ReadStore#export}); the table name is looked
     * up in {@link Schema#ALL}, so no caller's string reaches the SQL. Holds one connection for the export's duration.
     */
    public long export(String tableName, long fromTs, long toTs, ReadStore.RowSink sink) throws IOException {
        Schema.Table table = Schema.ALL.stream().filter(t -> t.name().equals(tableName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table '" + tableName + "'"));
        List<Schema.Column> columns = table.columnList();
        PortableSql.Read q = PortableSql.tableRows(dialect, table, fromTs, toTs);
        sink.columns(columns.stream().map(Schema.Column::name).toList());
        try {
            return with("export of " + tableName, c -> {
                try (PreparedStatement ps = c.prepareStatement(q.sql())) {
                    SqlQueryStore.bind(ps, q.params());
                    long n = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        Object[] values = new Object[columns.size()];
                        while (rs.next()) {
                            for (int i = 0; i < values.length; i++) {
                                values[i] = switch (columns.get(i).type()) {
                                    case "BIGINT" -> rs.getLong(i + 1);
                                    case "INTEGER" -> rs.getInt(i + 1);
                                    case "BOOLEAN" -> rs.getBoolean(i + 1);
                                    default -> rs.getString(i + 1);
                                };
                            }
                            sink.row(values);
                            n++;
                        }
                    }
                    return n;
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // the writer failed, not the store: handed back as itself below
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() {
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing a duplicate of a database being shut down: nothing to save
            }
        }
    }
}
