package dev.cascade.store;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import dev.cascade.core.port.QueryStore.LiquidationEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The largest-liquidations read bounded by the rollup ({@link RollupSql#largestBound}) returns exactly what a full scan
 * of the raw rows gives: random windows (edges on and off the minute), coin filters and limits (some above the rows),
 * notional ties, duplicates re-delivered across flushes, aggregate buckets that must stay excluded, and retention
 * deleting raw trades and marks meanwhile.
 */
class LargestFromRollupTest {
    private static final long HOUR = 3_600_000L;
    @TempDir
    Path dir;

    /** RollupsTest's three derivative feeds (sampled, complete, partial) and an aggregate feed, which the read excludes. */
    private static final String[][] VENUES = {RollupsTest.VENUES[0], RollupsTest.VENUES[1], RollupsTest.VENUES[2],
            {"coinglass", "BINANCE", "LINEAR", "BTCUSDT", "BTC-USDT-PERP", "AGGREGATE"}};

    /** An in-memory store holding BTC long liquidations, one per {ms after t0, notional USD e6}, flushed. */
    private static DuckDbStore storeWith(long t0, long[]... rows) {
        DuckDbStore s = DuckDbStore.open(null);
        for (int i = 0; i < rows.length; i++) {
            s.accept(liquidation(VENUES[0], PositionSide.LONG, t0 + rows[i][0], rows[i][1], "k" + i));
        }
        s.flush();
        return s;
    }

    private static Liquidation liquidation(String[] v, PositionSide side, long ts, long usd, String key) {
        return new Liquidation(v[0], Exchange.valueOf(v[1]), MarketType.valueOf(v[2]), v[3], v[4], side, 50_000 * 100_000_000L,
                100_000_000L, usd, 100_000_000L, QuantityUnit.BASE, PriceKind.AVERAGE_FILL, side == PositionSide.LONG ? "SELL" : "BUY",
                ts, ts + 3, Completeness.valueOf(v[5]), v[0] + "|liq|" + key);
    }

    /**
     * Liquidations over {@code hours} hours, notionals from a few dozen values (ties everywhere, the aggregate feed's
     * among the largest), times on a 250 ms grid (ties in time too); and as many trades and mark prices, which
     * retention expires.
     */
    private static List<MarketEvent> events(SplittableRandom rnd, long t0, int hours, int n) {
        List<MarketEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String[] v = VENUES[rnd.nextInt(VENUES.length)];
            long ts = t0 + rnd.nextLong(hours * HOUR / 250) * 250;
            long usd = (1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 40 : 8)) * 1_000_000_000L;
            if (v[5].equals("AGGREGATE")) {
                usd *= 3;
            }
            out.add(liquidation(v, rnd.nextBoolean() ? PositionSide.LONG : PositionSide.SHORT, ts, usd, Integer.toString(i)));
            Exchange ex = Exchange.valueOf(v[1]);
            MarketType market = MarketType.valueOf(v[2]);
            out.add(new Trade(v[0], ex, market, v[3], v[4], TakerSide.BUY, 50_000 * 100_000_000L, 100_000_000L, usd, "t" + i, false, ts, ts + 3));
            out.add(new MarkPrice(v[0], ex, market, v[3], v[4], 50_000 * 100_000_000L, 50_000 * 100_000_000L, ts, ts + 3));
        }
        Collections.shuffle(out, new Random(rnd.nextLong()));
        return out;
    }

    /** A stored liquidation as the oracle sees it: the read's columns plus what the read filters and orders on. */
    private record Stored(LiquidationEvent event, long eventId, String completeness) {
    }

    /** Every stored liquidation, by a plain scan of the whole table (no window, filter, order or limit in SQL). */
    private static List<Stored> scanAll(Connection c) {
        return Jdbc.list(c, "test", "SELECT ts, source, exchange, symbol, side, price_e8, qty_e8, notional_usd_e6, event_id, completeness"
                        + " FROM liquidation", ps -> { },
                rs -> new Stored(new LiquidationEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8)), rs.getLong(9), rs.getString(10)));
    }

    /** The answer by definition: the window's non-aggregate rows of the coin, largest notional first, then ts, then id. */
    private static List<LiquidationEvent> oracle(List<Stored> all, long from, long to, String coin, int limit) {
        return all.stream()
                .filter(r -> r.event().ts() >= from && r.event().ts() < to && !r.completeness().equals("AGGREGATE")
                        && (coin == null || r.event().symbol().startsWith(coin + "-")))
                .sorted(Comparator.comparingLong((Stored r) -> -r.event().notionalUsd()).thenComparingLong(r -> r.event().ts())
                        .thenComparingLong(Stored::eventId))
                .limit(limit).map(Stored::event).toList();
    }

    private static List<LiquidationEvent> raw(Connection c, long from, long to, String coin, int limit) {
        return read(c, PortableSql.largestLiquidations(PortableSql.DUCKDB, from, to, coin, limit));
    }

    private static List<LiquidationEvent> read(Connection c, PortableSql.Read q) {
        return Jdbc.list(c, "test", q.sql(), ps -> SqlQueryStore.bind(ps, q.params()),
                rs -> new LiquidationEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8)));
    }

    private static Long bound(Connection c, long from, long to, String coin, int limit) {
        PortableSql.Read q = RollupSql.largestBound(PortableSql.DUCKDB, from, to, coin, limit);
        List<Long> v = Jdbc.list(c, "test", q.sql(), ps -> SqlQueryStore.bind(ps, q.params()), rs -> rs.getLong(1));
        return v.isEmpty() ? null : v.get(0);
    }

    /** The {@code limit}-th largest per-minute-and-key maximum, computed from the raw rows (null: fewer groups). */
    private static Long nthLargestGroupMax(Connection c, long from, long to, String coin, int limit) {
        long a = Rollups.minuteOf(from) == from ? from : Rollups.minuteOf(from) + Rollups.MINUTE_MS;
        long b = Rollups.minuteOf(to);
        String sql = "SELECT top FROM (SELECT max(notional_usd_e6) AS top FROM liquidation WHERE ts >= ? AND ts < ?"
                + " AND completeness <> 'AGGREGATE' AND symbol LIKE ? GROUP BY ts - ts % 60000, source, exchange, market, symbol, side,"
                + " completeness UNION ALL SELECT notional_usd_e6 FROM liquidation WHERE ((ts >= ? AND ts < ?) OR (ts >= ? AND ts < ?))"
                + " AND completeness <> 'AGGREGATE' AND symbol LIKE ?) ORDER BY top DESC LIMIT 1 OFFSET ?";
        String like = coin == null ? "%" : coin + "-%";
        List<Long> v = Jdbc.list(c, "test", sql, ps -> {
            ps.setLong(1, a);
            ps.setLong(2, b);
            ps.setString(3, like);
            ps.setLong(4, from);
            ps.setLong(5, a);
            ps.setLong(6, b);
            ps.setLong(7, to);
            ps.setString(8, like);
            ps.setLong(9, limit - 1);
        }, rs -> rs.getLong(1));
        return v.isEmpty() ? null : v.get(0);
    }

    @Test
    void theBoundedReadEqualsAFullRawScanOnRandomWindows() throws Exception {
        long seed = RollupsTest.printedSeed("LargestFromRollupTest");
        SplittableRandom rnd = new SplittableRandom(seed);
        long t0 = RollupsTest.T0;
        List<MarketEvent> events = events(rnd, t0, 30, 12_000);
        try (DuckDbStore s = DuckDbStore.open(dir.resolve("largest.duckdb")); Connection c = s.connect()) {
            for (int i = 0; i < events.size(); i++) {
                s.accept(events.get(i));
                if (rnd.nextInt(8) == 0) {
                    s.accept(events.get(rnd.nextInt(i + 1))); // re-delivered, maybe after it was stored
                }
                if (i % 3_001 == 0) {
                    s.flush(); // partial rollup rows: a minute's rows split over flushes
                }
            }
            s.flush();
            assertThat(s.stats().duplicates()).isPositive();
            // Retention at work on the same store: raw trades and marks of the first 20 hours expire, liquidations stay.
            s.retainRaw(Duration.ofHours(10));
            for (int i = 0; i < 500 && RollupsTest.one(c, "SELECT count(*) FROM trade WHERE ts < " + (t0 + 19 * HOUR)) > 0; i++) {
                s.upkeepStep();
            }
            assertThat(s.upkeep().rawDeleted()).isPositive();
            assertThat(Retention.rawFrom(c, "trade")).isGreaterThan(t0 + 18 * HOUR);
            List<Stored> all = scanAll(c);
            assertThat(all).hasSize((int) events.stream().filter(e -> e instanceof Liquidation).count()); // once each
            SqlQueryStore store = new SqlQueryStore(c);
            checkRandomWindows(seed, rnd, c, store, all, false, 80);
            s.rebuildRollups(); // one row per minute and key, as a compaction leaves them
            checkRandomWindows(seed, rnd, c, store, all, true, 30);
        }
    }

    /**
     * Random windows (edges on and off the minute, short and long), coins (one with no rows) and limits (some larger
     * than the window's rows): the store's read, bounded or not, equals the oracle over the full scan.
     */
    private static void checkRandomWindows(long seed, SplittableRandom rnd, Connection c, SqlQueryStore store, List<Stored> all,
                                           boolean compacted, int rounds) {
        String state = compacted ? "compacted" : "partial rows";
        String[] coins = {null, "BTC", "ETH", "SOL"};
        int[] limits = {1, 2, 3, 10, 50, 700, 10_000};
        int bounded = 0;
        int limitAboveRows = 0;
        for (int round = 0; round < rounds; round++) {
            long from = RollupsTest.T0 - 10 * 60_000L + rnd.nextLong(28 * HOUR);
            long to = from + 1 + rnd.nextLong(round % 4 == 0 ? 2 * HOUR : 40 * HOUR);
            if (round % 5 == 0) {
                from = Rollups.minuteOf(from);
                to = Rollups.minuteOf(to) + Rollups.MINUTE_MS;
            }
            String coin = coins[rnd.nextInt(coins.length)];
            int limit = limits[rnd.nextInt(limits.length)];
            String at = "seed " + seed + ", " + state + ", window " + from + ".." + to + " coin " + coin + " limit " + limit;
            List<LiquidationEvent> expected = oracle(all, from, to, coin, limit);
            assertThat(store.largestLiquidations(from, to, coin, limit)).as(at).isEqualTo(expected);
            Long m = store.largestBound(from, to, coin, limit);
            if (m != null) {
                bounded++;
                assertThat(expected).as(at).hasSize(limit);
                assertThat(m).as(at + ": at most the limit-th largest").isLessThanOrEqualTo(expected.get(limit - 1).notionalUsd());
                // Not a trivial bound: the limit-th largest maximum of whole minutes and keys once compacted, and at
                // least that while a minute is split over flushes (finer groups, larger maxima).
                Long coarse = nthLargestGroupMax(c, from, to, coin, limit);
                if (compacted) {
                    assertThat(m).as(at).isEqualTo(coarse);
                } else if (coarse != null) {
                    assertThat(m).as(at).isGreaterThanOrEqualTo(coarse);
                }
            }
            if (expected.size() < limit) {
                limitAboveRows++;
            }
        }
        assertThat(bounded).as("rounds where the bound applied, " + state).isGreaterThan(rounds / 4);
        assertThat(limitAboveRows).as("rounds with a limit above the window's rows, " + state).isPositive();
    }

    @Test
    void theBoundIsTheLimitThLargestMinuteMaximumNotTheOneBefore() throws Exception {
        long t0 = Rollups.minuteOf(RollupsTest.T0); // the first minute is whole, not a raw edge
        // The two largest liquidations share one minute; the next minutes' maxima are smaller than the second largest.
        try (DuckDbStore s = storeWith(t0, new long[] {1_000, 900_000_000_000L}, new long[] {2_000, 800_000_000_000L},
                new long[] {61_000, 300_000_000_000L}, new long[] {122_000, 200_000_000_000L}, new long[] {123_000, 100_000_000_000L});
             Connection c = s.connect()) {
            long from = t0;
            long to = t0 + 7 * HOUR;
            // minute maxima 900, 300, 200: the 2nd is 300 (the 1st, 900, would drop "b"; 200 would be merely slower)
            assertThat(bound(c, from, to, null, 2)).isEqualTo(300_000_000_000L);
            assertThat(new SqlQueryStore(c).largestLiquidations(from, to, null, 2)).extracting(LiquidationEvent::notionalUsd)
                    .containsExactly(900_000_000_000L, 800_000_000_000L);
            assertThat(read(c, PortableSql.largestLiquidations(PortableSql.DUCKDB, from, to, null, 2, 900_000_000_000L)))
                    .as("a bound above the 2nd largest loses it").hasSize(1);
            assertThat(bound(c, from, to, null, 4)).as("fewer minute-groups than the limit: no bound").isNull();
            assertThat(new SqlQueryStore(c).largestLiquidations(from, to, null, 4)).hasSize(4);
        }
    }

    @Test
    void rowsTiedWithTheBoundAreRead() throws Exception {
        long t0 = Rollups.minuteOf(RollupsTest.T0);
        // Minute maxima 900, 300, 300: the bound for 2 and for 3 is 300, which three rows share (one in the first minute).
        try (DuckDbStore s = storeWith(t0, new long[] {1_000, 900_000_000_000L}, new long[] {2_000, 300_000_000_000L},
                new long[] {61_000, 300_000_000_000L}, new long[] {122_000, 300_000_000_000L});
             Connection c = s.connect()) {
            SqlQueryStore store = new SqlQueryStore(c);
            long to = t0 + 7 * HOUR;
            assertThat(store.largestBound(t0, to, null, 2)).isEqualTo(300_000_000_000L);
            assertThat(store.largestLiquidations(t0, to, null, 2)).extracting(LiquidationEvent::ts).containsExactly(t0 + 1_000, t0 + 2_000);
            assertThat(store.largestLiquidations(t0, to, null, 3)).extracting(LiquidationEvent::ts)
                    .containsExactly(t0 + 1_000, t0 + 2_000, t0 + 61_000);
        }
    }
}
