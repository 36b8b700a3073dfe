package dev.cascade.store;

import dev.cascade.core.analytics.CompletenessEstimator;
import dev.cascade.core.model.Completeness;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Feeds {@link CompletenessEstimator} from the store for one receive-time window (an ingest run): observed liquidation
 * USD per source, and per source the open interest at the window start and its drop over the window (summed over
 * symbols; Binance USD-M's coin-denominated REST OI is valued at the window's mean mark price). Fixed SQL, bound times.
 * Reached through {@link DuckDbStore#estimateCompleteness}.
 */
final class RunCompleteness {
    private RunCompleteness() {
    }

    private static final String OBSERVED = "SELECT source, completeness, sum(notional_usd_e6)::BIGINT FROM liquidation "
            + "WHERE receive_ts BETWEEN ? AND ? GROUP BY source, completeness ORDER BY source";

    private static final String OPEN_INTEREST = "WITH m AS (SELECT source, native_symbol, sum(mark_e8) // count(*) AS mark "
            + "  FROM mark_price WHERE receive_ts BETWEEN ? AND ? GROUP BY source, native_symbol), "
            + "w AS (SELECT o.source, o.native_symbol, o.ts, CASE WHEN o.oi_usd_e6 > 0 THEN o.oi_usd_e6 "
            + "  ELSE CAST(CAST(o.oi_base_e8 AS HUGEINT) * coalesce(m.mark, 0) // 10000000000 AS BIGINT) END AS usd "
            + "  FROM open_interest o LEFT JOIN m USING (source, native_symbol) WHERE o.receive_ts BETWEEN ? AND ?), "
            + "f AS (SELECT source, native_symbol, arg_min(usd, ts) AS first_usd, arg_max(usd, ts) AS last_usd "
            + "  FROM w WHERE usd > 0 GROUP BY source, native_symbol) "
            + "SELECT source, sum(first_usd)::BIGINT, sum(greatest(first_usd - last_usd, 0))::BIGINT FROM f GROUP BY source";

    static List<CompletenessEstimator.Estimate> estimate(Connection c, long fromTs, long toTs) throws SQLException {
        Map<String, long[]> oi = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(OPEN_INTEREST)) {
            ps.setLong(1, fromTs);
            ps.setLong(2, toTs);
            ps.setLong(3, fromTs);
            ps.setLong(4, toTs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    oi.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        List<CompletenessEstimator.SourceTotal> totals = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(OBSERVED)) {
            ps.setLong(1, fromTs);
            ps.setLong(2, toTs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] o = oi.getOrDefault(rs.getString(1), new long[]{0, 0});
                    totals.add(new CompletenessEstimator.SourceTotal(rs.getString(1), Completeness.valueOf(rs.getString(2)),
                            rs.getLong(3), o[0], o[1]));
                }
            }
        }
        return CompletenessEstimator.estimate(totals);
    }
}
