package dev.cascade.store;

import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import dev.cascade.core.port.MarketHistory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Event-level reads for the simulator's liquidation map, as core model records. The SQL is written once against a
 * {@link PortableSql.Dialect} (plain column reads, integer-ms ranges, the dialect's base-coin expression, ORDER BY),
 * so a ClickHouse store can render the same text; this class binds it over JDBC for DuckDB. Values are always bound
 * parameters; table and column names are constants.
 */
public final class SqlMarketHistory implements MarketHistory {
    static final String COMMON = "ts, receive_ts, source, exchange, market, native_symbol, symbol";

    private final Connection conn;
    private final PortableSql.Dialect dialect;

    public SqlMarketHistory(Connection conn) {
        this(conn, PortableSql.DUCKDB);
    }

    public SqlMarketHistory(Connection conn, PortableSql.Dialect dialect) {
        this.conn = conn;
        this.dialect = dialect;
    }

    /** The rendered read of {@code columns} from {@code table} for one coin and window, ordered by time. */
    static String select(PortableSql.Dialect d, String table, String columns, boolean limited) {
        return "SELECT " + COMMON + ", " + columns + " FROM " + d.table(table)
                + " WHERE ts >= " + d.param("from_ts", PortableSql.Type.INT64)
                + " AND ts < " + d.param("to_ts", PortableSql.Type.INT64)
                + " AND " + d.baseCoin("symbol") + " = " + d.param("base_coin", PortableSql.Type.STRING)
                + " ORDER BY ts, exchange, symbol, event_id" + (limited ? " LIMIT " + d.param("max_rows", PortableSql.Type.INT64) : "");
    }

    private <T> List<T> read(String what, String sql, long fromTs, long toTs, String coin, long limit, Jdbc.RowMapper<T> mapper) {
        if (coin == null || coin.isBlank()) {
            throw new IllegalArgumentException("a base coin is required, e.g. BTC");
        }
        return Jdbc.list(conn, what, sql, ps -> {
            ps.setLong(1, fromTs);
            ps.setLong(2, toTs);
            ps.setString(3, coin);
            if (limit > 0) {
                ps.setLong(4, limit);
            }
        }, mapper);
    }

    @Override
    public List<OpenInterest> openInterestEvents(long fromTs, long toTs, String baseCoin) {
        return read("open interest events", select(dialect, "open_interest", "oi_base_e8, oi_usd_e6", false), fromTs, toTs,
                baseCoin, 0, rs -> new OpenInterest(rs.getString(3), Exchange.parse(rs.getString(4)),
                        MarketType.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9),
                        rs.getLong(1), rs.getLong(2)));
    }

    @Override
    public List<Trade> tradeEvents(long fromTs, long toTs, String baseCoin, int maxRows) {
        if (maxRows <= 0) {
            throw new IllegalArgumentException("maxRows must be positive, got " + maxRows);
        }
        // One row past the cap tells "exactly at the cap" from "more than the cap".
        List<Trade> out = read("trade events", select(dialect, "trade",
                        "taker_side, price_e8, qty_e8, notional_usd_e6, trade_id, liquidation", true), fromTs, toTs, baseCoin,
                maxRows + 1L, rs -> new Trade(rs.getString(3), Exchange.parse(rs.getString(4)),
                        MarketType.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7),
                        TakerSide.valueOf(rs.getString(8)), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getString(12),
                        rs.getBoolean(13), rs.getLong(1), rs.getLong(2)));
        if (out.size() > maxRows) {
            throw new IllegalArgumentException("the window holds more than " + maxRows + " " + baseCoin
                    + " trades; narrow it (e.g. --since 1d)");
        }
        return out;
    }

    @Override
    public List<MarkPrice> markPriceEvents(long fromTs, long toTs, String baseCoin) {
        return read("mark price events", select(dialect, "mark_price", "mark_e8, index_e8", false), fromTs, toTs, baseCoin, 0,
                rs -> new MarkPrice(rs.getString(3), Exchange.parse(rs.getString(4)), MarketType.valueOf(rs.getString(5)),
                        rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9), rs.getLong(1), rs.getLong(2)));
    }

    @Override
    public long latestDataTs(String baseCoin) {
        String coin = " WHERE " + dialect.baseCoin("symbol") + " = " + dialect.param("base_coin", PortableSql.Type.STRING);
        String priced = "SELECT exchange || ' ' || symbol FROM %s" + coin;
        // Tables and columns are constants; the coin is bound (once per placeholder).
        String[] sqls = {
            "SELECT CAST(max(ts) AS BIGINT), CAST(count(*) AS BIGINT) FROM " + dialect.table("mark_price") + coin,
            "SELECT CAST(max(ts) AS BIGINT), CAST(count(*) AS BIGINT) FROM " + dialect.table("trade") + coin,
            // The last OI sample of a priced instrument closes the last interval; unpriced (aggregate) OI does not count.
            "SELECT CAST(max(ts) AS BIGINT), CAST(count(*) AS BIGINT) FROM " + dialect.table("open_interest") + coin
                    + " AND exchange || ' ' || symbol IN (" + String.format(priced, dialect.table("mark_price"))
                    + " UNION ALL " + String.format(priced, dialect.table("trade")) + ")"};
        long latest = -1;
        for (String sql : sqls) {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                int n = ps.getParameterMetaData().getParameterCount();
                for (int k = 1; k <= n; k++) {
                    ps.setString(k, baseCoin);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(2) > 0) {
                        latest = Math.max(latest, rs.getLong(1));
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("latest event-level data query failed: " + e.getMessage(), e);
            }
        }
        return latest;
    }
}
