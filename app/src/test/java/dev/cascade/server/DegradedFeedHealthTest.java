package dev.cascade.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.feed.SessionSettings;
import dev.cascade.feed.fake.FakeVenue;
import dev.cascade.feed.fake.FakeVenues;
import dev.cascade.ingest.ConnectorSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A venue that refuses a subscription keeps the link up, so "UP" alone would hide the missing data: the source's
 * status says DEGRADED with the refusal in its detail, in /api/health and /api/feeds as in the CLI's status line.
 */
class DegradedFeedHealthTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode source(TestServer ts, String path, String feed) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(ts.url(path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        for (JsonNode s : JSON.readTree(r.body()).get("sources")) {
            if (s.get("source").asText().equals(feed)) {
                return s;
            }
        }
        throw new AssertionError(path + " lists no source " + feed + ": " + r.body());
    }

    /** Polls /api/health (event-driven, generous timeout) until {@code feed} is in {@code state}; returns its entry. */
    private static JsonNode awaitState(TestServer ts, String feed, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode s = source(ts, "/api/health", feed);
        while (!s.get("state").asText().equals(state)) {
            assertThat(System.nanoTime()).as("%s within 60 s; last: %s", state, s).isLessThan(deadline);
            Thread.sleep(20);
            s = source(ts, "/api/health", feed);
        }
        return s;
    }

    @Test
    void aRefusedSubscriptionIsDegradedInHealthAndFeeds() throws Exception {
        try (FakeVenue venue = FakeVenues.create("okx").refusingSubscriptions().start()) {
            ConnectorSource connectors = new ConnectorSource(List.of(venue.connector(venue.base())), List.of(), SessionSettings.DEFAULTS);
            try (TestServer ts = new TestServer(null, connectors, LiveHub.withDefaults(), false)) {
                JsonNode health = awaitState(ts, venue.source(), "DEGRADED");
                assertThat(health.get("detail").asText()).startsWith("refused: ");
                assertThat(health.get("lastError").isNull()).as("the link itself is up").isTrue();
                JsonNode feeds = source(ts, "/api/feeds", venue.source());
                assertThat(feeds.get("state").asText()).isEqualTo("DEGRADED");
                assertThat(feeds.get("detail").asText()).isEqualTo(health.get("detail").asText());
            }
        }
    }

    @Test
    void aHealthyLinkIsUpWithNoDetail() throws Exception {
        try (FakeVenue venue = FakeVenues.create("okx").start()) {
            ConnectorSource connectors = new ConnectorSource(List.of(venue.connector(venue.base())), List.of(), SessionSettings.DEFAULTS);
            try (TestServer ts = new TestServer(null, connectors, LiveHub.withDefaults(), false)) {
                JsonNode health = awaitState(ts, venue.source(), "UP");
                assertThat(health.get("detail").isNull()).isTrue();
            }
        }
    }
}
