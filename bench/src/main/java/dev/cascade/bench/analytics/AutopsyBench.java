package dev.cascade.bench.analytics;

import dev.cascade.core.analytics.Autopsy;
import dev.cascade.core.analytics.AutopsyReport;
import dev.cascade.core.analytics.CascadeDetector;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.port.QueryStore;
import dev.cascade.store.DuckDbStore;
import dev.cascade.store.PortableSql;
import dev.cascade.store.ReadAccess;
import dev.cascade.store.SqlQueryStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The autopsy over a big store: N synthetic liquidations (default 100M) spread evenly over 30 days, plus one mark
 * price per second and one OI sample per venue per minute, generated inside DuckDB with
 * {@code INSERT ... SELECT ... FROM range(N)} (no Appender, no JVM rows). Then it times, in the same run:
 * <ul>
 *   <li>{@code autopsy-48h}: the whole autopsy (every read query + the pure analytics) over a 48-hour window, the size
 *       of the Oct 2025 report, in the middle of the data;</li>
 *   <li>{@code autopsy-30d}: the same over the whole 30 days (every row scanned; 15-minute buckets, see Autopsy.bucketFor);</li>
 *   <li>{@code buckets-48h}: the store's minute-bucket query alone, and its named baseline {@code naive-48h}: the naive
 *       plan for the same buckets, every row of the window fetched over JDBC and bucketed in a Java hash map;</li>
 *   <li>{@code largest-30d} and {@code largest-48h}: the store's largest-liquidations read (bounded by the rollup's
 *       per-minute maxima), and its baseline {@code largest-raw}: the same query without the bound, the top N of every
 *       raw row of the window (both checked to give the same rows first; timed alternately, 2 x repeats + 1 rounds).</li>
 * </ul>
 * Each is run once to warm up, then {@code repeats} times; the median is reported. Not part of the unit tests.
 * Run: {@code mvn -q -Pbench -DskipTests package && java -Xmx4g -cp bench/target/benchmarks.jar
 * dev.cascade.bench.analytics.AutopsyBench [rows=100000000] [dir=target/bench-autopsy] [repeats=5]}.
 * The store file (several GB at 100M rows) is deleted at the end unless {@code keep=true}.
 */
public final class AutopsyBench {
    static final long T0 = 1_759_276_800_000L;           // 2025-10-01T00:00:00Z
    static final long SPAN = 30L * 24 * 3_600_000L;

    private AutopsyBench() {
    }

