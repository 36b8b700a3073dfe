package dev.cascade.store;

import dev.cascade.core.alert.AlertRule;
import dev.cascade.core.port.AlertRuleRepository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Alert rules in the store's {@code alert_rule} table (fixed SQL, bound values). */
public final class SqlAlertRuleRepository implements AlertRuleRepository, AutoCloseable {
    private final Connection conn;

    public SqlAlertRuleRepository(Connection conn) {
        this.conn = conn;
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS alert_rule (id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, coin VARCHAR, "
                    + "threshold_usd_e6 BIGINT NOT NULL, window_minutes INTEGER NOT NULL, oi_drop_ppm BIGINT NOT NULL, "
                    + "webhook_url VARCHAR, created_at BIGINT NOT NULL)");
        } catch (SQLException e) {
            throw new StoreException("cannot create alert_rule table: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<AlertRule> list() {
        try (PreparedStatement ps = conn.prepareStatement("SELECT id, kind, coin, threshold_usd_e6, window_minutes, oi_drop_ppm, "
                + "webhook_url, created_at FROM alert_rule ORDER BY created_at, id"); ResultSet rs = ps.executeQuery()) {
            List<AlertRule> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new AlertRule(rs.getString(1), AlertRule.Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getLong(4),
                        rs.getInt(5), rs.getLong(6), rs.getString(7), rs.getLong(8)));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading alert rules failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void add(AlertRule r) {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO alert_rule VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.id());
            ps.setString(2, r.kind().name());
            if (r.coin() == null) {
                ps.setNull(3, Types.VARCHAR);
            } else {
                ps.setString(3, r.coin());
            }
            ps.setLong(4, r.thresholdUsdE6());
            ps.setInt(5, r.windowMinutes());
            ps.setLong(6, r.oiDropPpm());
            if (r.webhookUrl() == null) {
                ps.setNull(7, Types.VARCHAR);
            } else {
                ps.setString(7, r.webhookUrl());
            }
            ps.setLong(8, r.createdAt());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("saving alert rule failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean delete(String id) {
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM alert_rule WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("deleting alert rule failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            conn.close();
        } catch (SQLException e) {
            // closing a duplicate connection of a store being shut down
        }
    }
}
