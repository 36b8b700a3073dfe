package dev.cascade.server;

import dev.cascade.core.normalize.Instruments;
import dev.cascade.feed.FrameQueue;
import dev.cascade.ingest.ReplayFileSource;
import dev.cascade.ingest.Spine;
import dev.cascade.ingest.SpineSource;
import dev.cascade.ingest.StoreSink;
import dev.cascade.store.DuckDbStore;
import dev.cascade.store.SqlAlertRuleRepository;
import dev.cascade.store.SqlDashboardQueries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real server on a free loopback port over an in-memory (or file) store, fed by the ingest spine as `serve` wires
 * it (live fan-out, then the store), for tests. {@code source} (nullable) is added once the server listens.
 */
final class TestServer implements AutoCloseable {
    static final String TOKEN = "test-token-0123456789abcdef";

    final DuckDbStore store;
    final SqlDashboardQueries queries;
    final SqlDashboardQueries analysisQueries;
    final SqlAlertRuleRepository rules;
    final CascadeServer server;
    final Spine spine;

    TestServer(Path db, SpineSource source, LiveHub hub, boolean loadBundled) throws IOException {
        // Tests' webhook receivers listen on loopback: the flag that allows private targets.
        this(db, source, hub, loadBundled, ServerOptions.loopback(0).withPrivateWebhooks(true));
    }

    TestServer(Path db, SpineSource source, LiveHub hub, boolean loadBundled, ServerOptions options) throws IOException {
        this(db, source, hub, loadBundled, options, java.util.function.UnaryOperator.identity());
    }

    /** {@code services} may replace the analytics the store gives (a failing one, to see how failures are answered). */
    TestServer(Path db, SpineSource source, LiveHub hub, boolean loadBundled, ServerOptions options,
               java.util.function.UnaryOperator<CascadeServer.Services> services) throws IOException {
        store = DuckDbStore.open(db);
        queries = new SqlDashboardQueries(store::connect, 4);
        analysisQueries = new SqlDashboardQueries(store::connect, CascadeServer.ANALYSIS_CONNECTIONS);
        rules = new SqlAlertRuleRepository(store.connect());
        server = new CascadeServer(queries.queryStore(), queries, rules,
                services.apply(CascadeServer.Services.fromStore(analysisQueries.queryStore(), analysisQueries)), TOKEN, hub);
        spine = new Spine(Instruments.withDefaults(), List.of(server.sink(), new StoreSink(store)), FrameQueue.standard(), 100);
        server.reportsOn(spine);
        spine.start();
        if (loadBundled) {
            ReplayFileSource history = new ReplayFileSource(bundledFiles(), 0, 0, true, (d, t) -> { });
            spine.add(history);
            try {
                history.awaitFinished();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            spine.flushNow();
        }
        server.start(options);
        if (source != null) {
            spine.add(source);
        }
    }

    static Path root() {
        return Path.of(System.getProperty("cascade.root", "..")).toAbsolutePath().normalize();
    }

    static List<Path> bundledFiles() throws IOException {
        try (Stream<Path> s = Files.list(root().resolve("data"))) {
            return s.filter(p -> p.toString().endsWith(".jsonl.gz")).sorted().toList();
        }
    }

    /**
     * One raw HTTP/1.1 exchange (for what the JDK client refuses to send: malformed percent-encoding, a forged Host,
     * odd methods): the request head (and body) as given, the whole answer (status line, headers, body) as ISO-8859-1.
     * The request should say {@code Connection: close}, so the answer ends where the connection does.
     */
    String raw(String request) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(60_000);
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Override
    public void close() {
        spine.close();
        server.close();
        rules.close();
        queries.close();
        analysisQueries.close();
        store.close();
    }
}