    /** The benchmarks' {@code key=value} arguments. */
    public static Map<String, String> keyValues(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (String s : args) {
            String[] kv = s.split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return a;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = keyValues(args);
        long rows = Long.parseLong(a.getOrDefault("rows", "100000000"));
        Path dir = Path.of(a.getOrDefault("dir", "target/bench-autopsy"));
        int repeats = Integer.parseInt(a.getOrDefault("repeats", "5"));
        boolean keep = Boolean.parseBoolean(a.getOrDefault("keep", "false"));
        Files.createDirectories(dir);
        Path db = dir.resolve("autopsy-bench.duckdb");
        Files.deleteIfExists(db);
        Files.deleteIfExists(dir.resolve("autopsy-bench.duckdb.wal"));
        try {
            long t = System.nanoTime();
            generate(db, rows);
            System.out.printf(Locale.ROOT, "generated %,d liquidations + marks + OI in %.1fs; store file %.2f GB%n", rows,
                    (System.nanoTime() - t) / 1e9, Files.size(db) / 1e9);
            long mid = T0 + SPAN / 2;
            long from48 = mid - 24 * 3_600_000L;
            long to48 = mid + 24 * 3_600_000L;
            try (Connection c = ReadAccess.open(db)) {
                long rows48 = count(c, from48, to48);
                System.out.printf(Locale.ROOT, "48h window holds %,d liquidations%n", rows48);
                double auto48 = median(repeats, () -> autopsy(c, from48, to48));
                double buckets48 = median(repeats, () -> new SqlQueryStore(c).liquidationBuckets(from48, to48, Autopsy.MINUTE, "BTC").size());
                double naive48 = median(repeats, () -> naiveBuckets(c, from48, to48));
                breakdown(c, from48, to48, "48h");
                breakdown(c, T0, T0 + SPAN, "30d");
                double auto30 = median(Math.max(1, repeats / 2), () -> autopsy(c, T0, T0 + SPAN));
                double lower30 = median(Math.max(1, repeats / 2), () -> lowerBound(c, T0, T0 + SPAN, Autopsy.bucketFor(T0, T0 + SPAN)));
                sameLargest(c, from48, to48);
                sameLargest(c, T0, T0 + SPAN);
                // Short reads next to their baseline: alternated round by round, so both see the same load.
                double[] largest48 = alternated(2 * repeats + 1, () -> new SqlQueryStore(c).largestLiquidations(from48, to48, "BTC",
                        Autopsy.LARGEST).size(), () -> rawLargest(c, from48, to48).size());
                double[] largest30 = alternated(2 * repeats + 1, () -> new SqlQueryStore(c).largestLiquidations(T0, T0 + SPAN, "BTC",
                        Autopsy.LARGEST).size(), () -> rawLargest(c, T0, T0 + SPAN).size());
                System.out.printf(Locale.ROOT, "%-12s %9s%n", "benchmark", "median s");
                System.out.printf(Locale.ROOT, "%-12s %9.3f   (target < 2 s)%n", "autopsy-48h", auto48);
                System.out.printf(Locale.ROOT, "%-12s %9.3f   (all %,d rows scanned)%n", "autopsy-30d", auto30, rows);
                System.out.printf(Locale.ROOT, "%-12s %9.3f   store query: minute buckets by exchange and side, 48h%n", "buckets-48h", buckets48);
                System.out.printf(Locale.ROOT, "%-12s %9.3f   baseline: the same buckets by JDBC fetch of every row + Java hash map%n", "naive-48h", naive48);
                System.out.printf(Locale.ROOT, "%-12s %9.3f   lower bound: one hand-written SQL query computing the same aggregates, 30d%n", "lower-30d", lower30);
                System.out.printf(Locale.ROOT, "%-12s %9.3f   store query: the %d largest liquidations, 30d (48h: %.3f)%n", "largest-30d",
                        largest30[0], Autopsy.LARGEST, largest48[0]);
                System.out.printf(Locale.ROOT, "%-12s %9.3f   baseline: the same query without the rollup's bound (top N of every raw row), 30d (48h: %.3f)%n",
                        "largest-raw", largest30[1], largest48[1]);
                System.out.printf(Locale.ROOT, "ratio naive-48h / buckets-48h = %.1fx; autopsy-48h / 2 s target = %.2f; autopsy-30d / lower bound = %.2f%n",
                        naive48 / buckets48, auto48 / 2.0, auto30 / lower30);
                // Machine-readable lines for bench/run.
                System.out.printf(Locale.ROOT, "RESULT autopsy-48h %.3f%nRESULT autopsy-30d %.3f%nRESULT lowerbound-30d %.3f%n", auto48, auto30, lower30);
                System.out.printf(Locale.ROOT, "RESULT largest-48h %.4f%nRESULT largest-raw-48h %.4f%nRESULT largest-30d %.4f%nRESULT largest-raw-30d %.4f%n",
                        largest48[0], largest48[1], largest30[0], largest30[1]);
            }
        } finally {
            if (!keep) {
                Files.deleteIfExists(db);
                Files.deleteIfExists(dir.resolve("autopsy-bench.duckdb.wal"));
            }
        }
    }

    interface Work {
        long run() throws Exception;
    }

    static double median(int repeats, Work w) throws Exception {
        w.run();
        double[] s = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            s[i] = seconds(w);
        }
        Arrays.sort(s);
        return s[repeats / 2];
    }

    /** One timed run of {@code w}, which must produce something. */
    private static double seconds(Work w) throws Exception {
        long t = System.nanoTime();
        long check = w.run();
        double s = (System.nanoTime() - t) / 1e9;
        if (check <= 0) {
            throw new IllegalStateException("benchmark produced nothing");
        }
        return s;
    }

