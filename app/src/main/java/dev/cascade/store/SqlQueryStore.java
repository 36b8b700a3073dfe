package dev.cascade.store;

import dev.cascade.core.port.QueryStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Queries over the event tables of a store reached over JDBC: DuckDB, or ClickHouse through its JDBC driver. Every
 * query is the portable SQL of {@link PortableSql} rendered in the connection's dialect with JDBC placeholders; every
 * value is a bound parameter.
 */
public final class SqlQueryStore implements QueryStore {
    private final Connection conn;
    private final PortableSql.Dialect d;

    public SqlQueryStore(Connection conn) {
        this(conn, PortableSql.DUCKDB);
    }

    public SqlQueryStore(Connection conn, PortableSql.Dialect dialect) {
        this.conn = conn;
        this.d = dialect;
    }

    /**
     * True when a read of {@code rollup}'s table should come from the per-minute rollup: the embedded store has
     * rollups, the window holds a whole minute and the bucket is whole minutes, and the window is long or reaches
     * before the time raw rows of the table may have expired. Either way the answer is the same where raw rows exist
     * (the rollups are exact); the rollup is faster, and the only answer where raw rows are gone.
     */
    private boolean fromRollup(long fromTs, long toTs, long bucketMs, Rollups.Rollup... rollups) {
        if (d != PortableSql.DUCKDB || !RollupSql.fits(fromTs, toTs, bucketMs) || !hasRollups()) {
            return false;
        }
        if (toTs - fromTs >= LONG_WINDOW_MS) {
            return true;
        }
        try {
            for (Rollups.Rollup r : rollups) {
                if (fromTs < Retention.rawFrom(conn, r.raw().name())) {
                    return true;
                }
            }
            return false;
        } catch (SQLException e) {
            throw new StoreException("cannot read the store's retention state: " + e.getMessage(), e);
        }
    }

    /** Windows at least this long are read from the rollups. */
    static final long LONG_WINDOW_MS = 6 * 3_600_000L;

    private boolean hasRollups() {
        return hasRollups(conn);
    }

    /** True when the store behind {@code conn} keeps per-minute rollups (an embedded store written by this version). */
    static boolean hasRollups(Connection conn) {
        try {
            return DuckDbStore.plainTablesExist(conn, Rollups.ALL.stream().map(Rollups.Rollup::name).toList());
        } catch (SQLException e) {
            throw new StoreException("cannot read the store's tables: " + e.getMessage(), e);
        }
    }

