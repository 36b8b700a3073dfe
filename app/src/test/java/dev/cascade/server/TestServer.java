package dev.cascade.server;

import dev.cascade.store.StoreWriter;
import dev.cascade.replay.Replayer;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.store.DuckDbStore;
import dev.cascade.store.SqlAlertRuleRepository;
import dev.cascade.store.SqlDashboardQueries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A real server on a free loopback port over an in-memory (or file) store, for tests. */
final class TestServer implements AutoCloseable {
    static final String TOKEN = "test-token-0123456789abcdef";

    final DuckDbStore store;
    final StoreWriter writer;
    final SqlDashboardQueries queries;
    final SqlAlertRuleRepository rules;
    final CascadeServer server;

    TestServer(Path db, LiveSource source, LiveHub hub, boolean loadBundled) throws IOException {
        // Tests' webhook receivers listen on loopback: the flag that allows private targets.
        this(db, source, hub, loadBundled, ServerOptions.loopback(0).withPrivateWebhooks(true));
    }

    TestServer(Path db, LiveSource source, LiveHub hub, boolean loadBundled, ServerOptions options) throws IOException {
        store = DuckDbStore.open(db);
        writer = new StoreWriter(store, 200_000, 100);
        queries = new SqlDashboardQueries(store::connect, 4);
        rules = new SqlAlertRuleRepository(store.connect());
        server = new CascadeServer(writer, queries.queryStore(), queries, rules,
                CascadeServer.Services.fromStore(queries.queryStore(), queries), source, TOKEN, hub);
        if (loadBundled) {
            new Replayer(Instruments.withDefaults()).replay(bundledFiles(), server.historySink(), (d, t) -> { });
            writer.flushNow();
        }
        server.start(options);
    }

    static Path root() {
        return Path.of(System.getProperty("cascade.root", "..")).toAbsolutePath().normalize();
    }

    static List<Path> bundledFiles() throws IOException {
        try (Stream<Path> s = Files.list(root().resolve("data"))) {
            return s.filter(p -> p.toString().endsWith(".jsonl.gz")).sorted().toList();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Override
    public void close() {
        server.close();
        rules.close();
        queries.close();
        writer.close();
        store.close();
    }
}
