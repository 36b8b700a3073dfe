package dev.cascade.scaleout.clickhouse;

import com.clickhouse.jdbc.Driver;
import dev.cascade.core.port.ReadStore;
import dev.cascade.store.SqlDashboardQueries;
import dev.cascade.store.SqlReadStore;
import dev.cascade.store.StoreException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The distributed store's read side: the app's own SQL read classes ({@link SqlDashboardQueries}, which also serves
 * the analytics queries and the simulator's market history) over ClickHouse's JDBC driver, rendered in
 * {@link ClickHouseSchema#DIALECT}. One implementation of every read for both stores, so DuckDB and ClickHouse
 * answer the same question with the same SQL. Connects to the first host of the URL that answers.
 */
public final class ClickHouseReads {
    private static final int POOL = 4;

    private ClickHouseReads() {
    }

    public static ReadStore open(ClickHouseUrl url) {
        int host = firstAnswering(url);
        Properties p = properties(url);
        String jdbc = url.jdbcUrl(host);
        SqlDashboardQueries q = new SqlDashboardQueries(() -> connect(jdbc, p, url), POOL, ClickHouseSchema.DIALECT);
        return new SqlReadStore(q, "ClickHouse " + url.endpoint(host) + "/" + url.database(), () -> { });
    }

    private static Properties properties(ClickHouseUrl url) {
        Properties p = new Properties();
        p.setProperty("user", url.user());
        p.setProperty("password", url.password());
        p.setProperty("client_name", "cascade");
        return p;
    }

    private static int firstAnswering(ClickHouseUrl url) {
        StoreException last = null;
        Properties p = properties(url);
        for (int i = 0; i < url.hosts().size(); i++) {
            try (Connection c = connect(url.jdbcUrl(i), p, url); var st = c.createStatement(); var rs = st.executeQuery("SELECT 1")) {
                rs.next();
                return i;
            } catch (StoreException | SQLException e) {
                last = new StoreException("ClickHouse at " + url.endpoint(i) + " does not answer: " + e.getMessage(), e);
            }
        }
        throw last;
    }

    private static Connection connect(String jdbcUrl, Properties p, ClickHouseUrl url) {
        try {
            Connection c = new Driver().connect(jdbcUrl, p);
            if (c == null) {
                throw new StoreException("the ClickHouse JDBC driver does not accept " + jdbcUrl, null);
            }
            return c;
        } catch (SQLException e) {
            throw new StoreException("cannot connect to ClickHouse " + url + ": " + e.getMessage(), e);
        }
    }

    /** Registered for {@code clickhouse://}: the app opens ClickHouse stores through it without compiling against this module. */
    public static final class Provider implements ReadStore.Provider {
        @Override
        public String scheme() {
            return "clickhouse";
        }

        @Override
        public ReadStore open(String url) {
            return ClickHouseReads.open(ClickHouseUrl.parse(url));
        }
    }
}
