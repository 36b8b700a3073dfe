package dev.cascade.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's GET paths as the dashboard asks them (the last hour where a window is taken, required values from the
 * OpenAPI document's examples), split into light reads and analyses (those documented with 429: the analysis pool).
 * At start the server asks each light read once of itself, so the first users do not pay for class loading, JSON
 * serializers and cold queries: in the load test, most light requests over 250 ms were in its first second.
 */
public record ReadWarmup(List<String> light, List<String> analyses) {
    private static final Logger LOG = LoggerFactory.getLogger(ReadWarmup.class);

    public static ReadWarmup of(JsonNode openApi) {
        List<String> light = new ArrayList<>();
        List<String> analyses = new ArrayList<>();
        openApi.get("paths").fields().forEachRemaining(e -> {
            JsonNode get = e.getValue().get("get");
            if (get != null) {
                List<String> query = new ArrayList<>();
                for (JsonNode param : get.path("parameters")) {
                    String name = param.path("name").asText();
                    if (name.equals("window")) {
                        query.add("window=1h");
                    } else if (param.path("required").asBoolean()) {
                        query.add(name + "=" + param.path("example").asText(param.path("schema").path("example").asText()));
                    }
                }
                String path = e.getKey() + (query.isEmpty() ? "" : "?" + String.join("&", query));
                (get.path("responses").has("429") ? analyses : light).add(path);
            }
        });
        return new ReadWarmup(List.copyOf(light), List.copyOf(analyses));
    }

    static ReadWarmup of(byte[] openApi) {
        try {
            return of(new ObjectMapper().readTree(openApi));
        } catch (IOException e) {
            throw new IllegalStateException("the server's own OpenAPI document does not parse", e);
        }
    }

    /** Asks each light read once of the server at {@code base} (at most a few seconds); failures are only logged. */
    void run(String base) {
        long t0 = System.nanoTime();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        int ok = 0;
        for (String path : light) {
            try {
                // no-store: the answers before any data arrives must not be served to the first users as if current.
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cache-Control", "no-store")
                                .timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                ok += r.statusCode() < 500 ? 1 : 0;
            } catch (IOException e) {
                LOG.debug("warm-up of {} failed: {}", path, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.info("warmed {} of {} read endpoints in {} ms", ok, light.size(), (System.nanoTime() - t0) / 1_000_000);
    }
}
