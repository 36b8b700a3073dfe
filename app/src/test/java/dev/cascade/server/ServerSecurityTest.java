package dev.cascade.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A strict server (default options but one CORS origin): Host allowlist against DNS rebinding, Origin checks on writes
 * and the WebSocket upgrade, CORS only for the configured origin, alert rules readable with the token only and their
 * webhook secrets masked, webhook targets checked at creation.
 */
class ServerSecurityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String DASHBOARD = "https://dash.example.org";
    private static TestServer ts;

    @BeforeAll
    static void start() throws Exception {
        ts = new TestServer(null, null, LiveHub.withDefaults(), false,
                ServerOptions.loopback(0).withCorsOrigins(List.of(DASHBOARD)));
    }

    @AfterAll
    static void stop() {
        ts.close();
    }

    /** One raw HTTP/1.1 request (the JDK client will not send a forged Host), returning the head of the answer. */
    private static String raw(String requestHead) throws Exception {
        try (Socket s = new Socket("127.0.0.1", ts.server.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && head.length() < 8192) {
                head.append((char) c);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    break;
                }
            }
            return head.toString();
        }
    }

    private static String get(String path, String host, String origin) throws Exception {
        return raw("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + "Connection: close\r\n\r\n");
    }

    private static String status(String head) {
        return head.isEmpty() ? "" : head.substring(0, head.indexOf("\r\n"));
    }

    @Test
    void onlyThisServersNamesAreAnswered() throws Exception {
        int port = ts.server.port();
        for (String host : new String[]{"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "localhost.:" + port, "[::1]:" + port}) {
            assertThat(status(get("/api/health", host, null))).as(host).contains(" 200");
        }
        for (String host : new String[]{"evil.example:" + port, "127.0.0.1.nip.io:" + port, "attacker.test", "0.0.0.0:" + port}) {
            String head = get("/api/health", host, null);
            assertThat(status(head)).as(host).contains(" 403");
        }
        assertThat(status(get("/", "rebind.attacker.example:" + port, null))).as("the dashboard too").contains(" 403");
    }

    @Test
    void theWebSocketRefusesForeignOrigins() throws Exception {
        int port = ts.server.port();
        String upgrade = "GET /ws/liquidations HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
        assertThat(status(raw(upgrade + "Origin: http://evil.example\r\n\r\n"))).contains(" 403");
        assertThat(status(raw(upgrade + "Origin: null\r\n\r\n"))).contains(" 403");
        assertThat(status(raw(upgrade + "Origin: http://127.0.0.1:" + port + "\r\n\r\n"))).contains(" 101");
        assertThat(status(raw(upgrade + "\r\n"))).as("no Origin: not a browser").contains(" 101");
        String rebound = upgrade.replace("Host: 127.0.0.1:" + port, "Host: evil.example:" + port);
        assertThat(status(raw(rebound + "Origin: http://evil.example:" + port + "\r\n\r\n"))).contains(" 403");
    }

    private static HttpResponse<String> send(String method, String path, String origin, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ts.url(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + TestServer.TOKEN).header("Content-Type", "application/json");
        if (origin != null) {
            b.header("Origin", origin);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void writesFromForeignPagesAreRefusedEvenWithTheToken() throws Exception {
        String rule = "{\"kind\":\"LIQUIDATIONS_OVER\",\"thresholdUsd\":\"5000000\"}";
        HttpResponse<String> foreign = send("POST", "/api/alerts/rules", "http://evil.example", rule);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(foreign.body()).get("error").asText()).contains("Origin");
        HttpResponse<String> own = send("POST", "/api/alerts/rules", "http://127.0.0.1:" + ts.server.port(), rule);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
        HttpResponse<String> configured = send("POST", "/api/alerts/rules", DASHBOARD, rule);
        assertThat(configured.statusCode()).isEqualTo(201);
        assertThat(configured.headers().firstValue("Access-Control-Allow-Origin")).contains(DASHBOARD);
    }

    @Test
    void corsIsClosedExceptForTheConfiguredOrigin() throws Exception {
        int port = ts.server.port();
        String foreign = get("/api/totals", "127.0.0.1:" + port, "http://evil.example");
        assertThat(foreign.toLowerCase()).doesNotContain("access-control-allow-origin");
        String configured = get("/api/totals", "127.0.0.1:" + port, DASHBOARD);
        assertThat(configured).containsIgnoringCase("Access-Control-Allow-Origin: " + DASHBOARD);
        String preflight = raw("OPTIONS /api/alerts/rules HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin: " + DASHBOARD
                + "\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n");
        assertThat(status(preflight)).contains(" 204");
        assertThat(preflight).containsIgnoringCase("Access-Control-Allow-Methods: GET, POST, DELETE");
        String foreignPreflight = raw("OPTIONS /api/alerts/rules HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nOrigin: http://evil.example\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n");
        assertThat(foreignPreflight.toLowerCase()).doesNotContain("access-control-allow");
    }

    /**
     * HEAD is its GET without the body: it used to be answered 200 without running the endpoint, so the token-guarded
     * rules and an invalid query both said 200. A method an API path does not take is a 405 naming the ones it does
     * (Allow), and an unknown API path a 404, both as JSON whatever the client accepts (they were plain text unless the
     * request asked for JSON, and a wrong method was a 404).
     */
    @Test
    void headIsItsGetAndAWrongMethodIsA405WithAllow() throws Exception {
        int port = ts.server.port();
        String host = "Host: 127.0.0.1:" + port + "\r\nConnection: close\r\n";
        assertThat(status(raw("HEAD /api/alerts/rules HTTP/1.1\r\n" + host + "\r\n"))).as("no token").contains(" 401");
        assertThat(status(raw("HEAD /api/alerts/rules HTTP/1.1\r\n" + host + "Authorization: Bearer " + TestServer.TOKEN
                + "\r\n\r\n"))).contains(" 200");
        assertThat(status(raw("HEAD /api/totals?window=garbage HTTP/1.1\r\n" + host + "\r\n"))).contains(" 400");
        String head = raw("HEAD /api/totals?window=4h HTTP/1.1\r\n" + host + "\r\n");
        assertThat(status(head)).contains(" 200");
        assertThat(head).containsIgnoringCase("Content-Type: application/json");

        java.util.Map<String, java.util.Set<String>> methods = new java.util.TreeMap<>();
        ts.server.routes().forEach(r -> methods.computeIfAbsent(r.path(), k -> new java.util.TreeSet<>())
                .add(r.method().toUpperCase(java.util.Locale.ROOT)));
        assertThat(methods).containsKeys("/api/totals", "/api/alerts/rules", "/api/alerts/rules/{id}");
        for (java.util.Map.Entry<String, java.util.Set<String>> e : methods.entrySet()) {
            String path = e.getKey().replace("{id}", "1");
            for (String method : new String[]{"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
                if (e.getValue().contains(method)) {
                    continue;
                }
                String answer = ts.raw(method + " " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
                String what = method + " " + path + " -> " + answer;
                assertThat(status(answer)).as(what).contains(" 405");
                String allow = answer.lines().filter(l -> l.regionMatches(true, 0, "Allow:", 0, 6)).findFirst().orElse("");
                e.getValue().forEach(m -> assertThat(allow).as(what).contains(m));
                assertThat(JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).path("error").asText())
                        .as(what).contains(method);
            }
        }
        String slash = ts.raw("PUT /api/totals/ HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
        assertThat(slash).as("a trailing slash names the same route").contains(" 405").containsIgnoringCase("Allow: GET, HEAD");
        String unknown = ts.raw("GET /api/nope HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\nAccept: */*\r\n\r\n");
        assertThat(status(unknown)).contains(" 404");
        assertThat(JSON.readTree(unknown.substring(unknown.indexOf("\r\n\r\n") + 4)).path("error").asText()).contains("/api/nope");
    }

    /**
     * What the HTTP layer refuses before any route sees it (a 20 KB header, an 9 KB URL, a path with a raw non-ASCII
     * character, a port that is no number) keeps its status but is answered in the API's JSON error shape, like every
     * other error (it was Jetty's HTML page).
     */
    @Test
    void requestsTheHttpLayerRefusesAreAnsweredAsJsonErrors() throws Exception {
        int port = ts.server.port();
        String host = "Host: 127.0.0.1:" + port + "\r\n";
        String[][] probes = {
                {"GET /api/health HTTP/1.0\r\n" + host + "X-Big: " + "a".repeat(20_000) + "\r\n\r\n", "431"},
                {"GET /api/health?" + "a".repeat(9_000) + " HTTP/1.0\r\n" + host + "\r\n", "414"},
                {"GET /api/t\u00f6tals HTTP/1.0\r\n" + host + "\r\n", "400"},
                {"GET /api/health HTTP/1.0\r\nHost: 127.0.0.1:port\r\n\r\n", "400"}};
        for (String[] p : probes) {
            String answer = ts.raw(p[0]);
            String what = p[0].substring(0, Math.min(60, p[0].length())) + " -> " + answer;
            assertThat(status(answer)).as(what).contains(" " + p[1]);
            assertThat(answer).as(what).containsIgnoringCase("Content-Type: application/json");
            JsonNode error = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(error.path("status").asInt()).as(what).isEqualTo(Integer.parseInt(p[1]));
            assertThat(error.path("error").asText()).as(what).isNotBlank();
        }
    }

    /**
     * A failure inside the server is answered 500 with a message that names no exception class and carries no internal
     * text (it used to be "analysis failed: java.lang.IllegalStateException: ..."); the domain's own refusal of its
     * input (IllegalArgumentException, the convention the resources follow) is a 400 on the analysis workers too.
     */
    @Test
    void failuresNameNoExceptionAndTheDomainsRefusalIsA400() throws Exception {
        String secret = "pool at jdbc:duckdb:/srv/secret.duckdb";
        AutopsyService failing = (from, to, coin) -> {
            if ("ETH".equals(coin)) {
                throw new IllegalArgumentException("the window must start after 2015-01-01");
            }
            throw new IllegalStateException(secret);
        };
        try (TestServer broken = new TestServer(null, null, LiveHub.withDefaults(), false, ServerOptions.loopback(0),
                s -> new CascadeServer.Services(failing, s.liquidationMap(), s.stress(), s.totals(), s.queries()))) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(broken.url(
                    "/api/autopsy?from=2025-10-10&to=2025-10-11"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
            assertThat(JSON.readTree(r.body()).path("error").asText()).isNotBlank();
            assertThat(r.body()).doesNotContain("Exception", "java.", secret);
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(broken.url(
                    "/api/autopsy?from=2025-10-10&to=2025-10-11&coin=ETH"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("error").asText()).isEqualTo("the window must start after 2015-01-01");
        }
    }

    @Test
    void rulesNeedTheTokenToReadAndTheirWebhookSecretsAreMasked() throws Exception {
        // A public address literal: passes the policy without any lookup (the rule never fires in this test).
        String url = "https://bot:hunter2@93.184.216.34/services/T00/B00/XXsecretXX?token=abc";
        HttpResponse<String> created = send("POST", "/api/alerts/rules", null,
                "{\"kind\":\"LIQUIDATIONS_OVER\",\"thresholdUsd\":\"5000000\",\"webhookUrl\":\"" + url + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("hunter2").doesNotContain("XXsecretXX").doesNotContain("abc");
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(ts.url("/api/alerts/rules"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> listed = send("GET", "/api/alerts/rules", null, null);
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode rule = null;
        for (JsonNode r : JSON.readTree(listed.body())) {
            if (r.get("id").asText().equals(JSON.readTree(created.body()).get("id").asText())) {
                rule = r;
            }
        }
        assertThat(rule).isNotNull();
        assertThat(rule.get("webhookUrl").asText()).isEqualTo("https://***@93.184.216.34/services/***?***");
        assertThat(rule.get("webhook").get("delivered").asLong()).isZero();
        assertThat(listed.body()).doesNotContain("hunter2").doesNotContain("XXsecretXX");
    }

    @Test
    void webhookTargetsInsideTheNetworkAreRefusedAtCreation() throws Exception {
        for (String url : new String[]{"http://169.254.169.254/latest/meta-data/", "http://10.0.0.7/h", "http://0.0.0.0:8080/",
                "http://127.0.0.1:" + ts.server.port() + "/api/alerts/rules", "http://[::1]/", "http://93.184.216.34:99999/",
                "http://93.184.216.34:22/", "ftp://93.184.216.34/"}) {
            HttpResponse<String> r = send("POST", "/api/alerts/rules", null,
                    "{\"kind\":\"LIQUIDATIONS_OVER\",\"thresholdUsd\":\"5000000\",\"webhookUrl\":\"" + url + "\"}");
            assertThat(r.statusCode()).as(url + " -> " + r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("error").asText()).as(url).contains("webhookUrl");
        }
    }
}
