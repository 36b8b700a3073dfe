package dev.cascade.store;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.port.QueryStore.LiquidationEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The largest-liquidations read bounded by the rollup ({@link RollupSql#largestBound}) returns exactly the raw query's
 * rows: random windows (edges on and off the minute), coin filters and limits, notional ties, duplicates re-delivered
 * across flushes, and aggregate buckets that must stay excluded.
 */
class LargestFromRollupTest {
    private static final long HOUR = 3_600_000L;
    @TempDir
    Path dir;

    private static final String[][] VENUES = {
            {"binance-usdm", "BINANCE", "LINEAR", "BTCUSDT", "BTC-USDT-PERP", "SAMPLED_1S_PER_SYMBOL"},
            {"bybit-linear", "BYBIT", "LINEAR", "ETHUSDT", "ETH-USDT-PERP", "COMPLETE"},
            {"okx", "OKX", "INVERSE", "BTC-USD-SWAP", "BTC-USD-PERP", "PARTIAL"},
            {"coinglass", "BINANCE", "LINEAR", "BTCUSDT", "BTC-USDT-PERP", "AGGREGATE"},
    };

    private static Liquidation liquidation(String[] v, PositionSide side, long ts, long usd, String key) {
        return new Liquidation(v[0], Exchange.valueOf(v[1]), MarketType.valueOf(v[2]), v[3], v[4], side, 50_000 * 100_000_000L,
                100_000_000L, usd, 100_000_000L, QuantityUnit.BASE, PriceKind.AVERAGE_FILL, side == PositionSide.LONG ? "SELL" : "BUY",
                ts, ts + 3, Completeness.valueOf(v[5]), v[0] + "|liq|" + key);
    }

    /**
     * Liquidations over {@code hours} hours, notionals from a few dozen values (ties everywhere, the aggregate feed's
     * among the largest), times on a 250 ms grid (ties in time too).
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
        }
        Collections.shuffle(out, new Random(rnd.nextLong()));
        return out;
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
    void theBoundedReadEqualsTheRawQueryOnRandomWindows() throws Exception {
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
                if (i % 1_009 == 0) {
                    s.flush(); // partial rollup rows: a minute's rows split over flushes
                }
            }
            s.flush();
            assertThat(s.stats().duplicates()).isPositive();
            SqlQueryStore store = new SqlQueryStore(c);
            String[] coins = {null, "BTC", "ETH", "SOL"};
            int[] limits = {1, 2, 3, 10, 50, 700};
            int bounded = 0;
            for (int round = 0; round < 60; round++) {
                long from = t0 - 10 * 60_000L + rnd.nextLong(28 * HOUR);
                long to = from + 60_000 + rnd.nextLong(round % 3 == 0 ? 40 * HOUR : 2 * HOUR);
                if (round % 4 == 0) {
                    from = Rollups.minuteOf(from);
                    to = Rollups.minuteOf(to);
                }
                if (!RollupSql.fits(from, to, 0)) {
                    continue;
                }
                String coin = coins[rnd.nextInt(coins.length)];
                int limit = limits[rnd.nextInt(limits.length)];
                String at = "seed " + seed + " window " + from + ".." + to + " coin " + coin + " limit " + limit;
                List<LiquidationEvent> expected = raw(c, from, to, coin, limit);
                Long m = bound(c, from, to, coin, limit);
                // Flushes split minutes into several rollup rows (finer groups): the bound is at least the limit-th
                // largest maximum of whole minutes, and (below) at most the limit-th largest liquidation.
                Long coarse = nthLargestGroupMax(c, from, to, coin, limit);
                if (coarse != null) {
                    assertThat(m).as(at).isNotNull().isGreaterThanOrEqualTo(coarse);
                }
                assertThat(read(c, PortableSql.largestLiquidations(PortableSql.DUCKDB, from, to, coin, limit, m))).as(at).isEqualTo(expected);
                assertThat(store.largestLiquidations(from, to, coin, limit)).as(at).isEqualTo(expected);
                if (m != null && !expected.isEmpty()) {
                    bounded++;
                    assertThat(m).as(at).isLessThanOrEqualTo(expected.get(expected.size() - 1).notionalUsd());
                }
            }
            assertThat(bounded).as("rounds where the bound applied").isGreaterThan(10);
            s.rebuildRollups(); // one row per minute and key, as a compaction leaves them
            for (int round = 0; round < 20; round++) {
                long from = t0 + rnd.nextLong(20 * HOUR);
                long to = from + HOUR + rnd.nextLong(10 * HOUR);
                String coin = coins[rnd.nextInt(coins.length)];
                int limit = limits[rnd.nextInt(limits.length)];
                String at = "seed " + seed + " rebuilt, window " + from + ".." + to + " coin " + coin + " limit " + limit;
                assertThat(bound(c, from, to, coin, limit)).as(at + ": one row per minute and key, so exactly the limit-th")
                        .isEqualTo(nthLargestGroupMax(c, from, to, coin, limit));
                assertThat(store.largestLiquidations(from, to, coin, limit)).as(at).isEqualTo(raw(c, from, to, coin, limit));
            }
        }
    }

    @Test
    void theBoundIsTheLimitThLargestMinuteMaximumNotTheOneBefore() throws Exception {
        long t0 = Rollups.minuteOf(RollupsTest.T0); // the first minute is whole, not a raw edge
        String[] btc = VENUES[0];
        // The two largest liquidations share one minute; the next minutes' maxima are smaller than the second largest.
        List<MarketEvent> events = List.of(liquidation(btc, PositionSide.LONG, t0 + 1_000, 900_000_000_000L, "a"),
                liquidation(btc, PositionSide.LONG, t0 + 2_000, 800_000_000_000L, "b"),
                liquidation(btc, PositionSide.LONG, t0 + 61_000, 300_000_000_000L, "c"),
                liquidation(btc, PositionSide.LONG, t0 + 122_000, 200_000_000_000L, "d"),
                liquidation(btc, PositionSide.LONG, t0 + 123_000, 100_000_000_000L, "e"));
        try (DuckDbStore s = DuckDbStore.open(null); Connection c = s.connect()) {
            events.forEach(s::accept);
            s.flush();
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
}
