package dev.cascade.scaleout.clickhouse;

import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.scaleout.SyntheticFrames;
import dev.cascade.scaleout.clickhouse.FakeClickHouseServer.Request;
import dev.cascade.scaleout.clickhouse.FakeClickHouseServer.Response;
import dev.cascade.store.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Server faults the real engine cannot be made to produce on demand, injected by a loopback fake of the ClickHouse
 * HTTP interface: a transient server error is retried with the same rows and token, a permanent one fails at once.
 * Everything else about ClickHouse is tested against the real engine.
 */
class ClickHouseFaultTest {
    private FakeClickHouseServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeClickHouseServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Answers the store's start-up: no tables yet (empty schema reads), DDL accepted. */
    private static Response startUp(Request r) {
        if (r.sql().contains("system.columns")) {
            return Response.ok(RowBinary.withNamesAndTypes(List.of("table", "name", "type"), List.of("String", "String", "String"),
                    List.of()), "RowBinaryWithNamesAndTypes");
        }
        if (r.sql().contains("system.tables")) {
            return Response.ok(RowBinary.withNamesAndTypes(List.of("name", "partition_key"), List.of("String", "String"), List.of()),
                    "RowBinaryWithNamesAndTypes");
        }
        return Response.ok(new byte[0], null);
    }

    private ClickHouseStore open() {
        server.respondWith(ClickHouseFaultTest::startUp);
        return ClickHouseStore.open(ClickHouseUrl.parse("clickhouse://127.0.0.1:" + server.port() + "/cascade?retry_for=60"));
    }

    private static List<MarketEvent> liquidations() {
        List<MarketEvent> out = new ArrayList<>();
        new Pipeline(Instruments.withDefaults(), out::add, (s, f, r) -> {
            throw new AssertionError(r);
        }).accept(SyntheticFrames.binance(1, 5L).get(0));
        return out;
    }

    private List<Request> inserts() {
        return server.requests().stream().filter(r -> r.sql().startsWith("INSERT")).toList();
    }

    @Test
    void aTransientServerErrorIsRetriedWithTheSameRowsAndToken() {
        try (ClickHouseStore s = open()) {
            AtomicInteger failures = new AtomicInteger(2);
            server.respondWith(r -> r.sql().startsWith("INSERT") && failures.getAndDecrement() > 0
                    ? Response.error(500, 241, "Memory limit (total) exceeded") : Response.ok(new byte[0], null));
            liquidations().forEach(s::accept);
            assertThat(s.flush()).isEqualTo(1);
            List<Request> inserts = inserts();
            assertThat(inserts).hasSize(3);
            assertThat(s.retries()).isEqualTo(2);
            assertThat(inserts).extracting(Request::sql).allSatisfy(q -> assertThat(q).startsWith("INSERT INTO liquidation (event_id, ts, "));
            assertThat(inserts).extracting(r -> r.params().get("insert_deduplication_token")).containsOnly(
                    inserts.get(0).params().get("insert_deduplication_token"));
            assertThat(inserts.get(2).body()).isEqualTo(inserts.get(0).body());
        }
    }

    @Test
    void aPermanentServerErrorFailsAtOnceAndKeepsTheRows() {
        try (ClickHouseStore s = open()) {
            server.respondWith(r -> r.sql().startsWith("INSERT") ? Response.error(400, 33, "Cannot read all data") : Response.ok(new byte[0], null));
            liquidations().forEach(s::accept);
            assertThatThrownBy(s::flush).isInstanceOf(StoreException.class).hasMessageContaining("insert into liquidation failed")
                    .hasMessageContaining("Cannot read all data");
            assertThat(inserts()).hasSize(1);
            assertThat(s.retries()).isZero();
            server.respondWith(r -> Response.ok(new byte[0], null));
            assertThat(s.flush()).isEqualTo(1); // the rows were kept for the next flush
        }
    }
}
