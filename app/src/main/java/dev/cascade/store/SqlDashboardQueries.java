package dev.cascade.store;

import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.DashboardQueries;

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
 * {@link DashboardQueries} in portable SQL (integer epoch-ms bucketing {@code ts - ts % ?}, no dialect functions but
 * split_part): fixed statement text, every value bound. DuckDB connections are not for concurrent use, so requests
 * borrow one of a few duplicated connections.
 */
public final class SqlDashboardQueries implements DashboardQueries, AutoCloseable {
    private static final String FILTERS = " AND (CAST(? AS VARCHAR) IS NULL OR exchange = ?)"
            + " AND (CAST(? AS VARCHAR) IS NULL OR split_part(symbol, '-', 1) = ?)"
            + " AND (CAST(? AS VARCHAR) IS NULL OR side = ?)";
    private static final String COIN = " AND (CAST(? AS VARCHAR) IS NULL OR split_part(symbol, '-', 1) = ?)";

    private final BlockingQueue<Connection> pool;
    private final List<Connection> all = new ArrayList<>();

    public SqlDashboardQueries(Supplier<Connection> connections, int poolSize) {
        pool = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            Connection c = connections.get();
            all.add(c);
            pool.add(c);
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

    /** Binds a window, then the nullable coin twice (the "? IS NULL OR ... = ?" filter). */
    private static Jdbc.Binder windowAndCoin(long first, long fromTs, long toTs, String baseCoin) {
        return ps -> {
            ps.setLong(1, first);
            ps.setLong(2, fromTs);
            ps.setLong(3, toTs);
            ps.setString(4, baseCoin);
            ps.setString(5, baseCoin);
        };
    }

    private static int bindFilter(PreparedStatement ps, int i, QueryStore.LiquidationFilter f) throws SQLException {
        for (String v : new String[]{f.exchange(), f.baseCoin(), f.side()}) {
            ps.setString(i++, v);
            ps.setString(i++, v);
        }
        return i;
    }

    /** Event-level reads for the liquidation map over this pool: each call borrows a connection for its duration. */
    @Override
    public dev.cascade.core.port.MarketHistory marketHistory() {
        return new dev.cascade.core.port.MarketHistory() {
            @Override
            public List<dev.cascade.core.model.OpenInterest> openInterestEvents(long fromTs, long toTs, String baseCoin) {
                return with("open interest events", c -> new SqlMarketHistory(c).openInterestEvents(fromTs, toTs, baseCoin));
            }

            @Override
            public List<dev.cascade.core.model.Trade> tradeEvents(long fromTs, long toTs, String baseCoin, int maxRows) {
                return with("trade events", c -> new SqlMarketHistory(c).tradeEvents(fromTs, toTs, baseCoin, maxRows));
            }

            @Override
            public List<dev.cascade.core.model.MarkPrice> markPriceEvents(long fromTs, long toTs, String baseCoin) {
                return with("mark price events", c -> new SqlMarketHistory(c).markPriceEvents(fromTs, toTs, baseCoin));
            }

            @Override
            public long latestDataTs(String baseCoin) {
                return with("latest price", c -> new SqlMarketHistory(c).latestDataTs(baseCoin));
            }
        };
    }

    /** The typed analytics queries over this pool: each call borrows a connection for its duration. */
    public QueryStore queryStore() {
        return new QueryStore() {
            @Override
            public List<LiquidationTotal> liquidationTotals(long fromTs, long toTs, java.util.Set<Dimension> groupBy, LiquidationFilter filter) {
                return with("liquidation totals", c -> new SqlQueryStore(c).liquidationTotals(fromTs, toTs, groupBy, filter));
            }

            @Override
            public List<LiquidationBucket> liquidationBuckets(long fromTs, long toTs, long bucketMs, String baseCoin) {
                return with("liquidation buckets", c -> new SqlQueryStore(c).liquidationBuckets(fromTs, toTs, bucketMs, baseCoin));
            }

            @Override
            public List<OiSample> openInterest(long fromTs, long toTs, long bucketMs, String baseCoin) {
                return with("open interest", c -> new SqlQueryStore(c).openInterest(fromTs, toTs, bucketMs, baseCoin));
            }

            @Override
            public List<FundingSample> funding(long fromTs, long toTs, String baseCoin) {
                return with("funding", c -> new SqlQueryStore(c).funding(fromTs, toTs, baseCoin));
            }

            @Override
            public List<PriceBar> markPriceBars(long fromTs, long toTs, long bucketMs, String baseCoin) {
                return with("mark price bars", c -> new SqlQueryStore(c).markPriceBars(fromTs, toTs, bucketMs, baseCoin));
            }

            @Override
            public List<LiquidationEvent> largestLiquidations(long fromTs, long toTs, String baseCoin, int limit) {
                return with("largest liquidations", c -> new SqlQueryStore(c).largestLiquidations(fromTs, toTs, baseCoin, limit));
            }

            @Override
            public List<VolumeTotal> tradeVolume(long fromTs, long toTs, String baseCoin) {
                return with("trade volume", c -> new SqlQueryStore(c).tradeVolume(fromTs, toTs, baseCoin));
            }

            @Override
            public List<SourceCount> sources(long fromTs, long toTs) {
                return with("sources", c -> new SqlQueryStore(c).sources(fromTs, toTs));
            }
        };
    }

    @Override
    public Page liquidations(long fromTs, long toTs, QueryStore.LiquidationFilter filter, long minUsdE6, Cursor before, int limit) {
        String sql = "SELECT event_id, ts, source, exchange, symbol, side, price_e8, qty_e8, notional_usd_e6, completeness "
                + "FROM liquidation WHERE ts >= ? AND ts < ? AND notional_usd_e6 >= ?" + FILTERS
                + " AND (ts < ? OR (ts = ? AND event_id < ?)) ORDER BY ts DESC, event_id DESC LIMIT ?";
        List<LiquidationRow> rows = new ArrayList<>(list("liquidation history", sql, ps -> {
            int i = bindFilter(ps, 4, filter);
            ps.setLong(1, fromTs);
            ps.setLong(2, toTs);
            ps.setLong(3, minUsdE6);
            long cts = before == null ? Long.MAX_VALUE : before.ts();
            long cid = before == null ? Long.MAX_VALUE : before.eventId();
            ps.setLong(i++, cts);
            ps.setLong(i++, cts);
            ps.setLong(i++, cid);
            ps.setInt(i, limit + 1);
        }, rs -> new LiquidationRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getString(10))));
        Cursor next = null;
        if (rows.size() > limit) {
            rows.remove(rows.size() - 1);
            LiquidationRow last = rows.get(rows.size() - 1);
            next = new Cursor(last.ts(), last.eventId());
        }
        return new Page(rows, next);
    }