    /** The medians of {@code a} and {@code b} run alternately {@code rounds} times each, after one warm-up of each. */
    static double[] alternated(int rounds, Work a, Work b) throws Exception {
        a.run();
        b.run();
        double[][] s = new double[2][rounds];
        for (int i = 0; i < rounds; i++) {
            s[0][i] = seconds(a);
            s[1][i] = seconds(b);
        }
        Arrays.sort(s[0]);
        Arrays.sort(s[1]);
        return new double[] {s[0][rounds / 2], s[1][rounds / 2]};
    }

    static long autopsy(Connection c, long from, long to) {
        AutopsyReport r = new Autopsy(CascadeDetector.Params.DEFAULT, Set.of()).build(Autopsy.query(new SqlQueryStore(c), from, to, "BTC"));
        return r.venues().totals().count();
    }

    /** One timed call of each read query and of the pure build, to see where the time goes. */
    static void breakdown(Connection c, long from, long to, String label) {
        SqlQueryStore q = new SqlQueryStore(c);
        StringBuilder b = new StringBuilder("  " + label + " breakdown (s):");
        long t = System.nanoTime();
        q.sources(from, to);
        t = lap(b, "sources", t);
        long bucket = Autopsy.bucketFor(from, to);
        q.liquidationBuckets(from, to, bucket, "BTC");
        t = lap(b, "liqBuckets", t);
        q.markPriceBars(from, to, bucket, "BTC");
        t = lap(b, "priceBars", t);
        q.openInterest(from, to, bucket, "BTC");
        t = lap(b, "oi", t);
        q.funding(from, to, "BTC");
        t = lap(b, "funding", t);
        q.largestLiquidations(from, to, "BTC", Autopsy.LARGEST);
        t = lap(b, "largest", t);
        q.tradeVolume(from, to, "BTC");
        t = lap(b, "volume", t);
        Autopsy.Inputs in = Autopsy.query(q, from, to, "BTC");
        t = System.nanoTime();
        new Autopsy(CascadeDetector.Params.DEFAULT, Set.of()).build(in);
        lap(b, "build", t);
        System.out.println(b);
    }

    private static long lap(StringBuilder b, String name, long t) {
        long now = System.nanoTime();
        b.append(String.format(Locale.ROOT, " %s %.3f", name, (now - t) / 1e9));
        return now;
    }

    /**
     * The lower bound for the autopsy's reads: one statement, written by hand against the stored layout, that scans
     * each table once and returns the same aggregates (liquidation buckets by exchange and side with the lower-bound
     * flag, the sources' row counts, mark-price bars, the last OI per bucket, the largest liquidations), read over JDBC.
     * Liquidations are grouped by their text code and joined to their dozen text tuples only after aggregation.
     */
    private static final String LOWER_BOUND = Arrays.stream(Completeness.values()).filter(Completeness::isLowerBound)
            .map(x -> "'" + x.name() + "'").collect(java.util.stream.Collectors.joining(","));

