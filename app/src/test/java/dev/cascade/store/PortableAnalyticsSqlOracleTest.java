package dev.cascade.store;

import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.port.QueryStore;
import dev.cascade.replay.BundleBuilder;
import dev.cascade.replay.Replayer;
import dev.cascade.replay.SyntheticCrashGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Oracle test for the move of the analytics reads into {@link PortableSql}: on the bundled data (real CoinGlass files,
 * the synthetic crash, plus seeded trades since no bundled file has trades) the portable DuckDB rendering returns
 * exactly - same rows, same order - what the embedded store's previous hand-written SQL ({@link Legacy}, kept here
 * verbatim as the oracle) returned, over several windows, bucket sizes and coin filters.
 */
class PortableAnalyticsSqlOracleTest {
    static final Path DATA = Path.of(System.getProperty("cascade.root", "..")).resolve("data");
    static final long SEED = 77L;
    static DuckDbStore store;
    static Connection conn;

    @BeforeAll
    static void load() {
        store = DuckDbStore.open(null);
        List<Path> files = List.of(DATA.resolve(BundleBuilder.LIQ), DATA.resolve(BundleBuilder.OI), DATA.resolve(BundleBuilder.FUNDING_CG),
                DATA.resolve(BundleBuilder.FUNDING_BINANCE), DATA.resolve(SyntheticCrashGenerator.FILE));
        Replayer.Result r = new Replayer(Instruments.withDefaults()).replay(files, store, (a, b) -> { });
        assertThat(r.rejectedFrames()).isZero();
        System.out.println("PortableAnalyticsSqlOracleTest seed " + SEED);
        SplittableRandom rnd = new SplittableRandom(SEED);
        String[] symbols = {"BTC-USDT-PERP", "ETH-USDT-PERP", "BTC-USD-PERP", "BTC-USDT"};
        MarketType[] markets = {MarketType.LINEAR, MarketType.LINEAR, MarketType.INVERSE, MarketType.SPOT};
        Exchange[] exchanges = {Exchange.BINANCE, Exchange.BYBIT, Exchange.OKX};
        for (int i = 0; i < 2_000; i++) {
            int k = rnd.nextInt(symbols.length);
            Exchange ex = exchanges[rnd.nextInt(exchanges.length)];
            long ts = SyntheticCrashGenerator.FROM + rnd.nextLong(SyntheticCrashGenerator.TO - SyntheticCrashGenerator.FROM);
            store.accept(new Trade(ex.name().toLowerCase() + "-test", ex, markets[k], symbols[k], symbols[k], TakerSide.SELL,
                    110_000_00000000L, 100_000_000L, (1 + rnd.nextInt(1_000_000)) * 1_000_000L, "t" + i, false, ts, ts));
        }
        store.flush();
        conn = store.connect();
    }

    @AfterAll
    static void close() throws Exception {
        conn.close();
        store.close();
    }

    @Test
    void portableRenderingReturnsExactlyWhatThePreviousSqlReturned() throws SQLException {
        QueryStore now = new SqlQueryStore(conn);
        Legacy before = new Legacy(conn);
        long d0 = Instant.parse("2025-10-10T00:00:00Z").toEpochMilli();
        long[][] windows = {{d0, d0 + 2 * 86_400_000L}, {SyntheticCrashGenerator.FROM, SyntheticCrashGenerator.TO},
                {d0 + 20 * 3_600_000L + 7_000, d0 + 22 * 3_600_000L - 1}, {d0 - 200 * 86_400_000L, d0 + 40 * 86_400_000L}};
        long[] buckets = {60_000L, 15 * 60_000L, 4 * 3_600_000L, 7_000L};
        int nonEmpty = 0;
        for (long[] w : windows) {
            for (String coin : Arrays.asList(null, "BTC", "ETH", "%", "NOPE")) {
                for (long b : buckets) {
                    nonEmpty += same(now.liquidationBuckets(w[0], w[1], b, coin), before.liquidationBuckets(w[0], w[1], b, coin));
                    nonEmpty += same(now.openInterest(w[0], w[1], b, coin), before.openInterest(w[0], w[1], b, coin));
                    nonEmpty += same(now.markPriceBars(w[0], w[1], b, coin), before.markPriceBars(w[0], w[1], b, coin));
                }
                nonEmpty += same(now.funding(w[0], w[1], coin), before.funding(w[0], w[1], coin));
                for (int limit : new int[] {1, 20, 10_000}) {
                    nonEmpty += same(now.largestLiquidations(w[0], w[1], coin, limit), before.largestLiquidations(w[0], w[1], coin, limit));
                }
                nonEmpty += same(now.tradeVolume(w[0], w[1], coin), before.tradeVolume(w[0], w[1], coin));
            }
            nonEmpty += same(now.sources(w[0], w[1]), before.sources(w[0], w[1]));
        }
        // Most combinations have rows: the comparison is not between empty lists.
        assertThat(nonEmpty).isGreaterThan(120);
    }

    private static <T> int same(List<T> now, List<T> before) {
        assertThat(now).containsExactlyElementsOf(before);
        return now.isEmpty() ? 0 : 1;
    }

