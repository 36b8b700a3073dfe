package dev.cascade.scaleout.clickhouse;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A loopback stand-in for the ClickHouse HTTP interface (port 8123 protocol): records every request exactly as the
 * client sent it and answers with responses in ClickHouse's wire formats, supplied by the test. It checks nothing by
 * itself; the tests assert on the recorded requests. No live ClickHouse server is involved.
 */
final class FakeClickHouseServer implements AutoCloseable {
    /** One request as received. {@code sql} is the query text, from the body or the {@code query} URL parameter. */
    record Request(String method, String path, Map<String, String> params, Map<String, List<String>> headers, byte[] body) {
        String sql() {
            String q = params.get("query");
            return q != null ? q : new String(body, StandardCharsets.UTF_8);
        }
    }

    record Response(int status, Map<String, String> headers, byte[] body) {
        static Response ok(byte[] body, String format) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("X-ClickHouse-Server-Display-Name", "fake");
            h.put("X-ClickHouse-Query-Id", "q-1");
            if (format != null) {
                h.put("X-ClickHouse-Format", format);
                h.put("Content-Type", "application/octet-stream");
            }
            h.put("X-ClickHouse-Timezone", "UTC");
            h.put("X-ClickHouse-Summary", "{\"read_rows\":\"0\",\"read_bytes\":\"0\",\"written_rows\":\"0\",\"written_bytes\":\"0\","
                    + "\"total_rows_to_read\":\"0\",\"result_rows\":\"0\",\"result_bytes\":\"0\",\"elapsed_ns\":\"1000\"}");
            return new Response(200, h, body);
        }

        /** How ClickHouse reports a failed query over HTTP: a 4xx/5xx status, the code in a header, the text in the body. */
        static Response error(int status, int code, String message) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("X-ClickHouse-Exception-Code", Integer.toString(code));
            h.put("Content-Type", "text/plain; charset=UTF-8");
            return new Response(status, h, ("Code: " + code + ". DB::Exception: " + message + ". (version 25.8.1.1)\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile Function<Request, Response> responder = r -> Response.ok(new byte[0], null);

    FakeClickHouseServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    void respondWith(Function<Request, Response> r) {
        this.responder = r;
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        Map<String, String> params = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(k, v);
            }
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
        Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), params, headers, body);
        requests.add(req);
        Response resp = responder.apply(req);
        resp.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(resp.status(), resp.body().length == 0 ? -1 : resp.body().length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(resp.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
