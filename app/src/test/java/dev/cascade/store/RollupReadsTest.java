package dev.cascade.store;

import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.QueryStore.Dimension;
import dev.cascade.core.port.QueryStore.LiquidationFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads answered from the per-minute rollups equal the raw queries wherever raw rows exist (random windows, edges off
 * the minute, buckets, coin filters), and keep answering once raw trades and mark prices expired.
 */
class RollupReadsTest {
    @TempDir
    Path dir;

    private static List<String> rows(Connection c, PortableSql.Read q) {
        return Jdbc.list(c, "test", q.sql(), ps -> SqlQueryStore.bind(ps, q.params()), rs -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                sb.append(rs.getString(i)).append('|');
            }
            return sb.toString();
        });
    }

    private static List<String> rows(Connection c, PortableSql.Query q) {
        return rows(c, new PortableSql.Read(q.sql(), q.params()));
    }

    @Test
    void rollupReadsEqualTheRawReadsOnRandomWindows() throws Exception {
        long seed = RollupsTest.printedSeed("RollupReadsTest");
        SplittableRandom rnd = new SplittableRandom(seed);
        long t0 = RollupsTest.T0;
        List<MarketEvent> events = RollupsTest.randomEvents(rnd, t0, 600, 15_000);
        try (DuckDbStore s = DuckDbStore.open(dir.resolve("reads.duckdb")); Connection c = s.connect()) {
            RollupsTest.storeWithFlushes(s, events, 997); // partial rollup rows: reads must merge them
            PortableSql.Dialect d = PortableSql.DUCKDB;
            String[] coins = {null, "BTC", "ETH"};
            long[] buckets = {60_000, 300_000, 3_600_000, 900_000};
            int compared = 0;
            for (int round = 0; round < 40; round++) {
                long from = t0 - 120_000 + rnd.nextLong(500 * 60_000L);
                long to = from + 60_000 + rnd.nextLong(200 * 60_000L);
                if (round % 4 == 0) {
                    from = Rollups.minuteOf(from);
                    to = Rollups.minuteOf(to);
                }
                if (!RollupSql.fits(from, to, 0)) {
                    continue;
                }
                String coin = coins[rnd.nextInt(coins.length)];
                long b = buckets[rnd.nextInt(buckets.length)];
                String at = "seed " + seed + " window " + from + ".." + to + " coin " + coin + " bucket " + b;
                assertThat(rows(c, RollupSql.liquidationBuckets(d, from, to, b, coin))).as(at)
                        .isEqualTo(rows(c, PortableSql.liquidationBuckets(d, from, to, b, coin)));
                assertThat(rows(c, RollupSql.markPriceBars(d, from, to, b, coin))).as(at)
                        .isEqualTo(rows(c, PortableSql.markPriceBars(d, from, to, b, coin)));
                assertThat(rows(c, RollupSql.volumeBuckets(d, from, to, b, coin))).as(at)
                        .isEqualTo(rows(c, PortableSql.volumeBuckets(d, from, to, b, coin)));
                assertThat(rows(c, RollupSql.tradeVolume(d, from, to, coin))).as(at)
                        .isEqualTo(rows(c, PortableSql.tradeVolume(d, from, to, coin)));
                assertThat(rows(c, RollupSql.sources(d, from, to))).as(at).isEqualTo(rows(c, PortableSql.sources(d, from, to)));
                Set<Dimension> dims = EnumSet.noneOf(Dimension.class);
                for (Dimension dim : Dimension.values()) {
                    if (rnd.nextBoolean()) {
                        dims.add(dim);
                    }
                }
                LiquidationFilter f = new LiquidationFilter(rnd.nextBoolean() ? "BYBIT" : null, coin, rnd.nextBoolean() ? "LONG" : null);
                assertThat(rows(c, RollupSql.liquidationTotals(d, from, to, dims, f))).as(at + " " + dims + " " + f)
                        .isEqualTo(rows(c, PortableSql.liquidationTotals(d, from, to, dims, f)));
                assertThat(rows(c, RollupSql.markPriceBars(d, from, to, b, coin))).as(at).isNotEmpty();
                compared++;
            }
            assertThat(compared).isGreaterThan(20);
        }
    }

    @Test
    void longAndExpiredWindowsAreAnsweredFromTheRollupsAfterRawRowsAreGone() throws Exception {
        long now = System.currentTimeMillis();
        long old = Rollups.minuteOf(now - 40 * 86_400_000L);
        SplittableRandom rnd = new SplittableRandom(5);
        try (DuckDbStore s = DuckDbStore.open(dir.resolve("expired.duckdb")); Connection c = s.connect()) {
            RollupsTest.randomEvents(rnd, old, 120, 4_000).forEach(s::accept);
            RollupsTest.randomEvents(rnd, now - 3_600_000L, 30, 1_000).forEach(s::accept);
            s.flush();
            QueryStore q = new SqlQueryStore(c);
            long from = old + 10 * 60_000L;
            long to = old + 70 * 60_000L; // one hour: short, read raw while the rows exist
            List<QueryStore.VolumeBucket> volume = q.volumeBuckets(from, to, 300_000, null);
            List<QueryStore.PriceBar> bars = q.markPriceBars(from, to, 60_000, "BTC");
            List<QueryStore.SourceCount> sources = q.sources(from, to);
            List<QueryStore.VolumeTotal> totals = q.tradeVolume(from, to, null);
            assertThat(volume).isNotEmpty();
            assertThat(bars).isNotEmpty();

            s.retainRaw(Duration.ofDays(30));
            for (int i = 0; i < 100 && RollupsTest.one(c, "SELECT count(*) FROM trade WHERE ts < " + (now - 30 * 86_400_000L)) > 0; i++) {
                s.upkeepStep();
            }
            assertThat(RollupsTest.one(c, "SELECT count(*) FROM trade WHERE ts < " + to)).isZero();
            assertThat(RollupsTest.one(c, "SELECT count(*) FROM mark_price WHERE ts < " + to)).isZero();
            assertThat(q.volumeBuckets(from, to, 300_000, null)).isEqualTo(volume);
            assertThat(q.markPriceBars(from, to, 60_000, "BTC")).isEqualTo(bars);
            assertThat(q.sources(from, to)).isEqualTo(sources);
            assertThat(q.tradeVolume(from, to, null)).isEqualTo(totals);
        }
    }

    @Test
    void theDashboardsLongLiquidationBucketsFromTheRollupsEqualTheRawOnes() throws Exception {
        long seed = RollupsTest.printedSeed("RollupReadsTest dashboard");
        SplittableRandom rnd = new SplittableRandom(seed);
        long t0 = RollupsTest.T0;
        Path file = dir.resolve("dash.duckdb");
        List<Object> fromRollups = new java.util.ArrayList<>();
        List<long[]> windows = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long from = t0 + rnd.nextLong(120 * 60_000L);
            windows.add(new long[] {from, from + SqlQueryStore.LONG_WINDOW_MS + rnd.nextLong(300 * 60_000L), 60_000L * (1 + rnd.nextInt(30))});
        }
        LiquidationFilter[] filters = {LiquidationFilter.ANY, new LiquidationFilter("BYBIT", null, null),
                new LiquidationFilter(null, "BTC", "LONG")};
        try (DuckDbStore s = DuckDbStore.open(file); SqlDashboardQueries q = new SqlDashboardQueries(s::connect, 1)) {
            RollupsTest.storeWithFlushes(s, RollupsTest.randomEvents(rnd, t0, 600, 12_000), 1_500);
            for (long[] w : windows) {
                for (LiquidationFilter f : filters) {
                    fromRollups.add(q.liquidationBuckets(w[0], w[1], w[2], f));
                    fromRollups.add(q.liquidationBucketsByExchange(w[0], w[1], w[2], f));
                }
            }
        }
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + file); Statement st = c.createStatement()) {
            for (Rollups.Rollup r : Rollups.ALL) {
                st.execute("DROP TABLE " + r.name()); // no rollups: the raw statements
            }
            List<Object> fromRaw = new java.util.ArrayList<>();
            try (SqlDashboardQueries q = new SqlDashboardQueries(() -> {
                try {
                    return ((org.duckdb.DuckDBConnection) c).duplicate();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, 1)) {
                for (long[] w : windows) {
                    for (LiquidationFilter f : filters) {
                        fromRaw.add(q.liquidationBuckets(w[0], w[1], w[2], f));
                        fromRaw.add(q.liquidationBucketsByExchange(w[0], w[1], w[2], f));
                    }
                }
            }
            assertThat(fromRollups).as("seed %d", seed).isEqualTo(fromRaw);
            assertThat(fromRollups).anySatisfy(r -> assertThat((List<?>) r).isNotEmpty());
        }
    }

    @Test
    void readsFallBackToRawRowsWhereTheyCannotUseTheRollups() {
        assertThat(RollupSql.fits(0, 60_000, 60_000)).isTrue();
        assertThat(RollupSql.fits(1, 60_001, 60_000)).as("no whole minute inside").isFalse();
        assertThat(RollupSql.fits(0, 600_000, 15_000)).as("sub-minute buckets").isFalse();
    }
}
