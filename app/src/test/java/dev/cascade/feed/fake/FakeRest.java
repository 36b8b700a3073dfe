package dev.cascade.feed.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A JDK HTTP server on 127.0.0.1 (random port) answering REST paths with canned venue responses. */
public final class FakeRest implements AutoCloseable {
    /** One response: status, body, extra headers. */
    public record Reply(int status, String body, Map<String, String> headers) {
        public static Reply ok(String body) {
            return new Reply(200, body, Map.of());
        }
    }

    private final HttpServer server;
    public final List<String> requests = new CopyOnWriteArrayList<>();

    /** {@code handler} gets "path?query" and returns the reply. */
    public FakeRest(Function<String, Reply> handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", ex -> respond(ex, handler));
        server.start();
    }

    private void respond(HttpExchange ex, Function<String, Reply> handler) throws IOException {
        String pq = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        requests.add(pq);
        Reply r = handler.apply(pq);
        byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
        r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(r.status(), b.length == 0 ? -1 : b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