    /** The embedded store's analytics SQL as it was before the move to PortableSql (the oracle). */
    static final class Legacy {
        private static final String COIN = " AND (CAST(? AS VARCHAR) IS NULL OR symbol LIKE ?)";
        private final Connection conn;

        Legacy(Connection conn) {
            this.conn = conn;
        }

        private static String coinPattern(String baseCoin) {
            return baseCoin == null ? null : baseCoin.replace("%", "").replace("_", "") + "-%";
        }

        private interface Mapper<T> {
            T map(ResultSet rs) throws SQLException;
        }

        private <T> List<T> list(String sql, Object[] args, Mapper<T> m) throws SQLException {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(m.map(rs));
                    }
                }
                return out;
            }
        }

        List<QueryStore.LiquidationBucket> liquidationBuckets(long from, long to, long bucket, String coin) throws SQLException {
            String sql = "SELECT ts - ts % ? AS b, exchange, side, count(*), CAST(sum(notional_usd_e6) AS BIGINT), "
                    + "(max(CASE WHEN completeness IN (" + PortableSql.LOWER_BOUND + ") THEN 1 ELSE 0 END) = 1) FROM liquidation WHERE ts >= ? AND ts < ?" + COIN
                    + " GROUP BY b, exchange, side ORDER BY b, exchange, side";
            return list(sql, new Object[] {bucket, from, to, coinPattern(coin), coinPattern(coin)}, rs -> new QueryStore.LiquidationBucket(
                    rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getBoolean(6)));
        }

        List<QueryStore.OiSample> openInterest(long from, long to, long bucket, String coin) throws SQLException {
            String sql = "SELECT ts - ts % ? AS b, source, exchange, symbol, argMax(oi_usd_e6, ts) FROM open_interest "
                    + "WHERE ts >= ? AND ts < ?" + COIN + " GROUP BY b, source, exchange, symbol ORDER BY b, exchange, symbol, source";
            return list(sql, new Object[] {bucket, from, to, coinPattern(coin), coinPattern(coin)}, rs -> new QueryStore.OiSample(
                    rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
        }

        List<QueryStore.FundingSample> funding(long from, long to, String coin) throws SQLException {
            String sql = "SELECT ts, source, exchange, symbol, rate_e12, interval_hours FROM funding WHERE ts >= ? AND ts < ?" + COIN
                    + " ORDER BY ts, exchange, symbol, source, event_id";
            return list(sql, new Object[] {from, to, coinPattern(coin), coinPattern(coin)}, rs -> new QueryStore.FundingSample(
                    rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getInt(6)));
        }

        List<QueryStore.PriceBar> markPriceBars(long from, long to, long bucket, String coin) throws SQLException {
            String sql = "SELECT ts - ts % ? AS b, source, exchange, argMin(mark_e8, ts), max(mark_e8), min(mark_e8), argMax(mark_e8, ts), "
                    + "count(*) FROM mark_price WHERE ts >= ? AND ts < ?" + COIN + " GROUP BY b, source, exchange ORDER BY b, exchange, source";
            return list(sql, new Object[] {bucket, from, to, coinPattern(coin), coinPattern(coin)}, rs -> new QueryStore.PriceBar(
                    rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
        }

        List<QueryStore.LiquidationEvent> largestLiquidations(long from, long to, String coin, int limit) throws SQLException {
            String sql = "SELECT ts, source, exchange, symbol, side, price_e8, qty_e8, notional_usd_e6 FROM liquidation "
                    + "WHERE ts >= ? AND ts < ? AND completeness <> 'AGGREGATE'" + COIN
                    + " ORDER BY notional_usd_e6 DESC, ts, event_id LIMIT ?";
            return list(sql, new Object[] {from, to, coinPattern(coin), coinPattern(coin), limit}, rs -> new QueryStore.LiquidationEvent(
                    rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7),
                    rs.getLong(8)));
        }

        List<QueryStore.VolumeTotal> tradeVolume(long from, long to, String coin) throws SQLException {
            String sql = "SELECT exchange, market, count(*), CAST(sum(notional_usd_e6) AS BIGINT) FROM trade WHERE ts >= ? AND ts < ?"
                    + COIN + " GROUP BY exchange, market ORDER BY 4 DESC, exchange, market";
            return list(sql, new Object[] {from, to, coinPattern(coin), coinPattern(coin)}, rs -> new QueryStore.VolumeTotal(
                    rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
        }

        List<QueryStore.SourceCount> sources(long from, long to) throws SQLException {
            StringBuilder sql = new StringBuilder();
            List<Object> args = new ArrayList<>();
            for (String table : List.of("liquidation", "open_interest", "funding", "mark_price", "trade")) {
                if (sql.length() > 0) {
                    sql.append(" UNION ALL ");
                }
                sql.append("SELECT '").append(table).append("', source, count(*) FROM ").append(table)
                        .append(" WHERE ts >= ? AND ts < ? GROUP BY source");
                args.add(from);
                args.add(to);
            }
            sql.append(" ORDER BY 1, 2");
            return list(sql.toString(), args.toArray(), rs -> new QueryStore.SourceCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
        }
    }
}
