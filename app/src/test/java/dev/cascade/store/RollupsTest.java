package dev.cascade.store;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-minute rollups sum exactly to the raw rows, duplicates and all; retention expires raw rows, never rollups. */
class RollupsTest {
    private static final long DAY = 86_400_000L;
    @TempDir
    Path dir;

    static final String[][] VENUES = {
            {"binance-usdm", "BINANCE", "LINEAR", "BTCUSDT", "BTC-USDT-PERP", "SAMPLED_1S_PER_SYMBOL"},
            {"bybit-linear", "BYBIT", "LINEAR", "ETHUSDT", "ETH-USDT-PERP", "COMPLETE"},
            {"okx", "OKX", "INVERSE", "BTC-USD-SWAP", "BTC-USD-PERP", "PARTIAL"},
            {"bybit-spot", "BYBIT", "SPOT", "BTCUSDT", "BTC-USDT-SPOT", "COMPLETE"},
    };

    /** Random events of the three rolled-up tables over {@code minutes} minutes from {@code t0}; ts unique per event. */
    static List<MarketEvent> randomEvents(SplittableRandom rnd, long t0, int minutes, int n) {
        List<MarketEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String[] v = VENUES[rnd.nextInt(VENUES.length)];
            long step = minutes * 60_000L / n;
            long ts = t0 + i * step + rnd.nextLong(step); // unique, so open and close have one answer
            Exchange ex = Exchange.valueOf(v[1]);
            MarketType market = MarketType.valueOf(v[2]);
            long price = (20_000 + rnd.nextInt(60_000)) * 100_000_000L;
            long qty = 1 + rnd.nextLong(500_000_000L);
            long usd = 1 + rnd.nextLong(5_000_000_000_000L);
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    PositionSide side = rnd.nextBoolean() ? PositionSide.LONG : PositionSide.SHORT;
                    out.add(new Liquidation(v[0], ex, market, v[3], v[4], side, price, qty, usd, qty, QuantityUnit.BASE,
                            PriceKind.AVERAGE_FILL, side == PositionSide.LONG ? "SELL" : "BUY", ts, ts + 3,
                            Completeness.valueOf(v[5]), v[0] + "|liq|" + i));
                }
                case 1 -> out.add(new Trade(v[0], ex, market, v[3], v[4], rnd.nextBoolean() ? TakerSide.BUY : TakerSide.SELL,
                        price, qty, usd, "t" + i, false, ts, ts + 3));
                default -> out.add(new MarkPrice(v[0], ex, market, v[3], v[4], price, price, ts, ts + 3));
            }
        }
        java.util.Collections.shuffle(out, new java.util.Random(rnd.nextLong())); // arrival out of time order
        return out;
    }

    static long one(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows in one relation and not in the other (both directions), for every rollup: 0 when they agree exactly. */
    static long mismatches(Connection c) throws Exception {
        long bad = 0;
        for (Rollups.Rollup r : Rollups.ALL) {
            String fromRaw = "SELECT ts - ts % 60000 AS minute_ts, " + r.keyList("") + ", " + r.fromRows() + " FROM " + r.raw().name()
                    + " GROUP BY minute_ts, " + r.keyList("");
            String fromRollup = r.mergedSql().replace("?", "x").replace("WHERE ts >= x AND ts < x ", "");
            bad += one(c, "SELECT count(*) FROM ((" + fromRaw + ") EXCEPT (" + fromRollup + "))");
            bad += one(c, "SELECT count(*) FROM ((" + fromRollup + ") EXCEPT (" + fromRaw + "))");
        }
        return bad;
    }

    /** The start of the random events' span (Oct 2025). */
    static final long T0 = 1_760_000_000_000L;

    /** A fresh seed, printed so a failing run can be repeated. */
    static long printedSeed(String test) {
        long seed = System.nanoTime();
        System.out.println(test + " seed " + seed);
        return seed;
    }

    /** Stores the events, flushing after every {@code every}-th (so minutes get partial rollup rows), then once more. */
    static void storeWithFlushes(DuckDbStore s, List<MarketEvent> events, int every) {
        for (int i = 0; i < events.size(); i++) {
            s.accept(events.get(i));
            if (i % every == 0) {
                s.flush();
            }
        }
        s.flush();
    }

    static long rollupRows(Connection c, Rollups.Rollup r) throws Exception {
        return one(c, "SELECT count(*) FROM " + r.name());
    }

    @Test
    void rollupsSumExactlyToTheRawRowsWithDuplicatesDroppedBeforeAndAfterCompaction() throws Exception {
        long seed = printedSeed("RollupsTest");
        SplittableRandom rnd = new SplittableRandom(seed);
        List<MarketEvent> events = randomEvents(rnd, T0, 90, 20_000);
        Path file = dir.resolve("r.duckdb");
        long stored;
        try (DuckDbStore s = DuckDbStore.open(file)) {
            int i = 0;
            while (i < events.size()) {
                int batch = 1 + rnd.nextInt(3_000);
                for (int k = 0; k < batch && i < events.size(); k++, i++) {
                    s.accept(events.get(i));
                    if (rnd.nextInt(10) == 0) {
                        s.accept(events.get(i)); // repeated inside the batch
                    }
                    if (rnd.nextInt(10) == 0) {
                        s.accept(events.get(rnd.nextInt(i + 1))); // re-delivered, maybe after it was stored
                    }
                }
                s.flush();
            }
            stored = s.stats().stored();
            assertThat(s.stats().duplicates()).isPositive();
            try (Connection c = s.connect()) {
                assertThat(one(c, "SELECT count(*) FROM liquidation") + one(c, "SELECT count(*) FROM trade")
                        + one(c, "SELECT count(*) FROM mark_price")).isEqualTo(events.size()).isEqualTo(stored);
                assertThat(rollupRows(c, Rollups.TRADE)).isPositive();
                assertThat(mismatches(c)).as("seed %d, partial rows", seed).isZero();
            }
        }
        // close compacted every minute into one row per key
        try (DuckDbStore s = DuckDbStore.open(file); Connection c = s.connect()) {
            assertThat(mismatches(c)).as("seed %d, compacted", seed).isZero();
            for (Rollups.Rollup r : Rollups.ALL) {
                assertThat(one(c, "SELECT count(*) FROM (SELECT ts, " + r.keyList("") + " FROM " + r.name() + " GROUP BY ALL HAVING count(*) > 1)"))
                        .as(r.name()).isZero();
            }
        }
    }

    @Test
    void aStoreFileWithoutRollupsIsRolledUpAtItsFirstOpen() throws Exception {
        Path file = dir.resolve("old.duckdb");
        try (DuckDbStore s = DuckDbStore.open(file)) {
            randomEvents(new SplittableRandom(7), 1_760_000_000_000L, 30, 3_000).forEach(s::accept);
        }
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + file); Statement st = c.createStatement()) {
            for (Rollups.Rollup r : Rollups.ALL) {
                st.execute("DROP TABLE " + r.name());
            }
        }
        try (DuckDbStore s = DuckDbStore.open(file); Connection c = s.connect()) {
            assertThat(rollupRows(c, Rollups.LIQUIDATION)).isPositive();
            assertThat(mismatches(c)).isZero();
        }
    }

    /** liquidation_1m as the version before its largest notional created it and filled it, verbatim. */
    private static final String OLD_LIQUIDATION_ROLLUP_DDL = "CREATE TABLE liquidation_1m (ts BIGINT NOT NULL, source VARCHAR NOT NULL, "
            + "exchange VARCHAR NOT NULL, market VARCHAR NOT NULL, symbol VARCHAR NOT NULL, side VARCHAR NOT NULL, "
            + "completeness VARCHAR NOT NULL, n BIGINT NOT NULL, notional_usd_e6 BIGINT NOT NULL)";
    private static final String OLD_LIQUIDATION_ROLLUP_FILL = "INSERT INTO liquidation_1m SELECT ts - ts % 60000 AS minute_ts, source, "
            + "exchange, market, symbol, side, completeness, count(*) AS n, sum(notional_usd_e6) AS notional_usd_e6 FROM liquidation "
            + "GROUP BY minute_ts, source, exchange, market, symbol, side, completeness";

    @Test
    void aStoreWithTheOldLiquidationRollupGetsTheLargestNotionalOnceAtOpen() throws Exception {
        Path file = dir.resolve("before-max.duckdb");
        long t0 = T0;
        try (DuckDbStore s = DuckDbStore.open(file)) {
            randomEvents(new SplittableRandom(11), t0, 600, 6_000).forEach(s::accept);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement st = c.createStatement()) {
            st.execute("DROP TABLE liquidation_1m");
            st.execute(OLD_LIQUIDATION_ROLLUP_DDL);
            st.execute(OLD_LIQUIDATION_ROLLUP_FILL);
        }
        long from = t0 + 7_777;
        long to = t0 + 599 * 60_000L + 1_234;
        String before;
        try (Connection c = ReadAccess.open(file)) { // read-only: the rollup cannot be migrated, the read takes every row
            SqlQueryStore q = new SqlQueryStore(c);
            assertThat(q.largestBound(from, to, "BTC", 25)).isNull();
            List<?> largest = q.largestLiquidations(from, to, "BTC", 25);
            assertThat(largest).hasSize(25);
            before = largest.toString();
        }
        try (DuckDbStore s = DuckDbStore.open(file); Connection c = s.connect()) {
            assertThat(DuckDbStore.hasColumns(c, "liquidation_1m", Rollups.LIQUIDATION.columnNames())).isTrue();
            assertThat(mismatches(c)).as("every rollup, the largest notional included, equals its raw rows").isZero();
            SqlQueryStore q = new SqlQueryStore(c);
            assertThat(q.largestBound(from, to, "BTC", 25)).isNotNull();
            assertThat(q.largestLiquidations(from, to, "BTC", 25).toString()).isEqualTo(before);
        }
        // Marked behind the store's back: a rebuild at the next open would wipe the mark.
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement st = c.createStatement()) {
            st.execute("UPDATE liquidation_1m SET max_notional_usd_e6 = -1 WHERE ts = (SELECT min(ts) FROM liquidation_1m)");
        }
        try (DuckDbStore s = DuckDbStore.open(file); Connection c = s.connect()) {
            assertThat(one(c, "SELECT count(*) FROM liquidation_1m WHERE max_notional_usd_e6 = -1")).as("not rebuilt again").isPositive();
        }
    }

    @Test
    void aRollupOfExpiringRowsMissingAColumnIsRefusedNotRebuilt() throws Exception {
        Path file = dir.resolve("old-trade-rollup.duckdb");
        try (DuckDbStore s = DuckDbStore.open(file)) {
            randomEvents(new SplittableRandom(12), T0, 60, 600).forEach(s::accept);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE trade_1m DROP COLUMN qty_e8");
        }
        assertThatThrownBy(() -> DuckDbStore.open(file)).isInstanceOf(StoreException.class)
                .hasMessageContaining("trade_1m").hasMessageContaining("cannot be rebuilt");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file)) {
            assertThat(one(c, "SELECT count(*) FROM trade_1m")).as("left as it was").isPositive();
        }
    }

    @Test
    void retentionExpiresOldRawTradesAndMarksOnlyAndKeepsTheirRollups() throws Exception {
        long now = System.currentTimeMillis();
        long old = now - 40 * DAY;
        long recent = now - DAY;
        SplittableRandom rnd = new SplittableRandom(11);
        Path file = dir.resolve("ret.duckdb");
        try (DuckDbStore s = DuckDbStore.open(file)) {
            randomEvents(rnd, old, 600, 6_000).forEach(s::accept);
            randomEvents(rnd, recent, 600, 6_000).forEach(s::accept);
            s.accept(new OpenInterest("okx", Exchange.OKX, MarketType.LINEAR, "BTC-USDT-SWAP", "BTC-USDT-PERP", 1, 2, old, old));
            s.flush();
            try (Connection c = s.connect()) {
                String rollupTotals = totals(c);
                long oldLiquidations = one(c, "SELECT count(*) FROM liquidation WHERE ts < " + (now - 30 * DAY));
                assertThat(oldLiquidations).isPositive();
                assertThat(one(c, "SELECT count(*) FROM trade WHERE ts < " + (now - 30 * DAY))).isPositive();

                s.retainRaw(Duration.ofDays(30));
                for (int i = 0; i < 200 && one(c, "SELECT count(*) FROM trade WHERE ts < " + (now - 29 * DAY))
                        + one(c, "SELECT count(*) FROM mark_price WHERE ts < " + (now - 29 * DAY)) > 0; i++) {
                    s.upkeepStep();
                }
                assertThat(one(c, "SELECT count(*) FROM trade WHERE ts < " + (now - 29 * DAY))).isZero();
                assertThat(one(c, "SELECT count(*) FROM mark_price WHERE ts < " + (now - 29 * DAY))).isZero();
                assertThat(one(c, "SELECT count(*) FROM trade WHERE ts >= " + recent)).isPositive();
                assertThat(one(c, "SELECT count(*) FROM mark_price WHERE ts >= " + recent)).isPositive();
                assertThat(one(c, "SELECT count(*) FROM liquidation WHERE ts < " + (now - 30 * DAY))).isEqualTo(oldLiquidations);
                assertThat(one(c, "SELECT count(*) FROM open_interest")).isEqualTo(1);
                assertThat(totals(c)).isEqualTo(rollupTotals);
                assertThat(Retention.rawFrom(c, "trade")).isGreaterThan(old + 600 * 60_000L).isLessThanOrEqualTo(now - 30 * DAY);
                assertThat(s.upkeep().rawDeleted()).isPositive();
            }
        }
    }

    /** Every rollup's merged totals, as text. */
    private static String totals(Connection c) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Rollups.Rollup r : Rollups.ALL) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT " + r.merge() + " FROM " + r.name())) {
                rs.next();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    sb.append(rs.getString(i)).append(' ');
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Test
    void ingestionGoesOnWhileRetentionDeletesABacklogInSlices() throws Exception {
        long now = System.currentTimeMillis();
        SplittableRandom rnd = new SplittableRandom(13);
        try (DuckDbStore s = DuckDbStore.open(dir.resolve("busy.duckdb")); Connection c = s.connect()) {
            // 120k old trades over 10 days, 40-50 days ago: more than one slice's worth
            for (int i = 0; i < 120_000; i++) {
                long ts = now - 50 * DAY + i * 7_200L;
                s.accept(new Trade("binance-usdm", Exchange.BINANCE, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP", TakerSide.BUY,
                        1, 1, 1_000_000, "old" + i, false, ts, ts));
            }
            s.flush();
            s.retainRaw(Duration.ofDays(30));
            long newTrades = 0;
            int flushesDuringBacklog = 0;
            for (int round = 0; round < 10_000 && one(c, "SELECT count(*) FROM trade WHERE ts < " + (now - 30 * DAY)) > 0; round++) {
                for (int k = 0; k < 100; k++) {
                    long ts = now - 1_000 + k;
                    s.accept(new Trade("binance-usdm", Exchange.BINANCE, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP", TakerSide.SELL,
                            1, 1, 1_000_000, "new" + round + "-" + k, false, ts, ts));
                    newTrades++;
                }
                assertThat(s.flush()).isEqualTo(100); // each flush stores its events, and runs one retention slice after
                assertThat(one(c, "SELECT count(*) FROM trade WHERE trade_id LIKE 'new%'")).isEqualTo(newTrades);
                flushesDuringBacklog++;
            }
            assertThat(one(c, "SELECT count(*) FROM trade WHERE ts < " + (now - 30 * DAY))).isZero();
            assertThat(flushesDuringBacklog).as("the backlog took several slices, each after a flush").isGreaterThan(2);
            assertThat(one(c, "SELECT sum(n) FROM trade_1m")).isEqualTo(120_000 + newTrades);
        }
    }
}
