package dev.cascade.store;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.port.QueryStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Queries over the event tables in portable SQL (epoch-ms integers, no dialect functions beyond split_part).
 * Group-by columns come from a fixed enum, every value from a bound parameter.
 */
public final class SqlQueryStore implements QueryStore {
    private static final String LOWER_BOUND_SOURCES = Arrays.stream(Completeness.values())
            .filter(Completeness::isLowerBound).map(c -> "'" + c.name() + "'").collect(Collectors.joining(","));

    private final Connection conn;

    public SqlQueryStore(Connection conn) {
        this.conn = conn;
    }

    private static String column(Dimension d) {
        return switch (d) {
            case EXCHANGE -> "exchange";
            case SYMBOL -> "symbol";
            case SIDE -> "side";
        };
    }

    @Override
    public List<LiquidationTotal> liquidationTotals(long fromTs, long toTs, Set<Dimension> groupBy, LiquidationFilter filter) {
        List<Dimension> dims = Arrays.stream(Dimension.values()).filter(groupBy::contains).toList();
        StringBuilder select = new StringBuilder("SELECT ");
        for (Dimension d : Dimension.values()) {
            select.append(dims.contains(d) ? column(d) : "NULL").append(", ");
        }
        select.append("count(*), CAST(sum(notional_usd_e6) AS BIGINT), bool_or(completeness IN (").append(LOWER_BOUND_SOURCES)
                .append(")) FROM liquidation WHERE ts >= ? AND ts < ?")
                .append(" AND (CAST(? AS VARCHAR) IS NULL OR exchange = ?)")
                .append(" AND (CAST(? AS VARCHAR) IS NULL OR split_part(symbol, '-', 1) = ?)")
                .append(" AND (CAST(? AS VARCHAR) IS NULL OR side = ?)");
        if (!dims.isEmpty()) {
            select.append(" GROUP BY ").append(dims.stream().map(SqlQueryStore::column).collect(Collectors.joining(", ")));
        }
        select.append(" ORDER BY 5 DESC");
        try (PreparedStatement ps = conn.prepareStatement(select.toString())) {
            ps.setLong(1, fromTs);
            ps.setLong(2, toTs);
            bindOptional(ps, 3, filter.exchange());
            bindOptional(ps, 5, filter.baseCoin());
            bindOptional(ps, 7, filter.side());
            List<LiquidationTotal> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long count = rs.getLong(4);
                    if (count == 0) {
                        continue; // an ungrouped total over nothing
                    }
                    out.add(new LiquidationTotal(rs.getString(1), rs.getString(2), rs.getString(3), count, rs.getLong(5),
                            rs.getBoolean(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("liquidation totals query failed: " + e.getMessage(), e);
        }
    }

    private static void bindOptional(PreparedStatement ps, int index, String value) throws SQLException {
        ps.setString(index, value);
        ps.setString(index + 1, value);
    }
}
