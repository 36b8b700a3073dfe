package dev.cascade.scaleout.clickhouse;

import dev.cascade.core.port.QueryStore.FundingSample;
import dev.cascade.core.port.QueryStore.LiquidationBucket;
import dev.cascade.core.port.QueryStore.LiquidationEvent;
import dev.cascade.core.port.QueryStore.OiSample;
import dev.cascade.core.port.QueryStore.PriceBar;
import dev.cascade.core.port.QueryStore.SourceCount;
import dev.cascade.core.port.QueryStore.VolumeTotal;
import dev.cascade.scaleout.clickhouse.FakeClickHouseServer.Request;
import dev.cascade.scaleout.clickhouse.FakeClickHouseServer.Response;
import dev.cascade.store.PortableSql;
import dev.cascade.store.Schema;
import dev.cascade.store.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract test of the seven analytics reads of {@link ClickHouseStore} against the loopback fake of the ClickHouse
 * HTTP interface: the exact SQL text and {@code param_*} values client-v2 sends, and the decoding of answers in
 * RowBinaryWithNamesAndTypes (column names and ClickHouse types as the server would send them for this SQL).
 * NOT a test against a live ClickHouse server: the SQL has not been run by a ClickHouse parser here.
 */
class ClickHouseAnalyticsContractTest {
    static final long FROM = 1_760_130_000_000L;
    static final long TO = FROM + 7_200_000L;
    static final String LC = "LowCardinality(String)";
    static final String LOWER = "'SAMPLED_1S_PER_SYMBOL','SAMPLED_LARGEST_PER_SIDE_1S','PARTIAL'";

    private FakeClickHouseServer server;
    private ClickHouseStore store;

    @BeforeEach
    void start() throws Exception {
        server = new FakeClickHouseServer();
        store = ClickHouseStore.open(ClickHouseUrl.parse("clickhouse://127.0.0.1:" + server.port() + "/cascade"));
    }

    @AfterEach
    void stop() {
        store.close();
        server.close();
    }

    /** Answers the next SELECT with these rows; DDL and inserts get an empty 200. */
    private void answer(List<String> names, List<String> types, List<List<Object>> rows) {
        byte[] body = RowBinary.withNamesAndTypes(names, types, rows);
        server.respondWith(r -> r.sql().startsWith("SELECT") ? Response.ok(body, "RowBinaryWithNamesAndTypes") : Response.ok(new byte[0], null));
    }

    private Request lastQuery() {
        List<Request> reqs = server.requests();
        Request q = reqs.get(reqs.size() - 1);
        assertThat(q.headers().get("x-clickhouse-format")).containsExactly("RowBinaryWithNamesAndTypes");
        assertThat(q.headers().get("x-clickhouse-database")).containsExactly("cascade");
        return q;
    }

