package dev.cascade.store;

import dev.cascade.core.port.QueryStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Queries over the event tables of the embedded store. Liquidation totals use the portable SQL of
 * {@link PortableSql} (the same text ClickHouse runs, rendered with JDBC placeholders); the analytics reads use
 * epoch-ms integer buckets ({@code ts - ts % ?}), LIKE, and aggregates DuckDB and ClickHouse share by name
 * ({@code argMin}/{@code argMax}). Every value is a bound parameter.
 */
public final class SqlQueryStore implements QueryStore {
    private final Connection conn;

    public SqlQueryStore(Connection conn) {
        this.conn = conn;
    }

    @Override
    public List<LiquidationTotal> liquidationTotals(long fromTs, long toTs, Set<Dimension> groupBy, LiquidationFilter filter) {
        PortableSql.Query q = PortableSql.liquidationTotals(PortableSql.DUCKDB, fromTs, toTs, groupBy, filter);
        try (PreparedStatement ps = conn.prepareStatement(q.sql())) {
            for (int i = 0; i < q.params().size(); i++) {
                PortableSql.Param p = q.params().get(i);
                if (p.type() == PortableSql.Type.INT64) {
                    ps.setLong(i + 1, (Long) p.value());
                } else {
                    ps.setString(i + 1, (String) p.value());
                }
            }
            int dims = q.dimensions().size();
            List<LiquidationTotal> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long count = rs.getLong(dims + 1);
                    if (count == 0) {
                        continue; // an ungrouped total over nothing
                    }
                    List<String> values = new ArrayList<>(dims);
                    for (int i = 1; i <= dims; i++) {
                        values.add(rs.getString(i));
                    }
                    out.add(q.total(values, count, rs.getLong(dims + 2), rs.getLong(dims + 3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("liquidation totals query failed: " + e.getMessage(), e);
        }
    }

    /** Base-coin filter as a LIKE prefix on the unified symbol ("BTC-%"): a bound value, never SQL text. */
    private static String coinPattern(String baseCoin) {
        return baseCoin == null ? null : baseCoin.replace("%", "").replace("_", "") + "-%";
    }

    private static final String COIN = " AND (CAST(? AS VARCHAR) IS NULL OR symbol LIKE ?)";

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> list(String what, String sql, Binder binder, RowMapper<T> mapper) {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            binder.bind(ps);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(what + " query failed: " + e.getMessage(), e);
        }
    }

    private static void checkBucket(long bucketMs) {
        if (bucketMs <= 0) {
            throw new IllegalArgumentException("bucket must be positive, got " + bucketMs + " ms");
        }
    }

    @Override
    public List<LiquidationBucket> liquidationBuckets(long fromTs, long toTs, long bucketMs, String baseCoin) {
        checkBucket(bucketMs);
        String sql = "SELECT ts - ts % ? AS b, exchange, side, count(*), CAST(sum(notional_usd_e6) AS BIGINT), "
                + "(max(CASE WHEN completeness IN (" + PortableSql.LOWER_BOUND + ") THEN 1 ELSE 0 END) = 1) FROM liquidation WHERE ts >= ? AND ts < ?" + COIN
                + " GROUP BY b, exchange, side ORDER BY b, exchange, side";
        return list("liquidation buckets", sql, ps -> {
            ps.setLong(1, bucketMs);
            ps.setLong(2, fromTs);
            ps.setLong(3, toTs);
            bindOptional(ps, 4, coinPattern(baseCoin));
        }, rs -> new LiquidationBucket(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                rs.getBoolean(6)));
    }

    @Override
    public List<OiSample> openInterest(long fromTs, long toTs, long bucketMs, String baseCoin) {
        checkBucket(bucketMs);
        // Last sample per bucket and instrument: argMax (DuckDB and ClickHouse both spell it so) is one hash
        // aggregation; a row_number() window over the same rows sorts them and was 5-10x slower on 100M-row stores.
        String sql = "SELECT ts - ts % ? AS b, source, exchange, symbol, argMax(oi_usd_e6, ts) FROM open_interest "
                + "WHERE ts >= ? AND ts < ?" + COIN + " GROUP BY b, source, exchange, symbol ORDER BY b, exchange, symbol, source";
        return list("open interest", sql, ps -> {
            ps.setLong(1, bucketMs);
            ps.setLong(2, fromTs);
            ps.setLong(3, toTs);
            bindOptional(ps, 4, coinPattern(baseCoin));
        }, rs -> new OiSample(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
    }

    @Override
    public List<FundingSample> funding(long fromTs, long toTs, String baseCoin) {
        String sql = "SELECT ts, source, exchange, symbol, rate_e12, interval_hours FROM funding WHERE ts >= ? AND ts < ?" + COIN
                + " ORDER BY ts, exchange, symbol";
        return list("funding", sql, ps -> {
            ps.setLong(1, fromTs);
            ps.setLong(2, toTs);
            bindOptional(ps, 3, coinPattern(baseCoin));
        }, rs -> new FundingSample(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getInt(6)));
    }

    @Override
    public List<PriceBar> markPriceBars(long fromTs, long toTs, long bucketMs, String baseCoin) {
        checkBucket(bucketMs);
        String sql = "SELECT ts - ts % ? AS b, source, exchange, argMin(mark_e8, ts), max(mark_e8), min(mark_e8), argMax(mark_e8, ts), "
                + "count(*) FROM mark_price WHERE ts >= ? AND ts < ?" + COIN + " GROUP BY b, source, exchange ORDER BY b, exchange, source";
        return list("mark price", sql, ps -> {
            ps.setLong(1, bucketMs);
            ps.setLong(2, fromTs);
            ps.setLong(3, toTs);
            bindOptional(ps, 4, coinPattern(baseCoin));
        }, rs -> new PriceBar(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                rs.getLong(7), rs.getLong(8)));
    }

    @Override
    public List<LiquidationEvent> largestLiquidations(long fromTs, long toTs, String baseCoin, int limit) {
        if (limit <= 0 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be in 1..10000, got " + limit);
        }
        String sql = "SELECT ts, source, exchange, symbol, side, price_e8, qty_e8, notional_usd_e6 FROM liquidation "
                + "WHERE ts >= ? AND ts < ? AND completeness <> 'AGGREGATE'" + COIN
                + " ORDER BY notional_usd_e6 DESC, ts, event_id LIMIT ?";
        return list("largest liquidations", sql, ps -> {
            ps.setLong(1, fromTs);
            ps.setLong(2, toTs);
            bindOptional(ps, 3, coinPattern(baseCoin));
            ps.setInt(5, limit);
        }, rs -> new LiquidationEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getLong(6), rs.getLong(7), rs.getLong(8)));
    }

    @Override
    public List<VolumeTotal> tradeVolume(long fromTs, long toTs, String baseCoin) {
        String sql = "SELECT exchange, market, count(*), CAST(sum(notional_usd_e6) AS BIGINT) FROM trade WHERE ts >= ? AND ts < ?"
                + COIN + " GROUP BY exchange, market ORDER BY 4 DESC, exchange, market";
        return list("trade volume", sql, ps -> {
            ps.setLong(1, fromTs);
            ps.setLong(2, toTs);
            bindOptional(ps, 3, coinPattern(baseCoin));
        }, rs -> new VolumeTotal(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
    }

    @Override
    public List<SourceCount> sources(long fromTs, long toTs) {
        StringBuilder sql = new StringBuilder();
        for (String table : List.of("liquidation", "open_interest", "funding", "mark_price", "trade")) {
            if (sql.length() > 0) {
                sql.append(" UNION ALL ");
            }
            // Table names from this fixed list only.
            sql.append("SELECT '").append(table).append("', source, count(*) FROM ").append(table)
                    .append(" WHERE ts >= ? AND ts < ? GROUP BY source");
        }
        sql.append(" ORDER BY 1, 2");
        return list("sources", sql.toString(), ps -> {
            for (int i = 0; i < 5; i++) {
                ps.setLong(2 * i + 1, fromTs);
                ps.setLong(2 * i + 2, toTs);
            }
        }, rs -> new SourceCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
    }

    private static void bindOptional(PreparedStatement ps, int index, String value) throws SQLException {
        ps.setString(index, value);
        ps.setString(index + 1, value);
    }
}
