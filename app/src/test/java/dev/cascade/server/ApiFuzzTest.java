package dev.cascade.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzz of every query parameter of every GET endpoint (as documented in /openapi.json): a value that is invalid
 * for its parameter gets 400 with a JSON message naming the parameter, never a 5xx; random mixes of values never get a
 * 5xx either. Includes the overflow probes (years +-100,000,000, window=9999999999999999d) that used to exhaust memory.
 */
class ApiFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static TestServer ts;

    /** Values that are wrong for any duration parameter (window, bucket). */
    private static final String[] BAD_DURATIONS = {"9999999999999999d", "99999999999999999999999h", "0m", "-4h", "4x",
            "1e9h", "36501d", "4h4h", "\u0664h", "4 hours", "PT4H", "%00", "401d"};
    /** Values that are wrong for any instant parameter (from, to). */
    private static final String[] BAD_INSTANTS = {"+100000000-01-01T00:00:00Z", "-100000000-01-01T00:00:00Z",
            "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00", "999999999999999999999", "2025-02-30", "1969-12-31",
            "2025-10-10T24:61", "yesterday", "10000-01-01", "-1", "1760130900000.5"};

    /** Per parameter: invalid values, and extra parameters that make the rest of the request valid. */
    private static final Map<String, Function<Random, String>> INVALID = new LinkedHashMap<>();

    static {
        INVALID.put("window", r -> pick(r, BAD_DURATIONS));
        INVALID.put("bucket", r -> pick(r, BAD_DURATIONS));
        INVALID.put("from", r -> pick(r, BAD_INSTANTS));
        INVALID.put("to", r -> pick(r, BAD_INSTANTS));
        INVALID.put("by", r -> pick(r, new String[]{"exchange,price", "1", "side;drop table liquidation", "EXCHANGE,,foo"}));
        INVALID.put("exchange", r -> pick(r, new String[]{"binance2", "' OR 1=1 --", "\u00e9x", "x".repeat(300), junk(r)}) + "!");
        INVALID.put("coin", r -> pick(r, new String[]{"BTC-USDT", "x".repeat(21), "B TC", "\u0000", "btc'", junk(r) + "$"}));
        INVALID.put("side", r -> pick(r, new String[]{"BOTH", "longs", "1", junk(r) + "#"}));
        INVALID.put("minUsd", r -> pick(r, new String[]{"-1", "1e400", "NaN", "99999999999999999999999", "abc", "0x10", "1,5"}));
        INVALID.put("limit", r -> pick(r, new String[]{"0", "1001", "-1", "99999999999999", "1.5", "ten", "2147483648"}));
        INVALID.put("cursor", r -> pick(r, new String[]{"abc", "_5", "1_", "x_y", "99999999999999999999_1", junk(r) + "~"}));
        INVALID.put("priceBucket", r -> pick(r, new String[]{"0", "-100", "1e9", "abc", "10000000", "0.001", "NaN"}));
        INVALID.put("priceBin", r -> pick(r, new String[]{"0", "-100", "1e9", "abc", "10000000", "0.000000001", "NaN"}));
        INVALID.put("timeBin", r -> pick(r, BAD_DURATIONS));
        INVALID.put("model", r -> pick(r, new String[]{"yes", "1", "TRUE", "no", junk(r) + "?"}));
        INVALID.put("shockPct", r -> pick(r, new String[]{"0", "-100", "abc", "1e999", "99999999999", "-99999999999999999999", "NaN"}));
    }

    /** What makes an endpoint answer at all (so the fuzzed parameter, not a missing one, decides the answer). */
    private static final Map<String, String> BASELINE = Map.of(
            "/api/autopsy", "from=2025-10-10T20:00&to=2025-10-10T22:00",
            "/api/stress", "shockPct=-10");

    @BeforeAll
    static void start() throws Exception {
        ts = new TestServer(null, null, LiveHub.withDefaults(), false);
    }

    @AfterAll
    static void stop() {
        ts.close();
    }

    private static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    private static String junk(Random r) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.append((char) (r.nextInt(5) == 0 ? r.nextInt(0x3000) : 32 + r.nextInt(95)));
        }
        return b.toString();
    }

    /** GET endpoints and their documented query parameters, from the served OpenAPI document. */
    private static Map<String, List<String>> documentedParameters() throws Exception {
        JsonNode doc;
        try (InputStream in = CascadeServer.class.getResourceAsStream("openapi.json")) {
            doc = JSON.readTree(in);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode get = e.getValue().get("get");
            if (get == null || !e.getKey().startsWith("/api/") || e.getKey().contains("{")) {
                continue;
            }
            List<String> names = new ArrayList<>();
            if (get.has("parameters")) {
                get.get("parameters").forEach(p -> {
                    if (p.get("in").asText().equals("query")) {
                        names.add(p.get("name").asText());
                    }
                });
            }
            out.put(e.getKey(), names);
        }
        return out;
    }

    private static HttpResponse<String> get(String path, String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(ts.url(path) + (query.isEmpty() ? "" : "?" + query)))
                .header("Authorization", "Bearer " + TestServer.TOKEN) // the token-guarded GETs are fuzzed too
                .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String param(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "&" + b;
    }

    private static String without(String query, String name) {
        StringBuilder b = new StringBuilder();
        for (String kv : query.split("&")) {
            if (!kv.isEmpty() && !kv.startsWith(name + "=")) {
                b.append(b.length() == 0 ? "" : "&").append(kv);
            }
        }
        return b.toString();
    }

    @Test
    void everyInvalidParameterValueIsA400NamingIt() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("ApiFuzzTest.everyInvalidParameterValueIsA400NamingIt seed " + seed + " (-Dfuzz.seed=" + seed + ")");
        Random rnd = new Random(seed);
        Map<String, List<String>> endpoints = documentedParameters();
        assertThat(endpoints).containsKeys("/api/totals", "/api/autopsy", "/api/liquidation-map", "/api/stress");
        int requests = 0;
        for (Map.Entry<String, List<String>> e : endpoints.entrySet()) {
            for (String name : e.getValue()) {
                assertThat(INVALID).as("a fuzz generator for " + e.getKey() + " parameter " + name).containsKey(name);
                for (int i = 0; i < 8; i++) {
                    String value = INVALID.get(name).apply(rnd);
                    String query = join(without(BASELINE.getOrDefault(e.getKey(), ""), name), param(name, value));
                    HttpResponse<String> r = get(e.getKey(), query);
                    requests++;
                    String what = e.getKey() + "?" + query + " -> " + r.statusCode() + " " + r.body() + " (seed " + seed + ")";
                    assertThat(r.statusCode()).as(what).isEqualTo(400);
                    String message = JSON.readTree(r.body()).path("error").asText("");
                    assertThat(message.toLowerCase(Locale.ROOT)).as(what).contains(name.toLowerCase(Locale.ROOT));
                }
            }
            HttpResponse<String> unknown = get(e.getKey(), join(BASELINE.getOrDefault(e.getKey(), ""), "exchagne=binance"));
            assertThat(unknown.statusCode()).as(e.getKey() + " with a misspelt parameter").isEqualTo(400);
        }
        System.out.println("ApiFuzzTest: " + requests + " invalid requests, all 400");
    }

    @Test
    void randomMixesOfValuesNeverGetA5xx() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("ApiFuzzTest.randomMixesOfValuesNeverGetA5xx seed " + seed + " (-Dfuzz.seed=" + seed + ")");
        Random rnd = new Random(seed);
        String[] valid = {"4h", "1m", "2025-10-10", "2025-10-11T00:00", "1760130900000", "BTC", "binance", "LONG", "100",
                "-10", "exchange,side", "1760130900000_1", "7d", "30m", "ETH", "none"};
        List<Map.Entry<String, List<String>>> endpoints = new ArrayList<>(documentedParameters().entrySet());
        for (int i = 0; i < 300; i++) {
            Map.Entry<String, List<String>> e = endpoints.get(rnd.nextInt(endpoints.size()));
            String query = "";
            for (String name : e.getValue()) {
                int roll = rnd.nextInt(4);
                if (roll == 0) {
                    query = join(query, param(name, INVALID.get(name).apply(rnd)));
                } else if (roll == 1) {
                    query = join(query, param(name, pick(rnd, valid)));
                } else if (roll == 2 && rnd.nextBoolean()) {
                    query = join(query, param(name, junk(rnd)));
                }
            }
            HttpResponse<String> r = get(e.getKey(), query);
            String what = e.getKey() + "?" + query + " -> " + r.statusCode() + " " + r.body() + " (seed " + seed + ")";
            assertThat(r.statusCode()).as(what).isLessThan(500);
            if (r.statusCode() >= 400) {
                assertThat(JSON.readTree(r.body()).path("error").asText("")).as(what).isNotBlank();
            }
        }
    }

    /** A raw GET (HTTP/1.0: the body is not chunked) of a query the JDK client would refuse to send; status and body. */
    private static Map.Entry<Integer, String> rawGet(String path, String query) throws Exception {
        String answer = ts.raw("GET " + path + "?" + query + " HTTP/1.0\r\nHost: 127.0.0.1:" + ts.server.port()
                + "\r\nAuthorization: Bearer " + TestServer.TOKEN + "\r\n\r\n");
        int status = Integer.parseInt(answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4));
        return Map.entry(status, answer.substring(answer.indexOf("\r\n\r\n") + 4));
    }

    /**
     * A parameter sent twice ({@code window=1h&window=400d}: which one did the client mean?) or whose value is not valid
     * percent-encoding ({@code coin=%ZZ}) used to be answered 200 as if it were absent: the first value won, or the
     * undecodable one was dropped and the answer covered every coin. Both are a 400 naming the parameter, on every
     * parameter of every GET endpoint.
     */
    @Test
    void aRepeatedOrUndecodableParameterIsA400NamingIt() throws Exception {
        int requests = 0;
        for (Map.Entry<String, List<String>> e : documentedParameters().entrySet()) {
            String base = BASELINE.getOrDefault(e.getKey(), "");
            for (String name : e.getValue()) {
                for (String bad : new String[]{name + "=%ZZ", name + "=4h%", name + "=%E2%82", name + "=1&" + name + "=2",
                        name + "=&" + name + "=1h", name + "&" + name}) {
                    String query = join(without(base, name), bad);
                    Map.Entry<Integer, String> r = rawGet(e.getKey(), query);
                    requests++;
                    String what = e.getKey() + "?" + query + " -> " + r.getKey() + " " + r.getValue();
                    assertThat(r.getKey()).as(what).isEqualTo(400);
                    assertThat(JSON.readTree(r.getValue()).path("error").asText("")).as(what).contains(name);
                }
            }
            Map.Entry<Integer, String> r = rawGet(e.getKey(), join(base, "%ZZ=1"));
            assertThat(r.getKey()).as(e.getKey() + "?%ZZ=1 -> " + r.getValue()).isEqualTo(400);
        }
        System.out.println("ApiFuzzTest: " + requests + " repeated or undecodable parameters, all 400");
    }

    @Test
    void theOverflowProbesAreRefusedQuickly() throws Exception {
        for (String q : new String[]{"from=%2B100000000-01-01T00:00:00Z&to=%2B100000001-01-01T00:00:00Z",
                "from=-100000000-01-01T00:00:00Z&to=%2B100000000-01-01T00:00:00Z", "window=9999999999999999d",
                "from=-999999999-01-01T00:00&to=%2B999999999-12-31T00:00"}) {
            for (String path : new String[]{"/api/autopsy", "/api/totals", "/api/liquidations", "/api/liquidations/buckets",
                    "/api/open-interest", "/api/funding", "/api/liquidation-map"}) {
                HttpResponse<String> r = get(path, q);
                assertThat(r.statusCode()).as(path + "?" + q + " -> " + r.body()).isEqualTo(400);
                assertThat(JSON.readTree(r.body()).path("error").asText()).isNotBlank();
            }
        }
    }
}
