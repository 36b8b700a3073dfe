package dev.cascade.cli;

import dev.cascade.core.normalize.Instruments;
import dev.cascade.feed.FrameQueue;
import dev.cascade.feed.IngestPlan;
import dev.cascade.ingest.ConnectorSource;
import dev.cascade.ingest.ReplayFileSource;
import dev.cascade.ingest.Spine;
import dev.cascade.ingest.StoreSink;
import dev.cascade.core.time.TimeText;
import dev.cascade.server.CascadeServer;
import dev.cascade.server.LiveHub;
import dev.cascade.server.ServerOptions;
import dev.cascade.server.TokenAuth;
import dev.cascade.core.port.ReadStore;
import dev.cascade.store.DuckDbStore;
import dev.cascade.store.ReadAccess;
import dev.cascade.store.SqlAlertRuleRepository;
import dev.cascade.store.SqlDashboardQueries;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the dashboard, REST API (/openapi.json) and live WebSocket stream while ingesting the exchanges' "
                + "live feeds (the same ingest as `cascade ingest`; query, export, autopsy, liqmap and stress read the store meanwhile).",
                "Offline demo: cascade serve --load data/ --replay recorded.jsonl.gz --speed 10x (a replay without --exchanges "
                        + "connects to no exchange).",
                "Listens on 127.0.0.1:8080; write endpoints and reading alert rules need the token (--token, CASCADE_TOKEN, or the one printed)."})
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Option(names = "--store", paramLabel = "URL", description = "Serve this store read-only instead of --db: "
            + "clickhouse://host:8123/database[?user=NAME&secure=true] or duckdb:FILE (consumers write it; no --replay/--load). "
            + "Alert rules are kept in --db.")
    String storeUrl;

    @Mixin
    ExchangeOptions venues;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}). "
            + "Anything but loopback needs --allow-remote.")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--allow-remote", description = "Allow listening on a non-loopback address.")
    boolean allowRemote;

    @Option(names = "--allow-host", paramLabel = "NAME", description = "Another Host name the server answers to (repeatable); "
            + "loopback names and the bound address always are. Other names are refused (DNS rebinding).")
    List<String> allowHosts = new ArrayList<>();

    @Option(names = "--cors-origin", paramLabel = "ORIGIN", description = "An origin (https://host[:port]) whose pages may call "
            + "the API and open the live stream (repeatable). None by default: CORS closed.")
    List<String> corsOrigins = new ArrayList<>();

    @Option(names = "--allow-private-webhooks", description = "Let alert webhooks go to loopback, private and link-local "
            + "addresses and to service ports below 1024 (refused by default).")
    boolean allowPrivateWebhooks;

    @Option(names = "--access-log", description = "Log one line per HTTP request: method, path, status, milliseconds.")
    boolean accessLog;

    @Option(names = "--token", paramLabel = "TOKEN", description = "API token for write endpoints (default: $CASCADE_TOKEN, else a random one is printed).")
    String token;

    @Option(names = "--replay", paramLabel = "FILE", description = "Recorded-feed file(s) or directories to replay as a live source (with no --exchanges, the only one).")
    List<Path> replay = new ArrayList<>();

    @Option(names = "--speed", defaultValue = "1x", description = "Replay speed: 10x, 0.5x, or max (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--max-idle", defaultValue = "2s", paramLabel = "DURATION",
            description = "Recorded silences longer than this (after speed-up) are shortened to it (default: ${DEFAULT-VALUE}).")
    String maxIdle;

    @Option(names = "--load", paramLabel = "FILE", description = "Recorded-feed file(s) or directories to load as history first (stored, not broadcast).")
    List<Path> load = new ArrayList<>();

    @Option(names = "--exit-after-replay", description = "Stop the server when the replay has finished (for scripted runs).")
    boolean exitAfterReplay;

    @Mixin
    RetentionOption retention;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0-65535, got " + port);
        }
        retention.period(spec); // a bad value is refused before anything opens
        try {
            dev.cascade.server.BindPolicy.check(host, allowRemote);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        for (String h : allowHosts) {
            if (!h.matches("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--allow-host must be a host name or [IPv6], got '" + h + "'");
            }
        }
        for (String o : corsOrigins) {
            if (!o.matches("https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?/?|https?://\\[[0-9A-Fa-f:.]{2,45}\\](:[0-9]{1,5})?/?")) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--cors-origin must be scheme://host[:port] (e.g. https://dash.example.org), got '" + o + "'");
            }
        }
        double speedX;
        long maxIdleMs;
        try {
            speedX = ReplayFileSource.parseSpeed(speed);
            maxIdleMs = TimeText.durationMs("--max-idle", maxIdle);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<Path> replayFiles = expand("--replay", replay);
        List<Path> loadFiles = expand("--load", load);
        if (storeUrl != null && (!replayFiles.isEmpty() || !loadFiles.isEmpty())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--replay and --load write into the store; a server "
                    + "given --store only reads it (feed it with `cascade-scaleout consume`)");
        }
        // The exchanges run unless this is an offline demo (a replay and no --exchanges), or --exchanges none.
        boolean exchangesGiven = spec.commandLine().getParseResult().hasMatchedOption("--exchanges");
        boolean live = !(venues.exchanges.size() == 1 && venues.exchanges.get(0).equalsIgnoreCase("none"))
                && (exchangesGiven || replayFiles.isEmpty()) && storeUrl == null;
        IngestPlan.Plan plan = live ? venues.plan(spec) : null;
        String tok = token != null ? token : System.getenv("CASCADE_TOKEN");
        boolean generated = tok == null || tok.isBlank();
        if (generated) {
            tok = TokenAuth.generate();
        }
        try {
            new TokenAuth(tok);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--token: " + e.getMessage());
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // Ctrl-C / SIGTERM: let the main thread close the server and flush the store before the JVM exits.
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                closed.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            serve(plan, replayFiles, loadFiles, speedX, maxIdleMs, tok, generated, stop);
        } finally {
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
        return CascadeCli.EXIT_OK;
    }

    private void serve(IngestPlan.Plan plan, List<Path> replayFiles, List<Path> loadFiles, double speedX, long maxIdleMs,
                       String tok, boolean generated, CountDownLatch stop) throws Exception {
        if (storeUrl != null) {
            serveStore(tok, generated, stop);
            return;
        }
        PrintStream out = System.out;
        // Raw trades and marks expire on a live store; a replay-only demo keeps the history it was given whole, unless asked.
        java.time.Duration keepRaw = plan != null || spec.commandLine().getParseResult().hasMatchedOption("--retain-raw-days")
                ? retention.period(spec) : null;
        Instruments instruments = Instruments.withDefaults();
        // Instrument metadata first (one line per venue): the normalizers need it before the first live frame.
        ConnectorSource connectors = plan == null ? null : venues.source(plan, instruments, out);
        try (DuckDbStore db = DuckDbStore.open(store.db);
             SqlDashboardQueries queries = new SqlDashboardQueries(db::connect, 4);
             // The analyses read on connections of their own: a seconds-long read never holds one the light endpoints need.
             SqlDashboardQueries analysisQueries = new SqlDashboardQueries(db::connect, CascadeServer.ANALYSIS_CONNECTIONS);
             SqlAlertRuleRepository rules = new SqlAlertRuleRepository(db.connect());
             CascadeServer server = new CascadeServer(queries.queryStore(), queries, rules,
                     CascadeServer.Services.fromStore(analysisQueries.queryStore(), analysisQueries), tok, LiveHub.withDefaults());
             // The live fan-out before the store: the broadcast does not wait for the store's append.
             Spine spine = new Spine(instruments, List.of(server.sink(), new StoreSink(db)), FrameQueue.standard(), 250);
             ReadAccess.Published readers = ReadAccess.publish(db, store.db)) {
            db.retainRaw(keepRaw);
            server.reportsOn(spine);
            if (connectors != null || !replayFiles.isEmpty()) {
                server.attachLiveSource();
            }
            db.onFlush(server.metrics()::flushed);
            server.metrics().counter("cascade.events.stored", "Events made durable in the store", db, d -> d.stats().stored());
            server.metrics().gauge("cascade.ingest.queue.depth", "Frames and events waiting for the ingest writer", spine,
                    sp -> sp.queue().size());
            spine.onReject((src, frame, reason) -> server.metrics().rejected(src, reason));
            // A store failure (disk full, read-only, file gone) stops ingesting but not serving: what is stored stays
            // readable on the dashboard and API (often most wanted when the disk filled during a crash), /api/health
            // answers 503 with the store's message so a monitor or supervisor sees it (--exit-after-replay ends with
            // it, exit 1). Exiting at once would take the stored data offline too, and a supervisor's restart into the
            // same full disk would only fail again.
            spine.onHalt(() -> System.err.println("serving the stored data; ingestion stays stopped until a restart"
                    + " (/api/health reports it)"));
            spine.start();
            if (!loadFiles.isEmpty()) {
                System.err.println("loading history from " + loadFiles.size() + " file(s)...");
                ReplayFileSource history = new ReplayFileSource(loadFiles, 0, 0, true, (d, t) -> { });
                spine.add(history);
                history.awaitFinished();
                spine.flushNow();
                spine.throwIfHalted();
                long events = spine.historyCounts().values().stream().mapToLong(c -> c.events()).sum();
                System.err.println("loaded " + events + " events from " + history.frames() + " frames");
            }
            start(server, tok, generated);
            out.flush();
            if (connectors != null) {
                spine.add(connectors);
                out.println("connecting to " + plan.connectors().size() + " feeds (" + String.join(",", plan.coins()) + ")");
                if (venues.reportFirstAttempts(connectors, out) == 0) {
                    out.println("no exchange reachable: serving the stored data" + (replayFiles.isEmpty() ? "" : " and the replay")
                            + "; the feeds keep retrying with backoff");
                }
            }
            ReplayFileSource replaySource = null;
            if (!replayFiles.isEmpty()) {
                replaySource = ReplayFileSource.paced(replayFiles, speedX, maxIdleMs);
                spine.add(replaySource);
            } else if (connectors == null) {
                out.println("No live source: --exchanges none and no --replay; serving the stored data.");
            }
            out.flush();
            if (exitAfterReplay && replaySource != null) {
                replaySource.awaitFinished();
                spine.flushNow();
                out.println("replay finished: " + replaySource.frames() + " frames");
            } else {
                stop.await();
            }
            spine.throwIfHalted();
            System.err.println("stopping: closing the server and flushing the store");
        }
    }

    /** Starts the server and prints where it is and which token writes need. */
    private void start(CascadeServer server, String tok, boolean generated) {
        server.start(new ServerOptions(host, port, allowRemote, allowHosts, corsOrigins, allowPrivateWebhooks, accessLog));
        String where = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port() + "/";
        System.out.println("Cascade dashboard: " + where + "   API: " + where + "openapi.json");
        System.out.println(generated ? "API token (generated; pass --token or CASCADE_TOKEN to fix it): " + tok
                : "API token: from " + (token != null ? "--token" : "CASCADE_TOKEN"));
    }

    /**
     * The dashboard and API over a store another process writes (ClickHouse filled by consumers): every read through
     * the store's read ports, nothing written to it. Alert rules live in the local --db file.
     */
    private void serveStore(String tok, boolean generated, CountDownLatch stop) throws Exception {
        ReadStore read;
        try {
            read = ReadStore.open(storeUrl);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--store: " + e.getMessage());
        }
        try (ReadStore rs = read;
             DuckDbStore rulesDb = DuckDbStore.open(store.db);
             SqlAlertRuleRepository rules = new SqlAlertRuleRepository(rulesDb.connect());
             CascadeServer server = new CascadeServer(rs.queries(), rs.dashboard(), rules,
                     CascadeServer.Services.fromStore(rs.queries(), rs.dashboard()), tok, LiveHub.withDefaults())) {
            start(server, tok, generated);
            System.out.println("Reading " + rs.description() + " (read-only; alert rules in " + store.db + ")");
            System.out.flush();
            stop.await();
            System.err.println("stopping: closing the server");
        }
    }

    private List<Path> expand(String flag, List<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.getFileName().toString().matches(".*\\.jsonl(\\.gz)?")).sorted().forEach(out::add);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new CommandLine.ParameterException(spec.commandLine(), flag + ": no such file or directory: " + p);
            }
        }
        return out;
    }
}