    @Override
    public List<SideBucket> liquidationBuckets(long fromTs, long toTs, long bucketMs, QueryStore.LiquidationFilter filter) {
        String sql = "SELECT ts - ts % ? AS b, "
                + "CAST(COALESCE(sum(CASE WHEN side = 'LONG' THEN notional_usd_e6 END), 0) AS BIGINT), "
                + "CAST(COALESCE(sum(CASE WHEN side = 'SHORT' THEN notional_usd_e6 END), 0) AS BIGINT), "
                + "count(CASE WHEN side = 'LONG' THEN 1 END), count(CASE WHEN side = 'SHORT' THEN 1 END) "
                + "FROM liquidation WHERE ts >= ? AND ts < ?" + FILTERS + " GROUP BY b ORDER BY b";
        return list("liquidation buckets", sql, ps -> {
            ps.setLong(1, bucketMs);
            ps.setLong(2, fromTs);
            ps.setLong(3, toTs);
            bindFilter(ps, 4, filter);
        }, rs -> new SideBucket(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
    }

    @Override
    public List<Series> openInterestByFeed(long fromTs, long toTs, long bucketMs, String baseCoin) {
        // Last sample per (bucket, feed, symbol), then summed per (bucket, feed): portable without arg_max.
        String sql = "WITH o AS (SELECT ts - ts % ? AS b, source, symbol, ts, oi_usd_e6 FROM open_interest "
                + "WHERE ts >= ? AND ts < ?" + COIN + "), "
                + "l AS (SELECT b, source, symbol, max(ts) AS mts FROM o GROUP BY b, source, symbol) "
                + "SELECT o.source, o.b, CAST(sum(o.oi_usd_e6) AS BIGINT) FROM o JOIN l ON o.b = l.b AND o.source = l.source "
                + "AND o.symbol = l.symbol AND o.ts = l.mts GROUP BY o.source, o.b ORDER BY o.source, o.b";
        Map<String, List<Point>> bySource = new LinkedHashMap<>();
        for (Object[] r : list("open interest", sql, windowAndCoin(bucketMs, fromTs, toTs, baseCoin),
                rs -> new Object[]{rs.getString(1), new Point(rs.getLong(2), rs.getLong(3))})) {
            bySource.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add((Point) r[1]);
        }
        List<Series> out = new ArrayList<>();
        bySource.forEach((src, pts) -> out.add(new Series(src, null, pts)));
        return out;
    }

    @Override
    public List<Series> funding(long fromTs, long toTs, long bucketMs, String baseCoin) {
        String sql = "WITH f AS (SELECT ts - ts % ? AS b, source, symbol, ts, rate_e12 FROM funding WHERE ts >= ? AND ts < ?" + COIN + "), "
                + "l AS (SELECT b, source, symbol, max(ts) AS mts FROM f GROUP BY b, source, symbol) "
                + "SELECT f.source, f.symbol, f.b, max(f.rate_e12) FROM f JOIN l ON f.b = l.b AND f.source = l.source "
                + "AND f.symbol = l.symbol AND f.ts = l.mts GROUP BY f.source, f.symbol, f.b ORDER BY f.source, f.symbol, f.b";
        Map<String, Series> out = new LinkedHashMap<>();
        for (Object[] r : list("funding", sql, windowAndCoin(bucketMs, fromTs, toTs, baseCoin),
                rs -> new Object[]{rs.getString(1), rs.getString(2), new Point(rs.getLong(3), rs.getLong(4))})) {
            out.computeIfAbsent(r[0] + "|" + r[1], k -> new Series((String) r[0], (String) r[1], new ArrayList<>())).points().add((Point) r[2]);
        }
        return new ArrayList<>(out.values());
    }

    @Override
    public List<PriceBucket> liquidationsByPrice(long fromTs, long toTs, String baseCoin, long bucketE8) {
        String sql = "SELECT price_e8 - price_e8 % ? AS p, "
                + "CAST(COALESCE(sum(CASE WHEN side = 'LONG' THEN notional_usd_e6 END), 0) AS BIGINT), "
                + "CAST(COALESCE(sum(CASE WHEN side = 'SHORT' THEN notional_usd_e6 END), 0) AS BIGINT), count(*) "
                + "FROM liquidation WHERE ts >= ? AND ts < ? AND price_e8 > 0" + COIN + " GROUP BY p ORDER BY p";
        return list("liquidations by price", sql, windowAndCoin(bucketE8, fromTs, toTs, baseCoin),
                rs -> new PriceBucket(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
    }

    @Override
    public List<HeatCell> liquidationHeatmap(long fromTs, long toTs, String baseCoin, long timeBucketMs, long priceBucketE8) {
        String sql = "SELECT ts - ts % ? AS b, price_e8 - price_e8 % ? AS p, CAST(sum(notional_usd_e6) AS BIGINT) "
                + "FROM liquidation WHERE ts >= ? AND ts < ? AND price_e8 > 0" + COIN + " GROUP BY b, p ORDER BY b, p";
        return list("liquidation heatmap", sql, ps -> {
            ps.setLong(1, timeBucketMs);
            ps.setLong(2, priceBucketE8);
            ps.setLong(3, fromTs);
            ps.setLong(4, toTs);
            ps.setString(5, baseCoin);
            ps.setString(6, baseCoin);
        }, rs -> new HeatCell(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
    }

    @Override
    public List<Gap> gaps(long fromTs, long toTs, int limit) {
        return list("feed gaps", "SELECT source, ts, to_ts, reason FROM feed_gap WHERE to_ts >= ? AND ts < ? ORDER BY ts DESC LIMIT ?",
                ps -> {
                    ps.setLong(1, fromTs);
                    ps.setLong(2, toTs);
                    ps.setInt(3, limit);
                }, rs -> new Gap(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4)));
    }

    @Override
    public long latestTs(Table table) {
        // Table name from the enum, never from a caller's string.
        String name = switch (table) {
            case LIQUIDATION -> Schema.LIQUIDATION.name();
            case OPEN_INTEREST -> Schema.OPEN_INTEREST.name();
            case FUNDING -> Schema.FUNDING.name();
        };
        return with("latest " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT max(ts) FROM " + name);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? -1 : v;
            }
        });
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