    static long lowerBound(Connection c, long from, long to, long bucket) throws Exception {
        String window = "ts >= " + from + " AND ts < " + to;
        String sql = "WITH liq AS (SELECT ts - ts % " + bucket + " AS b, text_id, count(*) AS n, sum(notional_usd_e6) AS usd "
                + "FROM liquidation_rows WHERE " + window + " GROUP BY ALL), "
                + "tx AS (SELECT * FROM liquidation_text WHERE symbol LIKE 'BTC-%'), "
                + "mark AS (SELECT ts - ts % " + bucket + " AS b, source, exchange, argMin(mark_e8, ts) AS o, max(mark_e8) AS h, "
                + "min(mark_e8) AS l, argMax(mark_e8, ts) AS cl, count(*) AS n FROM mark_price WHERE " + window
                + " AND symbol LIKE 'BTC-%' GROUP BY ALL), "
                + "oi AS (SELECT ts - ts % " + bucket + " AS b, source, exchange, symbol, argMax(oi_usd_e6, ts) AS v, count(*) AS n "
                + "FROM open_interest WHERE " + window + " AND symbol LIKE 'BTC-%' GROUP BY ALL) "
                + "SELECT 'liq' AS k, b, exchange AS x, side AS y, CAST(sum(n) AS BIGINT) AS v1, CAST(sum(usd) AS BIGINT) AS v2, "
                + "CAST(max(CASE WHEN completeness IN (" + LOWER_BOUND + ") THEN 1 ELSE 0 END) AS BIGINT) AS v3 "
                + "FROM liq JOIN tx USING (text_id) GROUP BY b, exchange, side "
                + "UNION ALL SELECT 'src', NULL, t.source, NULL, CAST(sum(n) AS BIGINT), NULL, NULL FROM liq JOIN liquidation_text t USING (text_id) GROUP BY t.source "
                + "UNION ALL SELECT 'srcmark', NULL, source, NULL, CAST(sum(n) AS BIGINT), NULL, NULL FROM mark GROUP BY source "
                + "UNION ALL SELECT 'srcoi', NULL, source, NULL, CAST(sum(n) AS BIGINT), NULL, NULL FROM oi GROUP BY source "
                + "UNION ALL SELECT 'mark', b, source, exchange, o, h, l FROM mark "
                + "UNION ALL SELECT 'oi', b, source, exchange || symbol, v, NULL, NULL FROM oi "
                + "UNION ALL SELECT * FROM (SELECT 'top', ts, exchange, side, price_e8, qty_e8, notional_usd_e6 FROM liquidation_rows "
                + "JOIN tx USING (text_id) WHERE " + window + " AND completeness <> 'AGGREGATE' ORDER BY notional_usd_e6 DESC, ts, event_id LIMIT 10)";
        long n = 0;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                n += rs.getLong(5) != 0 ? 1 : 0;
            }
        }
        return n;
    }

    /** The largest liquidations as the store read them before the rollup bound them: the top N of every raw row. */
    static List<QueryStore.LiquidationEvent> rawLargest(Connection c, long from, long to) throws Exception {
        PortableSql.Read q = PortableSql.largestLiquidations(PortableSql.DUCKDB, from, to, "BTC", Autopsy.LARGEST);
        List<QueryStore.LiquidationEvent> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            for (int i = 0; i < q.params().size(); i++) {
                ps.setObject(i + 1, q.params().get(i).value());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new QueryStore.LiquidationEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8)));
                }
            }
        }
        return out;
    }

    /** The timed store read must answer what the raw query does, or its time means nothing. */
    static void sameLargest(Connection c, long from, long to) throws Exception {
        List<QueryStore.LiquidationEvent> store = new SqlQueryStore(c).largestLiquidations(from, to, "BTC", Autopsy.LARGEST);
        if (store.size() != Autopsy.LARGEST || !store.equals(rawLargest(c, from, to))) {
            throw new IllegalStateException("the largest liquidations differ from the raw query's over " + from + ".." + to);
        }
    }

    /** Baseline: every row of the window to the JVM, bucketed by minute, exchange and side in a hash map. */
    static long naiveBuckets(Connection c, long from, long to) throws Exception {
        Map<String, long[]> buckets = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ts, exchange, side, notional_usd_e6 FROM liquidation WHERE ts >= ? AND ts < ? AND split_part(symbol, '-', 1) = ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            ps.setString(3, "BTC");
            ps.setFetchSize(100_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long ts = rs.getLong(1);
                    long[] v = buckets.computeIfAbsent((ts - ts % 60_000) + "|" + rs.getString(2) + "|" + rs.getString(3), k -> new long[2]);
                    v[0]++;
                    v[1] += rs.getLong(4);
                }
            }
        }
        return buckets.size();
    }

    static long count(Connection c, long from, long to) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM liquidation WHERE ts >= ? AND ts < ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Fills the store in SQL. Values derive from a hash of the row number, so they look random but are reproducible. */
    static void generate(Path db, long rows) throws Exception {
        try (DuckDbStore store = DuckDbStore.open(db)) {
            // DuckDbStore created the schema; the rows go in through SQL (the fast path for a benchmark fixture).
        }
        long step = Math.max(1, SPAN / rows);   // ms between liquidations (26 ms at 100M)
        List<String> sql = new ArrayList<>();
        String h = "h";
        // Liquidations are stored as numbers plus a code into their text tuples (store/TableLayout): 3 exchanges x 2
        // symbols x 2 sides = 12 tuples, text_id = exchange * 4 + (ETH ? 2 : 0) + (SHORT ? 1 : 0).
        sql.add("INSERT INTO liquidation_text SELECT e * 4 + s * 2 + d, 'synthetic-bench', ['BINANCE','BYBIT','OKX'][1 + e], 'LINEAR', "
                + "'BTCUSDT', CASE WHEN s = 1 THEN 'ETH-USDT-PERP' ELSE 'BTC-USDT-PERP' END, CASE WHEN d = 1 THEN 'SHORT' ELSE 'LONG' END, "
                + "'BASE', 'AVERAGE_FILL', 'SELL', 'COMPLETE' FROM range(3) a(e), range(2) b(s), range(2) c(d)");
        sql.add("INSERT INTO liquidation_rows SELECT i, " + T0 + " + i * " + SPAN + " // " + rows + " AS ts, " + T0 + " + i * " + SPAN + " // " + rows
                + ", CAST(11000000000000 + " + h + " % 100000000000 AS BIGINT), CAST(" + h + " % 50000000 AS BIGINT), "
                + "CAST(1000000 + (" + h + " >> 20) % 50000000000 AS BIGINT), CAST(" + h + " % 50000000 AS BIGINT), "
                + T0 + " + i * " + SPAN + " // " + rows + ", CAST((i % 3) * 4 + (CASE WHEN i % 5 = 0 THEN 2 ELSE 0 END) "
                + "+ (CASE WHEN " + h + " % 100 < 70 THEN 0 ELSE 1 END) AS INTEGER) FROM (SELECT i, hash(i) AS h FROM range(" + rows + ") r(i)) g");
        sql.add("INSERT INTO mark_price SELECT 1000000000000 + i, " + T0 + " + i * 1000, " + T0 + " + i * 1000, 'synthetic-bench', "
                + "['BINANCE','BYBIT','OKX'][1 + i % 3], 'LINEAR', 'BTCUSDT', 'BTC-USDT-PERP', "
                + "CAST(11000000000000 + hash(i) % 100000000000 AS BIGINT), 0 FROM range(" + SPAN / 1000 + ") r(i)");
        sql.add("INSERT INTO open_interest SELECT 2000000000000 + i, " + T0 + " + (i // 3) * 60000, " + T0 + " + (i // 3) * 60000, "
                + "'synthetic-bench', ['BINANCE','BYBIT','OKX'][1 + i % 3], 'LINEAR', 'BTCUSDT', 'BTC-USDT-PERP', 0, "
                + "CAST(30000000000000000 + hash(i) % 1000000000000000 AS BIGINT) FROM range(" + 3 * SPAN / 60000 + ") r(i)");
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath()); Statement st = c.createStatement()) {
            for (String s : sql) {
                long t = System.nanoTime();
                long n = st.executeUpdate(s);
                System.out.printf(Locale.ROOT, "  inserted %,d rows in %.1fs%n", n, (System.nanoTime() - t) / 1e9);
            }
            st.execute("CHECKPOINT");
        }
        // The store keeps per-minute rollups on every flush; rows inserted by SQL get theirs here, as an old file would.
        long t = System.nanoTime();
        try (DuckDbStore store = DuckDbStore.open(db)) {
            store.rebuildRollups();
        }
        System.out.printf(Locale.ROOT, "  rolled up per minute in %.1fs%n", (System.nanoTime() - t) / 1e9);
        if (step <= 0) {
            throw new IllegalStateException("too many rows for the span");
        }
    }
}
