package dev.cascade.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.feed.FrameQueue;
import dev.cascade.ingest.FailingStore;
import dev.cascade.ingest.ReplayFileSource;
import dev.cascade.ingest.Spine;
import dev.cascade.ingest.StoreSink;
import dev.cascade.store.DuckDbStore;
import dev.cascade.store.SqlAlertRuleRepository;
import dev.cascade.store.SqlDashboardQueries;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * serve when its store fails: ingestion stops, the server keeps answering reads, and /api/health says so with 503
 * (and /api/feeds with the same message), so a monitor sees it without parsing the body.
 */
class StoreFailureHealthTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static HttpResponse<String> get(CascadeServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFailedStoreStopsIngestingAndHealthSaysSoWhileReadsAreServed() throws Exception {
        try (DuckDbStore store = DuckDbStore.open(null);
             SqlDashboardQueries queries = new SqlDashboardQueries(store::connect, 4);
             SqlAlertRuleRepository rules = new SqlAlertRuleRepository(store.connect());
             CascadeServer server = new CascadeServer(queries.queryStore(), queries, rules,
                     CascadeServer.Services.fromStore(queries.queryStore(), queries), TestServer.TOKEN, LiveHub.withDefaults())) {
            FailingStore failing = new FailingStore(500);
            try (Spine spine = new Spine(Instruments.withDefaults(), List.of(server.sink(), new StoreSink(failing)),
                    FrameQueue.standard(), 100)) {
                server.reportsOn(spine);
                spine.start();
                server.start(ServerOptions.loopback(0));
                ObjectMapper json = new ObjectMapper();
                HttpResponse<String> healthy = get(server, "/api/health");
                assertThat(healthy.statusCode()).isEqualTo(200);
                assertThat(json.readTree(healthy.body()).get("status").asText()).isEqualTo("ok");

                CountDownLatch halted = new CountDownLatch(1);
                spine.onHalt(halted::countDown);
                spine.add(new ReplayFileSource(List.of(TestServer.root().resolve("data/binance-usdm-forceorder-20250126-27.jsonl.gz")),
                        0, 0, false, (d, t) -> { }));
                assertThat(halted.await(120, TimeUnit.SECONDS)).as("the store failure stopped ingestion").isTrue();

                HttpResponse<String> health = get(server, "/api/health");
                assertThat(health.statusCode()).isEqualTo(503);
                JsonNode h = json.readTree(health.body());
                assertThat(h.get("status").asText()).isEqualTo("ingest-stopped");
                assertThat(h.get("ingestError").asText()).contains(FailingStore.MESSAGE).contains("stored before it");
                HttpResponse<String> feeds = get(server, "/api/feeds");
                assertThat(feeds.statusCode()).isEqualTo(200);
                assertThat(json.readTree(feeds.body()).get("ingestError").asText()).contains(FailingStore.MESSAGE);
                assertThat(get(server, "/api/totals?window=24h").statusCode()).as("reads are still served").isEqualTo(200);
            }
        }
    }
    /**
     * A write the store cannot take (a full disk) is a 503 with the store's reason and Retry-After: the server is
     * unable for now, the request was fine (it was a 500, "an error of the server"); the rule is not kept half-made.
     */
    @Test
    void aRuleTheStoreCannotSaveIsA503AndIsNotKept() throws Exception {
        dev.cascade.core.port.AlertRuleRepository full = new dev.cascade.core.port.AlertRuleRepository() {
            @Override
            public List<dev.cascade.core.alert.AlertRule> list() {
                return List.of();
            }

            @Override
            public void add(dev.cascade.core.alert.AlertRule rule) {
                throw new dev.cascade.store.StoreException("saving alert rule failed: No space left on device", null);
            }

            @Override
            public boolean delete(String id) {
                return false;
            }
        };
        try (DuckDbStore store = DuckDbStore.open(null);
             SqlDashboardQueries queries = new SqlDashboardQueries(store::connect, 4);
             CascadeServer server = new CascadeServer(queries.queryStore(), queries, full,
                     CascadeServer.Services.fromStore(queries.queryStore(), queries), TestServer.TOKEN, LiveHub.withDefaults())) {
            server.start(ServerOptions.loopback(0));
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/alerts/rules"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"CASCADE\",\"thresholdUsd\":\"1000\"}"))
                    .header("Authorization", "Bearer " + TestServer.TOKEN).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(new ObjectMapper().readTree(r.body()).get("error").asText()).contains("No space left on device");
            assertThat(server.alerts().rules()).as("not kept in memory either").isEmpty();
        }
    }
}