    private static Map<String, String> params(Request q) {
        Map<String, String> out = new java.util.TreeMap<>();
        q.params().forEach((k, v) -> {
            if (k.startsWith("param_")) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Test
    void liquidationBuckets() {
        answer(PortableSql.BUCKET_COLUMNS, List.of("Int64", LC, LC, "Int64", "Int64", "Int32"),
                List.of(List.of(FROM, "BINANCE", "LONG", 2L, 2_000_000_000L, 1), List.of(FROM + 60_000, "BYBIT", "SHORT", 1L, 700_000_000L, 0)));
        assertThat(store.liquidationBuckets(FROM, TO, 60_000, "BTC")).containsExactly(
                new LiquidationBucket(FROM, "BINANCE", "LONG", 2, 2_000_000_000L, true),
                new LiquidationBucket(FROM + 60_000, "BYBIT", "SHORT", 1, 700_000_000L, false));
        Request q = lastQuery();
        assertThat(q.sql()).isEqualTo("SELECT ts - ts % {bucket_ms:Int64} AS bucket_ts, exchange, side, CAST(count(*) AS BIGINT) AS n, "
                + "CAST(sum(notional_usd_e6) AS BIGINT) AS total_usd_e6, CAST(max(CASE WHEN completeness IN (" + LOWER + ") THEN 1 ELSE 0 END) "
                + "AS INTEGER) AS lower_bound FROM liquidation FINAL WHERE ts >= {from_ts:Int64} AND ts < {to_ts:Int64} "
                + "AND symbol LIKE {coin_prefix:String} GROUP BY bucket_ts, exchange, side ORDER BY bucket_ts, exchange, side");
        assertThat(params(q)).containsExactlyInAnyOrderEntriesOf(Map.of("param_bucket_ms", "60000", "param_from_ts", Long.toString(FROM),
                "param_to_ts", Long.toString(TO), "param_coin_prefix", "BTC-%"));

        // Without a coin there is no coin clause and no coin parameter; a LIKE wildcard in the coin is stripped.
        store.liquidationBuckets(FROM, TO, 60_000, null);
        assertThat(lastQuery().sql()).doesNotContain("LIKE");
        assertThat(params(lastQuery())).doesNotContainKey("param_coin_prefix");
        store.liquidationBuckets(FROM, TO, 60_000, "B%T_C");
        assertThat(params(lastQuery())).containsEntry("param_coin_prefix", "BTC-%");
        int sent = server.requests().size();
        assertThatThrownBy(() -> store.liquidationBuckets(FROM, TO, 0, "BTC")).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.requests()).hasSize(sent); // refused before anything is sent
    }

    @Test
    void openInterestLastSamplePerBucketAndInstrument() {
        answer(PortableSql.OI_COLUMNS, List.of("Int64", LC, LC, LC, "Int64"),
                List.of(List.of(FROM, "binance-usdm", "BINANCE", "BTC-USDT-PERP", 1_100_000_000L)));
        assertThat(store.openInterest(FROM, TO, 60_000, "BTC")).containsExactly(
                new OiSample(FROM, "binance-usdm", "BINANCE", "BTC-USDT-PERP", 1_100_000_000L));
        Request q = lastQuery();
        assertThat(q.sql()).isEqualTo("SELECT ts - ts % {bucket_ms:Int64} AS bucket_ts, source, exchange, symbol, "
                + "CAST(argMax(oi_usd_e6, ts) AS BIGINT) AS last_oi_usd_e6 FROM open_interest FINAL WHERE ts >= {from_ts:Int64} "
                + "AND ts < {to_ts:Int64} AND symbol LIKE {coin_prefix:String} GROUP BY bucket_ts, source, exchange, symbol "
                + "ORDER BY bucket_ts, exchange, symbol, source");
        assertThat(params(q)).containsEntry("param_bucket_ms", "60000").containsEntry("param_coin_prefix", "BTC-%").hasSize(4);
    }

    @Test
    void fundingAsStored() {
        answer(PortableSql.FUNDING_COLUMNS, List.of("Int64", LC, LC, LC, "Int64", "Int32"),
                List.of(List.of(FROM + 5, "binance-usdm", "BINANCE", "BTC-USDT-PERP", 100_000_000L, 8),
                        List.of(FROM + 9, "hyperliquid", "HYPERLIQUID", "BTC-USDC-PERP", -12_500_000L, 1)));
        assertThat(store.funding(FROM, TO, null)).containsExactly(
                new FundingSample(FROM + 5, "binance-usdm", "BINANCE", "BTC-USDT-PERP", 100_000_000L, 8),
                new FundingSample(FROM + 9, "hyperliquid", "HYPERLIQUID", "BTC-USDC-PERP", -12_500_000L, 1));
        Request q = lastQuery();
        assertThat(q.sql()).isEqualTo("SELECT ts, source, exchange, symbol, rate_e12, interval_hours FROM funding FINAL "
                + "WHERE ts >= {from_ts:Int64} AND ts < {to_ts:Int64} ORDER BY ts, exchange, symbol");
        assertThat(params(q)).containsExactlyInAnyOrderEntriesOf(Map.of("param_from_ts", Long.toString(FROM), "param_to_ts", Long.toString(TO)));
    }

    @Test
    void markPriceBars() {
        answer(PortableSql.BAR_COLUMNS, List.of("Int64", LC, LC, "Int64", "Int64", "Int64", "Int64", "Int64"),
                List.of(List.of(FROM, "binance-usdm", "BINANCE", 11_000_000_000_000L, 11_100_000_000_000L, 10_700_000_000_000L,
                        10_850_000_000_000L, 4L)));
        assertThat(store.markPriceBars(FROM, TO, 900_000, "ETH")).containsExactly(new PriceBar(FROM, "binance-usdm", "BINANCE",
                11_000_000_000_000L, 11_100_000_000_000L, 10_700_000_000_000L, 10_850_000_000_000L, 4));
        Request q = lastQuery();
        assertThat(q.sql()).isEqualTo("SELECT ts - ts % {bucket_ms:Int64} AS bucket_ts, source, exchange, "
                + "CAST(argMin(mark_e8, ts) AS BIGINT) AS open_e8, CAST(max(mark_e8) AS BIGINT) AS high_e8, CAST(min(mark_e8) AS BIGINT) "
                + "AS low_e8, CAST(argMax(mark_e8, ts) AS BIGINT) AS close_e8, CAST(count(*) AS BIGINT) AS n FROM mark_price FINAL "
                + "WHERE ts >= {from_ts:Int64} AND ts < {to_ts:Int64} AND symbol LIKE {coin_prefix:String} "
                + "GROUP BY bucket_ts, source, exchange ORDER BY bucket_ts, exchange, source");
        assertThat(params(q)).containsEntry("param_bucket_ms", "900000").containsEntry("param_coin_prefix", "ETH-%");
    }

    @Test
    void largestLiquidationsWithABoundLimit() {
        answer(PortableSql.LARGEST_COLUMNS, List.of("Int64", LC, LC, LC, LC, "Int64", "Int64", "Int64"),
                List.of(List.of(FROM + 7, "bybit-linear", "BYBIT", "BTC-USDT-PERP", "SHORT", 10_800_000_000_000L, 650_000_000L,
                        702_000_000_000L)));
        assertThat(store.largestLiquidations(FROM, TO, "BTC", 25)).containsExactly(new LiquidationEvent(FROM + 7, "bybit-linear",
                "BYBIT", "BTC-USDT-PERP", "SHORT", 10_800_000_000_000L, 650_000_000L, 702_000_000_000L));
        Request q = lastQuery();
        assertThat(q.sql()).isEqualTo("SELECT ts, source, exchange, symbol, side, price_e8, qty_e8, notional_usd_e6 FROM liquidation FINAL "
                + "WHERE ts >= {from_ts:Int64} AND ts < {to_ts:Int64} AND completeness <> 'AGGREGATE' AND symbol LIKE {coin_prefix:String} "
                + "ORDER BY notional_usd_e6 DESC, ts, event_id LIMIT {row_limit:Int64}");
        assertThat(params(q)).containsEntry("param_row_limit", "25").hasSize(4);
        assertThatThrownBy(() -> store.largestLiquidations(FROM, TO, "BTC", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.largestLiquidations(FROM, TO, "BTC", 10_001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tradeVolumeByExchangeAndMarket() {
        answer(PortableSql.VOLUME_COLUMNS, List.of(LC, LC, "Int64", "Int64"),
                List.of(List.of("BINANCE", "LINEAR", 2L, 500_000_000L), List.of("BINANCE", "SPOT", 1L, 125_000_000L)));
        assertThat(store.tradeVolume(FROM, TO, "BTC")).containsExactly(new VolumeTotal("BINANCE", "LINEAR", 2, 500_000_000L),
                new VolumeTotal("BINANCE", "SPOT", 1, 125_000_000L));
        Request q = lastQuery();
        assertThat(q.sql()).isEqualTo("SELECT exchange, market, CAST(count(*) AS BIGINT) AS n, CAST(sum(notional_usd_e6) AS BIGINT) "
                + "AS total_usd_e6 FROM trade FINAL WHERE ts >= {from_ts:Int64} AND ts < {to_ts:Int64} AND symbol LIKE {coin_prefix:String} "
                + "GROUP BY exchange, market ORDER BY total_usd_e6 DESC, exchange, market");
    }

    @Test
    void sourcesUnionIsWrappedSoTheOrderByAppliesToEveryTable() {
        answer(PortableSql.SOURCE_COLUMNS, List.of("String", LC, "Int64"),
                List.of(List.of("liquidation", "coinglass", 12L), List.of("mark_price", "synthetic-crash", 3840L)));
        assertThat(store.sources(FROM, TO)).containsExactly(new SourceCount("liquidation", "coinglass", 12),
                new SourceCount("mark_price", "synthetic-crash", 3840));
        Request q = lastQuery();
        StringBuilder expected = new StringBuilder("SELECT table_name, source, n FROM (");
        for (String t : List.of("liquidation", "open_interest", "funding", "mark_price", "trade")) {
            expected.append(t.equals("liquidation") ? "" : " UNION ALL ").append("SELECT '").append(t).append("' AS table_name, source, ")
                    .append("CAST(count(*) AS BIGINT) AS n FROM ").append(t).append(" FINAL WHERE ts >= {from_ts:Int64} AND ts < {to_ts:Int64} ")
                    .append("GROUP BY source");
        }
        expected.append(") ORDER BY table_name, source");
        assertThat(q.sql()).isEqualTo(expected.toString());
        // Each table reads the same window: one value per parameter name on the wire.
        assertThat(params(q)).containsExactlyInAnyOrderEntriesOf(Map.of("param_from_ts", Long.toString(FROM), "param_to_ts", Long.toString(TO)));
    }

    @Test
    void everyReadSendsExactlyThePortableSqlOfTheClickHouseDialect() {
        answer(List.of("x"), List.of("Int64"), List.of());
        PortableSql.Dialect d = ClickHouseSchema.DIALECT;
        store.liquidationBuckets(FROM, TO, 3_600_000, "SOL");
        assertThat(lastQuery().sql()).isEqualTo(PortableSql.liquidationBuckets(d, FROM, TO, 3_600_000, "SOL").sql());
        store.openInterest(FROM, TO, 3_600_000, null);
        assertThat(lastQuery().sql()).isEqualTo(PortableSql.openInterest(d, FROM, TO, 3_600_000, null).sql());
        store.funding(FROM, TO, "SOL");
        assertThat(lastQuery().sql()).isEqualTo(PortableSql.funding(d, FROM, TO, "SOL").sql());
        store.markPriceBars(FROM, TO, 60_000, null);
        assertThat(lastQuery().sql()).isEqualTo(PortableSql.markPriceBars(d, FROM, TO, 60_000, null).sql());
        store.largestLiquidations(FROM, TO, null, 10);
        assertThat(lastQuery().sql()).isEqualTo(PortableSql.largestLiquidations(d, FROM, TO, null, 10).sql());
        store.tradeVolume(FROM, TO, null);
        assertThat(lastQuery().sql()).isEqualTo(PortableSql.tradeVolume(d, FROM, TO, null).sql());
        assertThat(store.sources(FROM, TO)).isEmpty(); // a well-formed empty answer is no rows
    }

    @Test
    void serverErrorsAndUnreadableAnswersSurfaceAsStoreErrors() {
        server.respondWith(r -> Response.error(404, 60, "Table cascade.mark_price does not exist"));
        assertThatThrownBy(() -> store.markPriceBars(FROM, TO, 60_000, "BTC")).isInstanceOf(StoreException.class)
                .hasMessageContaining("mark price bars").hasMessageContaining("does not exist");
        // An answer without the expected columns (e.g. a server that renamed them) is an error, not zeros.
        answer(List.of("bucket_ts", "exchange"), List.of("Int64", LC), List.of(List.of(FROM, "BINANCE")));
        assertThatThrownBy(() -> store.liquidationBuckets(FROM, TO, 60_000, "BTC")).isInstanceOf(StoreException.class)
                .hasMessageContaining("liquidation buckets");
        server.respondWith(r -> Response.ok(new byte[0], null));
    }

    @Test
    void noResultAliasOfAnyReadShadowsAColumnOfAnyTable() {
        Set<String> columns = new HashSet<>();
        Schema.ALL.forEach(t -> t.columnList().forEach(c -> columns.add(c.name())));
        PortableSql.Dialect d = ClickHouseSchema.DIALECT;
        List<String> sqls = List.of(PortableSql.liquidationBuckets(d, 0, 1, 60_000, "BTC").sql(),
                PortableSql.openInterest(d, 0, 1, 60_000, "BTC").sql(), PortableSql.funding(d, 0, 1, "BTC").sql(),
                PortableSql.markPriceBars(d, 0, 1, 60_000, "BTC").sql(), PortableSql.largestLiquidations(d, 0, 1, "BTC", 5).sql(),
                PortableSql.tradeVolume(d, 0, 1, "BTC").sql(), PortableSql.sources(d, 0, 1).sql());
        int aliases = 0;
        for (String sql : sqls) {
            Matcher m = Pattern.compile(" AS ([a-z_0-9]+)").matcher(sql);
            while (m.find()) {
                if (m.group(1).equals("BIGINT") || m.group(1).equals("INTEGER")) {
                    continue;
                }
                aliases++;
                assertThat(columns).as("alias %s in %s", m.group(1), sql).doesNotContain(m.group(1));
            }
        }
        assertThat(aliases).isEqualTo(3 + 3 + 0 + 6 + 0 + 2 + 10);
    }
}