    @Override
    public List<LiquidationTotal> liquidationTotals(long fromTs, long toTs, Set<Dimension> groupBy, LiquidationFilter filter) {
        PortableSql.Query q = fromRollup(fromTs, toTs, 0, Rollups.LIQUIDATION)
                ? RollupSql.liquidationTotals(d, fromTs, toTs, groupBy, filter)
                : PortableSql.liquidationTotals(d, fromTs, toTs, groupBy, filter);
        try (PreparedStatement ps = conn.prepareStatement(q.sql())) {
            bind(ps, q.params());
            int dims = q.dimensions().size(); // result: source_class, the dimensions, n, total_usd_e6, lower_bound
            List<LiquidationTotal> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> values = new ArrayList<>(dims);
                    for (int i = 2; i <= dims + 1; i++) {
                        values.add(rs.getString(i));
                    }
                    out.add(q.total(rs.getString(1), values, rs.getLong(dims + 2), rs.getLong(dims + 3), rs.getLong(dims + 4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("liquidation totals query failed: " + e.getMessage(), e);
        }
    }

    /** One scan for all the windows: each row counts in the window it first lies in and in every longer one. */
    @Override
    public List<List<LiquidationTotal>> nestedLiquidationTotals(long[] fromTs, long toTs, Set<Dimension> groupBy, LiquidationFilter filter) {
        PortableSql.Query q = PortableSql.nestedLiquidationTotals(d, fromTs, toTs, groupBy, filter);
        // Per window: the rows (source class and dimension values) summed over the windows that hold them.
        List<Map<List<String>, LiquidationTotal>> windows = new ArrayList<>();
        for (int i = 0; i < fromTs.length; i++) {
            windows.add(new LinkedHashMap<>());
        }
        try (PreparedStatement ps = conn.prepareStatement(q.sql())) {
            bind(ps, q.params());
            int dims = q.dimensions().size(); // result: window_index, source_class, the dimensions, n, total_usd_e6, lower_bound
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> key = new ArrayList<>(dims + 1);
                    for (int i = 2; i <= dims + 2; i++) {
                        key.add(rs.getString(i));
                    }
                    LiquidationTotal row = q.total(key.get(0), key.subList(1, key.size()), rs.getLong(dims + 3), rs.getLong(dims + 4),
                            rs.getLong(dims + 5));
                    for (int w = rs.getInt(1); w < fromTs.length; w++) {
                        windows.get(w).merge(key, row, SqlQueryStore::sum);
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("liquidation totals query failed: " + e.getMessage(), e);
        }
        // The order liquidationTotals answers in: largest first, then by source class and dimension values.
        Comparator<LiquidationTotal> order = Comparator.comparingLong(LiquidationTotal::notionalUsd).reversed()
                .thenComparing(t -> t.sourceClass().name())
                .thenComparing(LiquidationTotal::exchange, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(LiquidationTotal::symbol, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(LiquidationTotal::side, Comparator.nullsFirst(Comparator.naturalOrder()));
        return windows.stream().map(w -> w.values().stream().sorted(order).toList()).toList();
    }

    private static LiquidationTotal sum(LiquidationTotal a, LiquidationTotal b) {
        return new LiquidationTotal(a.sourceClass(), a.exchange(), a.symbol(), a.side(), Math.addExact(a.count(), b.count()),
                Math.addExact(a.notionalUsd(), b.notionalUsd()), a.lowerBound() || b.lowerBound());
    }

    private <T> List<T> list(String what, PortableSql.Read q, Jdbc.RowMapper<T> mapper) {
        return Jdbc.list(conn, what, q.sql(), ps -> bind(ps, q.params()), mapper);
    }

    static void bind(PreparedStatement ps, List<PortableSql.Param> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            PortableSql.Param p = params.get(i);
            if (p.type() == PortableSql.Type.INT64) {
                ps.setLong(i + 1, (Long) p.value());
            } else {
                ps.setString(i + 1, (String) p.value());
            }
        }
    }

    @Override
    public List<LiquidationBucket> liquidationBuckets(long fromTs, long toTs, long bucketMs, String baseCoin) {
        PortableSql.Read q = fromRollup(fromTs, toTs, bucketMs, Rollups.LIQUIDATION)
                ? RollupSql.liquidationBuckets(d, fromTs, toTs, bucketMs, baseCoin)
                : d == PortableSql.DUCKDB && textCodes()
                ? PortableSql.liquidationBucketsByTextCode(d, fromTs, toTs, bucketMs, baseCoin)
                : PortableSql.liquidationBuckets(d, fromTs, toTs, bucketMs, baseCoin);
        return list("liquidation buckets", q,
                rs -> new LiquidationBucket(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6) != 0));
    }

    /** True when liquidations are stored as numbers plus text codes (every store file but those written before). */
    private boolean textCodes() {
        try {
            return DuckDbStore.plainTableExists(conn, new TableLayout(Schema.LIQUIDATION, true).rowsTable());
        } catch (SQLException e) {
            throw new StoreException("cannot read the store's tables: " + e.getMessage(), e);
        }
    }

    @Override
    public List<OiSample> openInterest(long fromTs, long toTs, long bucketMs, String baseCoin) {
        return list("open interest", PortableSql.openInterest(d, fromTs, toTs, bucketMs, baseCoin),
                rs -> new OiSample(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
    }

    @Override
    public List<FundingSample> funding(long fromTs, long toTs, String baseCoin) {
        return list("funding", PortableSql.funding(d, fromTs, toTs, baseCoin),
                rs -> new FundingSample(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getInt(6)));
    }

    @Override
    public List<PriceBar> markPriceBars(long fromTs, long toTs, long bucketMs, String baseCoin) {
        return list("mark price", fromRollup(fromTs, toTs, bucketMs, Rollups.MARK_PRICE)
                        ? RollupSql.markPriceBars(d, fromTs, toTs, bucketMs, baseCoin)
                        : PortableSql.markPriceBars(d, fromTs, toTs, bucketMs, baseCoin),
                rs -> new PriceBar(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                        rs.getLong(7), rs.getLong(8)));
    }

    @Override
    public List<LiquidationEvent> largestLiquidations(long fromTs, long toTs, String baseCoin, int limit) {
        PortableSql.checkLimit(limit, PortableSql.MAX_LIMIT);
        return list("largest liquidations", PortableSql.largestLiquidations(d, fromTs, toTs, baseCoin, limit,
                        largestBound(fromTs, toTs, baseCoin, limit)),
                rs -> new LiquidationEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8)));
    }

    /**
     * The least notional the largest-liquidations read needs to look at ({@link RollupSql#largestBound}), or null to
     * read every row: a short window, a store without rollups (ClickHouse), a file whose rollup predates the column and
     * is opened read-only, or a window with fewer rollup groups than {@code limit}. Raw rows are read either way (the
     * events themselves); the bound only lets DuckDB drop, on one column, the rows that cannot be among the largest
     * before it joins their text and keeps the top N.
     */
    Long largestBound(long fromTs, long toTs, String baseCoin, int limit) {
        if (!fromRollup(fromTs, toTs, 0, Rollups.LIQUIDATION) || !hasLargestColumn()) {
            return null;
        }
        List<Long> b = list("largest liquidations bound", RollupSql.largestBound(d, fromTs, toTs, baseCoin, limit), rs -> rs.getLong(1));
        return b.isEmpty() ? null : b.get(0);
    }

    /** True when the liquidation rollup keeps each minute's largest notional (a read-only file may predate it). */
    private boolean hasLargestColumn() {
        try {
            return DuckDbStore.hasColumns(conn, Rollups.LIQUIDATION.name(), Rollups.LIQUIDATION.columnNames());
        } catch (SQLException e) {
            throw new StoreException("cannot read the store's tables: " + e.getMessage(), e);
        }
    }

    @Override
    public List<VolumeBucket> volumeBuckets(long fromTs, long toTs, long bucketMs, String baseCoin) {
        return list("volume buckets", fromRollup(fromTs, toTs, bucketMs, Rollups.TRADE)
                        ? RollupSql.volumeBuckets(d, fromTs, toTs, bucketMs, baseCoin)
                        : PortableSql.volumeBuckets(d, fromTs, toTs, bucketMs, baseCoin),
                rs -> new VolumeBucket(rs.getLong(1), rs.getString(2), MarketClass.valueOf(rs.getString(3)), rs.getLong(4), rs.getLong(5)));
    }

    @Override
    public List<VolumeTotal> tradeVolume(long fromTs, long toTs, String baseCoin) {
        return list("trade volume", fromRollup(fromTs, toTs, 0, Rollups.TRADE)
                        ? RollupSql.tradeVolume(d, fromTs, toTs, baseCoin)
                        : PortableSql.tradeVolume(d, fromTs, toTs, baseCoin),
                rs -> new VolumeTotal(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
    }

    @Override
    public List<LongShortSample> longShortRatios(long fromTs, long toTs, String baseCoin, int maxRows) {
        List<LongShortSample> rows = list("long/short ratios", PortableSql.longShortRatios(d, fromTs, toTs, baseCoin, maxRows + 1),
                rs -> new LongShortSample(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6),
                        rs.getLong(7), rs.getLong(8)));
        if (rows.size() > maxRows) {
            throw new IllegalArgumentException("more than " + maxRows + " long/short ratio rows in the window: narrow it or pick a coin");
        }
        return rows;
    }

    @Override
    public List<SourceCount> sources(long fromTs, long toTs) {
        return list("sources", fromRollup(fromTs, toTs, 0, Rollups.ALL.toArray(Rollups.Rollup[]::new))
                        ? RollupSql.sources(d, fromTs, toTs)
                        : PortableSql.sources(d, fromTs, toTs),
                rs -> new SourceCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
    }
}
