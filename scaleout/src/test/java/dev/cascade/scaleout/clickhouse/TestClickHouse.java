package dev.cascade.scaleout.clickhouse;

import com.clickhouse.jdbc.Driver;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The real ClickHouse engine ({@link LocalClickHouse#SERVER_VERSION}) shared by every ClickHouse test of this JVM:
 * started on first use on a free loopback port with a temporary data directory, stopped (and the directory deleted)
 * when the JVM exits. Each test takes a database of its own, so tests never see each other's rows.
 */
public final class TestClickHouse {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static LocalClickHouse engine;

    private TestClickHouse() {
    }

    public static synchronized LocalClickHouse get() {
        if (engine == null || !engine.isAlive()) {
            try {
                Path dir = Files.createTempDirectory("cascade-clickhouse-test");
                LocalClickHouse e = LocalClickHouse.start(0, dir);
                engine = e;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    e.close();
                    deleteTree(dir);
                }, "test-clickhouse-shutdown"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return engine;
    }

    /** A store URL on the shared engine with a database no other test uses. */
    public static String freshUrl(String prefix) {
        return get().url(prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet());
    }

    /** Runs {@code sql} on the database of {@code storeUrl} and returns every row's columns as text. */
    public static List<List<String>> rows(String storeUrl, String sql) {
        ClickHouseUrl u = ClickHouseUrl.parse(storeUrl);
        Properties p = new Properties();
        p.setProperty("user", u.user());
        p.setProperty("password", "");
        try (Connection c = new Driver().connect(u.jdbcUrl(0), p); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            List<List<String>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs one statement (DDL) on the database of {@code storeUrl}. */
    public static void execute(String storeUrl, String sql) {
        ClickHouseUrl u = ClickHouseUrl.parse(storeUrl);
        Properties p = new Properties();
        p.setProperty("user", u.user());
        p.setProperty("password", "");
        String jdbc = "jdbc:clickhouse:" + u.endpoint(0) + "/default";
        try (Connection c = new Driver().connect(jdbc, p); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
