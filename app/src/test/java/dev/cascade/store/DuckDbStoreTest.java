package dev.cascade.store;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.FeedGap;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.model.SourceClass;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.QueryStore.Dimension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DuckDbStoreTest {
    @TempDir
    Path dir;

    static long count(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void storesEachEventOnceAcrossFlushesAndReopens() throws Exception {
        Path file = dir.resolve("s.duckdb");
        try (DuckDbStore s = DuckDbStore.open(file)) {
            for (int i = 0; i < 1000; i++) {
                s.accept(Events.liquidation(1_000_000 + i, 10 + i, PositionSide.LONG));
            }
            s.accept(Events.liquidation(1_000_000, 10, PositionSide.LONG)); // duplicate inside the batch
            assertThat(s.flush()).isEqualTo(1000);
            for (int i = 0; i < 1000; i += 2) {
                s.accept(Events.liquidation(1_000_000 + i, 10 + i, PositionSide.LONG)); // re-sent after a "reconnect"
            }
            assertThat(s.flush()).isZero();
            assertThat(s.stats().duplicates()).isEqualTo(501);
        }
        try (DuckDbStore s = DuckDbStore.open(file)) {
            s.accept(Events.liquidation(1_000_999, 1009, PositionSide.LONG)); // replayed in a later run
            s.accept(Events.liquidation(1_001_000, 1, PositionSide.SHORT)); // new
            assertThat(s.flush()).isEqualTo(1);
            try (Connection c = s.connect()) {
                assertThat(count(c, "SELECT count(*) FROM liquidation")).isEqualTo(1001);
                assertThat(count(c, "SELECT count(DISTINCT event_id) FROM liquidation")).isEqualTo(1001);
                // Nothing is left waiting in the (connection-private) stage: everything appended was stored or dropped.
                assertThat(s.stats().appended()).isEqualTo(s.stats().stored() + s.stats().duplicates());
            }
        }
    }

    /** A store file deleted under the writer is a store failure at the next flush, not writes into a vanished file. */
    @Test
    void aFlushAfterTheFileWasDeletedFailsNamingIt() throws Exception {
        Path file = dir.resolve("gone.duckdb");
        try (DuckDbStore s = DuckDbStore.open(file)) {
            s.accept(Events.liquidation(1_000_000, 10, PositionSide.LONG));
            assertThat(s.flush()).isEqualTo(1);
            Files.delete(file);
            s.accept(Events.liquidation(1_000_001, 10, PositionSide.LONG));
            assertThatThrownBy(s::flush).isInstanceOf(StoreException.class)
                    .hasMessageContaining("the store file " + file + " is gone");
            assertThat(s.flush()).as("the failed batch is not retried into the lost file").isZero();
        }
    }

    @Test
    void keepsExactFixedPointValuesAndRawFields() throws Exception {
        try (DuckDbStore s = DuckDbStore.open(null)) {
            s.accept(new Liquidation("okx", Exchange.OKX, MarketType.LINEAR, "BTC-USDT-SWAP", "BTC-USDT-PERP",
                    PositionSide.LONG, 5_710_290_000_000L, 10_000_000_000L, 5_710_290_000_000L, 1_000_000_000_000L,
                    QuantityUnit.CONTRACTS, PriceKind.BANKRUPTCY, "sell", 1723038122631L, 1723038122700L,
                    Completeness.PARTIAL, "okx|k"));
            s.accept(new OpenInterest("okx", Exchange.OKX, MarketType.LINEAR, "BTC-USDT-SWAP", "BTC-USDT-PERP", 1, 2, 3, 4));
            s.accept(new FeedGap("okx", 10, 20, "disconnect: timeout"));
            s.flush();
            try (Connection c = s.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT notional_usd_e6, native_qty_e8, qty_unit, raw_side, completeness, ts, receive_ts FROM liquidation")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(5_710_290_000_000L);
                assertThat(rs.getLong(2)).isEqualTo(1_000_000_000_000L);
                assertThat(rs.getString(3)).isEqualTo("CONTRACTS");
                assertThat(rs.getString(4)).isEqualTo("sell");
                assertThat(rs.getString(5)).isEqualTo("PARTIAL");
                assertThat(rs.getLong(6)).isEqualTo(1723038122631L);
                assertThat(rs.getLong(7)).isEqualTo(1723038122700L);
                assertThat(count(c, "SELECT count(*) FROM open_interest")).isEqualTo(1);
                assertThat(count(c, "SELECT to_ts FROM feed_gap")).isEqualTo(20);
            }
        }
    }

    @Test
    void totalsGroupFilterAndFlagLowerBounds() throws Exception {
        try (DuckDbStore s = DuckDbStore.open(null)) {
            s.accept(Events.liquidation(1000, 100, PositionSide.LONG));
            s.accept(Events.liquidation(2000, 50, PositionSide.LONG));
            s.accept(Events.liquidation(3000, 7, PositionSide.SHORT));
            s.accept(Events.liquidation(9000, 1000, PositionSide.SHORT)); // outside [0, 5000)
            s.flush();
            try (Connection c = s.connect()) {
                SqlQueryStore q = new SqlQueryStore(c);
                List<QueryStore.LiquidationTotal> bySide = q.liquidationTotals(0, 5000, EnumSet.of(Dimension.SIDE), QueryStore.LiquidationFilter.ANY);
                assertThat(bySide).containsExactly(
                        new QueryStore.LiquidationTotal(SourceClass.VENUE, null, null, "LONG", 2, 150_000_000L, true),
                        new QueryStore.LiquidationTotal(SourceClass.VENUE, null, null, "SHORT", 1, 7_000_000L, true));
                assertThat(q.liquidationTotals(0, 10_000, EnumSet.noneOf(Dimension.class), new QueryStore.LiquidationFilter("BINANCE", "BTC", "SHORT")))
                        .containsExactly(new QueryStore.LiquidationTotal(SourceClass.VENUE, null, null, null, 2, 1_007_000_000L, true));
                assertThat(q.liquidationTotals(0, 10_000, EnumSet.of(Dimension.EXCHANGE), new QueryStore.LiquidationFilter("OKX", null, null))).isEmpty();
                // A filter value is data, never SQL.
                assertThat(q.liquidationTotals(0, 10_000, EnumSet.of(Dimension.SIDE), new QueryStore.LiquidationFilter("x' OR '1'='1", null, null))).isEmpty();
            }
        }
    }

    /** The dashboard's cards read nested windows in one scan: each must be exactly the single-window totals. */
    @Test
    void nestedWindowTotalsEqualOneReadPerWindow() throws Exception {
        long seed = Long.getLong("prop.seed", System.nanoTime());
        System.out.println("DuckDbStoreTest.nested seed=" + seed + " (rerun with -Dprop.seed=" + seed + ")");
        SplittableRandom r = new SplittableRandom(seed);
        long hour = 3_600_000L;
        long end = 1_700_000_000_000L + 30 * hour;
        try (DuckDbStore s = DuckDbStore.open(null)) {
            for (int i = 0; i < 3000; i++) {
                String coin = r.nextBoolean() ? "BTC" : "ETH";
                PositionSide side = r.nextBoolean() ? PositionSide.LONG : PositionSide.SHORT;
                long ts = end - r.nextLong(30 * hour) - 1 + (r.nextInt(10) == 0 ? r.nextLong(hour) : 0); // some after the end
                s.accept(new Liquidation(r.nextBoolean() ? "okx" : "bybit-linear", r.nextBoolean() ? Exchange.OKX : Exchange.BYBIT,
                        MarketType.LINEAR, coin + "-USDT-SWAP", coin + "-USDT-PERP", side, r.nextLong(1, 1L << 40), r.nextLong(1, 1L << 40),
                        r.nextLong(1, 1L << 40), r.nextLong(1, 1L << 40), QuantityUnit.BASE, PriceKind.AVERAGE_FILL, side == PositionSide.LONG ? "sell" : "buy",
                        ts, ts, Completeness.values()[r.nextInt(Completeness.values().length)], "n|" + seed + '|' + i));
            }
            s.flush();
            try (Connection c = s.connect()) {
                SqlQueryStore q = new SqlQueryStore(c);
                for (int round = 0; round < 20; round++) {
                    long[] froms = new long[1 + r.nextInt(4)];
                    long from = end - r.nextLong(1, hour);
                    for (int i = 0; i < froms.length; i++) {
                        froms[i] = from;
                        from -= r.nextLong(1, 8 * hour);
                    }
                    EnumSet<Dimension> by = EnumSet.noneOf(Dimension.class);
                    for (Dimension d : Dimension.values()) {
                        if (r.nextBoolean()) {
                            by.add(d);
                        }
                    }
                    QueryStore.LiquidationFilter f = new QueryStore.LiquidationFilter(r.nextBoolean() ? null : "OKX",
                            r.nextBoolean() ? null : "BTC", r.nextBoolean() ? null : "LONG");
                    List<List<QueryStore.LiquidationTotal>> nested = q.nestedLiquidationTotals(froms, end, by, f);
                    assertThat(nested).hasSize(froms.length);
                    for (int i = 0; i < froms.length; i++) {
                        assertThat(nested.get(i)).as("window %d of %s by %s %s", i, java.util.Arrays.toString(froms), by, f)
                                .isEqualTo(q.liquidationTotals(froms[i], end, by, f));
                    }
                }
                assertThatThrownBy(() -> q.nestedLiquidationTotals(new long[]{end - hour, end - hour}, end, EnumSet.of(Dimension.SIDE),
                        QueryStore.LiquidationFilter.ANY)).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    /**
     * Rows are staged as number blocks plus codes into a dictionary of text tuples: every stored row must carry exactly
     * its own event's text and numbers, across flushes, whatever mix of tuples the batches hold.
     */
    @Test
    void everyRowReadsBackExactlyAsAppended() throws Exception {
        long seed = Long.getLong("prop.seed", System.nanoTime());
        System.out.println("DuckDbStoreTest.readBack seed=" + seed + " (rerun with -Dprop.seed=" + seed + ")");
        SplittableRandom r = new SplittableRandom(seed);
        Map<Long, Liquidation> byId = new HashMap<>();
        try (DuckDbStore s = DuckDbStore.open(dir.resolve("r.duckdb"))) {
            for (int batch = 0; batch < 4; batch++) {
                int n = r.nextInt(1, 30_000);
                for (int i = 0; i < n; i++) {
                    String coin = "C" + r.nextInt(200);
                    PositionSide side = r.nextBoolean() ? PositionSide.LONG : PositionSide.SHORT;
                    long ts = 1_700_000_000_000L + r.nextLong(86_400_000L);
                    Liquidation l = new Liquidation(r.nextBoolean() ? "okx" : "bybit-linear", r.nextBoolean() ? Exchange.OKX : Exchange.BYBIT,
                            r.nextBoolean() ? MarketType.LINEAR : MarketType.INVERSE, coin + "-USDT-SWAP", coin + "-USDT-PERP", side,
                            r.nextLong(1, Long.MAX_VALUE / 4), r.nextLong(1, 1L << 50), r.nextLong(1, 1L << 50), r.nextLong(1, 1L << 50),
                            QuantityUnit.values()[r.nextInt(QuantityUnit.values().length)], PriceKind.values()[r.nextInt(PriceKind.values().length)],
                            side == PositionSide.LONG ? "sell" : "buy", ts, ts + r.nextInt(1000),
                            Completeness.values()[r.nextInt(Completeness.values().length)], "k|" + seed + '|' + batch + '|' + i);
                    byId.put(dev.cascade.core.model.EventKeys.of(l), l);
                    s.accept(l);
                }
                s.flush();
            }
            try (Connection c = s.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT event_id, source, exchange, market, native_symbol, symbol, side, price_e8, qty_e8, "
                         + "notional_usd_e6, native_qty_e8, qty_unit, price_kind, raw_side, ts, receive_ts, completeness FROM liquidation")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    Liquidation l = byId.get(rs.getLong(1));
                    assertThat(l).as("stored id %d", rs.getLong(1)).isNotNull();
                    assertThat(List.of(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getString(12), rs.getString(13), rs.getString(14),
                            rs.getLong(15), rs.getLong(16), rs.getString(17)))
                            .isEqualTo(List.of(l.source(), l.exchange().name(), l.market().name(), l.nativeSymbol(), l.symbol(), l.side().name(),
                                    l.price(), l.quantity(), l.notionalUsd(), l.nativeQuantity(), l.quantityUnit().name(), l.priceKind().name(),
                                    l.rawSide(), l.ts(), l.receiveTs(), l.completeness().name()));
                }
                assertThat(rows).isEqualTo(byId.size());
            }
        }
    }

    /** Trade ids never repeat, so the trade table's text dictionary outgrows its bound and starts again between flushes. */
    @Test
    void textDictionaryStartsAgainWithoutMixingUpRows() throws Exception {
        try (DuckDbStore s = DuckDbStore.open(null)) {
            int first = ColumnBatch.MAX_TUPLES + 5_000;
            for (int i = 0; i < first; i++) {
                s.accept(trade(i));
            }
            assertThat(s.flush()).isEqualTo(first);
            for (int i = first; i < first + 100; i++) {
                s.accept(trade(i));
            }
            s.accept(trade(7)); // already stored
            assertThat(s.flush()).isEqualTo(100);
            try (Connection c = s.connect()) {
                assertThat(count(c, "SELECT count(*) FROM trade")).isEqualTo(first + 100);
                assertThat(count(c, "SELECT count(*) FROM trade WHERE trade_id <> CAST(price_e8 AS VARCHAR)")).isZero();
            }
        }
    }

    private static Trade trade(int i) {
        return new Trade("okx", Exchange.OKX, MarketType.LINEAR, "BTC-USDT-SWAP", "BTC-USDT-PERP", TakerSide.BUY, i, 1, 1,
                Integer.toString(i), false, 1_700_000_000_000L + i, 1_700_000_000_000L + i);
    }

    /** Liquidations are stored as numbers plus a code into their text tuples; a reopened store reuses the codes. */
    @Test
    void liquidationTextIsStoredOncePerTupleAndReadThroughTheView() throws Exception {
        Path file = dir.resolve("v.duckdb");
        for (int run = 0; run < 2; run++) {
            try (DuckDbStore s = DuckDbStore.open(file)) {
                for (int i = 0; i < 100; i++) {
                    s.accept(Events.liquidation(run * 1000 + i, 10 + i, i % 2 == 0 ? PositionSide.LONG : PositionSide.SHORT));
                }
                s.flush();
            }
        }
        try (Connection c = ReadAccess.open(file)) {
            assertThat(count(c, "SELECT count(*) FROM liquidation_text")).isEqualTo(2); // LONG/SELL and SHORT/BUY
            assertThat(count(c, "SELECT count(*) FROM liquidation WHERE side = 'SHORT' AND raw_side = 'BUY'")).isEqualTo(100);
            assertThat(count(c, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'liquidation' AND table_type = 'VIEW'"))
                    .isEqualTo(1);
        }
    }

    /** A file written before the text dictionary has a plain liquidation table: it keeps being written as such. */
    @Test
    void aPlainLiquidationTableFromAnOlderFileKeepsWorking() throws Exception {
        Path file = dir.resolve("old.duckdb");
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE liquidation (" + Schema.LIQUIDATION.columns() + ")");
        }
        try (DuckDbStore s = DuckDbStore.open(file)) {
            s.accept(Events.liquidation(1000, 100, PositionSide.LONG));
            s.accept(Events.liquidation(1000, 100, PositionSide.LONG));
            s.accept(Events.liquidation(2000, 7, PositionSide.SHORT));
            assertThat(s.flush()).isEqualTo(2);
            try (Connection c = s.connect()) {
                assertThat(count(c, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'liquidation' AND table_type = 'BASE TABLE'"))
                        .isEqualTo(1);
                assertThat(count(c, "SELECT sum(notional_usd_e6) FROM liquidation WHERE side = 'SHORT' AND completeness = 'SAMPLED_1S_PER_SYMBOL'"))
                        .isEqualTo(7_000_000L);
            }
        }
    }

    @Test
    void closedStoreRefuses() {
        DuckDbStore s = DuckDbStore.open(null);
        s.close();
        assertThatThrownBy(() -> s.accept(Events.liquidation(1, 1, PositionSide.LONG))).hasMessageContaining("closed");
    }

    @Test
    void readOnlyOpenOfAMissingFileSaysWhatToDo() {
        assertThatThrownBy(() -> ReadAccess.open(dir.resolve("none.duckdb")))
                .isInstanceOf(StoreException.class).hasMessageContaining("cascade replay");
    }
}
