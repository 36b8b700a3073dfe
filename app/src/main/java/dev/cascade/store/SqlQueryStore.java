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
 * Queries over the event tables of the embedded store, in the portable SQL of {@link PortableSql} (the same text
 * ClickHouse runs, rendered with JDBC placeholders). Every value is a bound parameter.
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
}
