package dev.cascade.scaleout.clickhouse;

import dev.cascade.core.model.EventKeys;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.Trade;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.core.port.QueryStore.Dimension;
import dev.cascade.core.port.QueryStore.LiquidationFilter;
import dev.cascade.core.port.QueryStore.LiquidationTotal;
import dev.cascade.scaleout.SyntheticFrames;
import dev.cascade.scaleout.clickhouse.FakeClickHouseServer.Request;
import dev.cascade.scaleout.clickhouse.FakeClickHouseServer.Response;
import dev.cascade.store.PortableSql;
import dev.cascade.store.Schema;
import dev.cascade.store.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract test of {@link ClickHouseStore} with client-v2 against a loopback fake of the ClickHouse HTTP interface:
 * the exact requests the client sends (SQL, database, format, parameters, RowBinary payload) and how it reads
 * responses in ClickHouse's formats (RowBinaryWithNamesAndTypes results, HTTP error replies).
 * NOT a test against a live ClickHouse server: none can be run on this machine.
 */
class ClickHouseStoreContractTest {
    private FakeClickHouseServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeClickHouseServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ClickHouseStore open() {
        return ClickHouseStore.open(ClickHouseUrl.parse("clickhouse://127.0.0.1:" + server.port() + "/cascade"));
    }

    private static List<MarketEvent> events(int frames) {
        List<MarketEvent> out = new ArrayList<>();
        Pipeline p = new Pipeline(Instruments.withDefaults(), out::add, (s, f, r) -> {
            throw new AssertionError(r);
        });
        SyntheticFrames.binance(frames, 5L).forEach(p::accept);
        return out;
    }

