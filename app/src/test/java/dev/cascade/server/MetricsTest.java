package dev.cascade.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static TestServer ts;

    @BeforeAll
    static void start() throws Exception {
        ts = new TestServer(null, null, LiveHub.withDefaults(), false);
    }

    @AfterAll
    static void stop() {
        ts.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(ts.url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void prometheusTextWithRequestLatencyByRouteAndTheServersCounters() throws Exception {
        assertThat(get("/api/health").statusCode()).isEqualTo(200);
        assertThat(get("/api/totals?window=bogus").statusCode()).isEqualTo(400);
        assertThat(get("/api/no-such").statusCode()).isEqualTo(404);
        ts.server.metrics().rejected("binance-usdm", "unknown order side: 'X'");
        ts.server.metrics().flushed(2_000_000);
        HttpResponse<String> m = get("/metrics");
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        String text = m.body();
        assertThat(text).contains("# TYPE cascade_http_requests_seconds histogram")
                .containsPattern("cascade_http_requests_seconds_count\\{[^}]*route=\"/api/health\"[^}]*status=\"200\"[^}]*} [1-9]")
                .containsPattern("cascade_http_requests_seconds_count\\{[^}]*route=\"/api/totals\"[^}]*status=\"400\"")
                .containsPattern("cascade_http_requests_seconds_count\\{[^}]*route=\"unmatched\"[^}]*status=\"404\"")
                .containsPattern("cascade_rejects_total\\{feed=\"binance-usdm\",reason=\"unknown order side: \\?\"} 1")
                .contains("cascade_store_flush_seconds_count 1")
                .contains("cascade_ws_clients ").contains("cascade_ws_frames_dropped_total ")
                .contains("cascade_webhooks_failed_total ").contains("cascade_analysis_rejected_total ");
        assertThat(text).as("raw paths never become labels").doesNotContain("/api/no-such");
    }

    @Test
    void rejectReasonsAreReducedToTheirShapeAndBounded() {
        assertThat(Metrics.reasonLabel("Gate contract BTC_USDT has no known quanto_multiplier; load instruments first"))
                .isEqualTo("Gate contract BTC_USDT has no known quanto_multiplier; load instruments first");
        assertThat(Metrics.reasonLabel("bad BitMEX timestamp '2025-13-01'")).isEqualTo("bad BitMEX timestamp ?");
        assertThat(Metrics.reasonLabel("Bitget liquidation price must be positive: -12.5")).isEqualTo("Bitget liquidation price must be positive: #");
        Metrics m = new Metrics();
        for (int i = 0; i < 100; i++) {
            m.rejected("f", "reason number " + (char) ('A' + i % 26) + (char) ('a' + i / 26));
        }
        String text = m.scrape();
        assertThat(text.split("cascade_rejects_total\\{", -1).length - 1).isEqualTo(33); // 32 reasons + "other"
        assertThat(text).contains("reason=\"other\"");
    }
}