    @Test
    void openCreatesTheDatabaseThenEveryTableAsReplacingMergeTree() {
        try (ClickHouseStore s = open()) {
            List<Request> reqs = server.requests();
            assertThat(s.stats().inserts()).isZero();
            assertThat(reqs).hasSize(1 + Schema.ALL.size());
            assertThat(reqs.get(0).sql()).isEqualTo("CREATE DATABASE IF NOT EXISTS cascade");
            assertThat(reqs.get(0).headers().get("x-clickhouse-database")).containsExactly("default");
            for (int i = 0; i < Schema.ALL.size(); i++) {
                Request r = reqs.get(i + 1);
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.headers().get("x-clickhouse-database")).containsExactly("cascade");
                assertThat(r.headers().get("authorization")).containsExactly("Basic "
                        + Base64.getEncoder().encodeToString("default:".getBytes(StandardCharsets.UTF_8)));
                assertThat(r.sql()).isEqualTo(ClickHouseSchema.createTable(Schema.ALL.get(i)));
            }
            assertThat(reqs.get(1).sql()).isEqualTo("CREATE TABLE IF NOT EXISTS liquidation (event_id Int64, ts Int64, receive_ts Int64, "
                    + "source LowCardinality(String), exchange LowCardinality(String), market LowCardinality(String), "
                    + "native_symbol LowCardinality(String), symbol LowCardinality(String), side LowCardinality(String), "
                    + "price_e8 Int64, qty_e8 Int64, notional_usd_e6 Int64, native_qty_e8 Int64, qty_unit LowCardinality(String), "
                    + "price_kind LowCardinality(String), raw_side LowCardinality(String), exchange_ts Int64, "
                    + "completeness LowCardinality(String)) ENGINE = ReplacingMergeTree "
                    + "PARTITION BY toYYYYMMDD(toDateTime(intDiv(ts, 1000), 'UTC')) ORDER BY (symbol, ts, event_id) "
                    + "SETTINGS non_replicated_deduplication_window = 1000");
            assertThat(ClickHouseSchema.createTable(Schema.FUNDING)).contains("interval_hours Int32");
            assertThat(ClickHouseSchema.createTable(Schema.TRADE)).contains("liquidation Bool", "trade_id String");
            assertThat(ClickHouseSchema.createTable(Schema.FEED_GAP)).contains("ORDER BY (source, ts, event_id)");
        }
    }

    @Test
    void flushSendsOneRowBinaryInsertPerTableWithEveryColumnOfEveryEvent() {
        List<MarketEvent> events = events(40);
        try (ClickHouseStore s = open()) {
            int before = server.requests().size();
            events.forEach(s::accept);
            assertThat(server.requests()).hasSize(before); // nothing is sent before the flush
            assertThat(s.flush()).isEqualTo(40);
            List<Request> inserts = server.requests().subList(before, server.requests().size());
            assertThat(inserts).extracting(r -> r.params().get("query"))
                    .containsExactly("INSERT INTO liquidation FORMAT RowBinary", "INSERT INTO trade FORMAT RowBinary");
            assertThat(inserts).allSatisfy(r -> {
                assertThat(r.headers().get("x-clickhouse-database")).containsExactly("cascade");
                assertThat(r.params().get("insert_deduplication_token")).isNotBlank();
            });

            List<List<Object>> liqRows = decode(inserts.get(0), Schema.LIQUIDATION);
            List<Liquidation> liqs = events.stream().filter(Liquidation.class::isInstance).map(Liquidation.class::cast).toList();
            assertThat(liqRows).hasSize(30);
            for (int i = 0; i < liqs.size(); i++) {
                Liquidation l = liqs.get(i);
                List<Object> r = liqRows.get(i);
                assertThat(r).containsExactly(EventKeys.of(l), l.ts(), l.receiveTs(), l.source(), l.exchange().name(), l.market().name(),
                        l.nativeSymbol(), l.symbol(), l.side().name(), l.price(), l.quantity(), l.notionalUsd(), l.nativeQuantity(),
                        l.quantityUnit().name(), l.priceKind().name(), l.rawSide(), l.exchangeTs(), l.completeness().name());
            }
            List<List<Object>> tradeRows = decode(inserts.get(1), Schema.TRADE);
            List<Trade> trades = events.stream().filter(Trade.class::isInstance).map(Trade.class::cast).toList();
            assertThat(tradeRows).hasSize(10);
            assertThat(tradeRows.get(3)).startsWith(EventKeys.of(trades.get(3)), trades.get(3).ts())
                    .endsWith(trades.get(3).tradeId(), false);
            assertThat(s.flush()).isZero(); // nothing left
            assertThat(server.requests()).hasSize(before + 2);
        }
    }

    @Test
    void aFailedInsertKeepsItsRowsAndTheRetryIsTheSameBatchWithTheSameToken() {
        List<MarketEvent> events = events(8).stream().filter(Liquidation.class::isInstance).toList();
        try (ClickHouseStore s = open()) {
            server.respondWith(r -> Response.error(500, 241, "Memory limit (total) exceeded"));
            events.forEach(s::accept);
            assertThatThrownBy(s::flush).isInstanceOf(StoreException.class)
                    .hasMessageContaining("insert into liquidation").hasMessageContaining("Memory limit");
            server.respondWith(r -> Response.ok(new byte[0], null));
            assertThat(s.flush()).isEqualTo(events.size());
            List<Request> reqs = server.requests();
            Request failed = reqs.get(reqs.size() - 2);
            Request retried = reqs.get(reqs.size() - 1);
            assertThat(retried.body()).isEqualTo(failed.body());
            assertThat(retried.params().get("insert_deduplication_token")).isEqualTo(failed.params().get("insert_deduplication_token"));
        }
    }

    @Test
    void totalsRunThePortableSqlWithServerSideParametersAndReadRowBinaryWithNamesAndTypes() {
        try (ClickHouseStore s = open()) {
            server.respondWith(r -> r.sql().startsWith("SELECT") ? Response.ok(RowBinary.withNamesAndTypes(
                    List.of("exchange", "side", "n", "total_usd_e6", "lower_bound"),
                    List.of("LowCardinality(String)", "LowCardinality(String)", "Int64", "Int64", "Int32"),
                    List.of(List.of("BINANCE", "LONG", 120L, 9_876_543_210_000L, 1),
                            List.of("BYBIT", "SHORT", 7L, 1_000_000L, 0))), "RowBinaryWithNamesAndTypes")
                    : Response.ok(new byte[0], null));
            LiquidationFilter filter = new LiquidationFilter(null, "BTC", null);
            List<LiquidationTotal> totals = s.liquidationTotals(1_000L, 2_000L, EnumSet.of(Dimension.EXCHANGE, Dimension.SIDE), filter);
            assertThat(totals).containsExactly(new LiquidationTotal("BINANCE", null, "LONG", 120, 9_876_543_210_000L, true),
                    new LiquidationTotal("BYBIT", null, "SHORT", 7, 1_000_000L, false));

            Request q = server.requests().get(server.requests().size() - 1);
            String expectedSql = PortableSql.liquidationTotals(ClickHouseSchema.DIALECT, 1_000L, 2_000L,
                    EnumSet.of(Dimension.EXCHANGE, Dimension.SIDE), filter).sql();
            assertThat(q.sql()).isEqualTo(expectedSql);
            assertThat(q.sql()).isEqualTo("SELECT exchange, side, CAST(count(*) AS BIGINT) AS n, CAST(sum(notional_usd_e6) AS BIGINT) "
                    + "AS total_usd_e6, CAST(max(CASE WHEN completeness IN ('SAMPLED_1S_PER_SYMBOL','SAMPLED_LARGEST_PER_SIDE_1S','PARTIAL') "
                    + "THEN 1 ELSE 0 END) AS INTEGER) AS lower_bound FROM liquidation FINAL WHERE ts >= {from_ts:Int64} "
                    + "AND ts < {to_ts:Int64} AND splitByChar('-', symbol)[1] = {base_coin:String} GROUP BY exchange, side "
                    + "ORDER BY total_usd_e6 DESC, exchange, side");
            assertThat(q.params()).containsEntry("param_from_ts", "1000").containsEntry("param_to_ts", "2000")
                    .containsEntry("param_base_coin", "BTC").doesNotContainKeys("param_exchange", "param_side");
            assertThat(q.headers().get("x-clickhouse-format")).containsExactly("RowBinaryWithNamesAndTypes");
        }
    }

    @Test
    void anUngroupedTotalOverNothingIsNoRowAndServerErrorsSurfaceWithTheirMessage() {
        try (ClickHouseStore s = open()) {
            server.respondWith(r -> Response.ok(RowBinary.withNamesAndTypes(List.of("n", "total_usd_e6", "lower_bound"),
                    List.of("Int64", "Int64", "Int32"), List.of(List.of(0L, 0L, 0))), "RowBinaryWithNamesAndTypes"));
            assertThat(s.liquidationTotals(0, 1, Set.of(), LiquidationFilter.ANY)).isEmpty();
            server.respondWith(r -> Response.error(404, 60, "Table cascade.liquidation does not exist"));
            assertThatThrownBy(() -> s.liquidationTotals(0, 1, Set.of(), LiquidationFilter.ANY))
                    .isInstanceOf(StoreException.class).hasMessageContaining("does not exist");
            server.respondWith(r -> Response.ok(new byte[0], null));
        }
    }

    @Test
    void noResultAliasShadowsAColumnBecauseClickHouseAliasesAreQueryWide() {
        Set<String> columns = new java.util.HashSet<>();
        Schema.LIQUIDATION.columnList().forEach(c -> columns.add(c.name()));
        String sql = PortableSql.liquidationTotals(ClickHouseSchema.DIALECT, 0, 1, EnumSet.allOf(Dimension.class),
                new LiquidationFilter("BINANCE", "BTC", "LONG")).sql();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(" AS ([a-z_0-9]+)").matcher(sql);
        int aliases = 0;
        while (m.find()) {
            aliases++;
            assertThat(columns).as("alias %s", m.group(1)).doesNotContain(m.group(1));
        }
        assertThat(aliases).isEqualTo(3);
    }

    private static List<List<Object>> decode(Request r, Schema.Table t) {
        return RowBinary.decodeRows(r.body(), t.columnList().stream().map(ClickHouseSchema::type).toList());
    }
}
