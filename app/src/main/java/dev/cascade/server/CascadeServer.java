package dev.cascade.server;

import dev.cascade.core.alert.AlertRule;
import dev.cascade.core.port.AlertRuleRepository;
import dev.cascade.core.port.DashboardQueries;
import dev.cascade.core.port.QueryStore;
import dev.cascade.ingest.Spine;
import dev.cascade.ingest.SpineSink;
import dev.cascade.store.StoreException;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP/WebSocket server: REST API under /api (one resource class per part: status, liquidations, market series,
 * analyses, alerts), the live stream at /ws/liquidations ({@link LiveSocket}), the dashboard from the jar's /public,
 * and the hand-written OpenAPI document at /openapi.json. Owns the live hub, alert engine and feed health, and
 * joins the ingest spine as one of its sinks ({@link #sink}); the store's read side and the analytics are handed in.
 */
public final class CascadeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CascadeServer.class);
    /** The access log (serve --access-log): its own logger, so it can be routed or silenced apart. */
    private static final Logger ACCESS = LoggerFactory.getLogger("dev.cascade.access");
    static final String VERSION = "0.1.0";
    /** Methods that change state: they must come from this server's pages or a configured origin (CSRF). */
    private static final java.util.Set<String> WRITES = java.util.Set.of("POST", "PUT", "PATCH", "DELETE");

    /**
     * The analytics behind the API: the core autopsy, and the simulator's modeled liquidation map and stress test, plus
     * the read ports they and the heatmap query. Give them connections of their own ({@link #ANALYSIS_CONNECTIONS}):
     * an analysis reads for seconds, and on the light endpoints' connections it would make their reads wait.
     */
    public record Services(AutopsyService autopsy, LiquidationMapService liquidationMap, StressService stress, QueryStore totals,
                           DashboardQueries queries) {
        public static Services fromStore(QueryStore totals, DashboardQueries queries) {
            SimulatorMapServices sim = new SimulatorMapServices(queries.marketHistory());
            return new Services(AutopsyService.over(totals), sim, sim, totals, queries);
        }
    }

    /** Store connections the analyses need at most at once: one per analysis worker (each reads one query at a time). */
    public static final int ANALYSIS_CONNECTIONS = AnalysisRunner.WORKERS;

    /** A registered HTTP route (method and path), for the OpenAPI completeness test. */
    public record Route(String method, String path) {
    }

    private final QueryStore totals;
    private final DashboardQueries queries;
    private final Services services;
    private final TokenAuth auth;
    private final LiveHub hub;
    private final MarketClock clock = new MarketClock(System::currentTimeMillis);
    private final FeedHealth health = new FeedHealth(System::currentTimeMillis);
    private final AlertEngine alerts;
    private final WebhookNotifier webhooks = new WebhookNotifier();
    private final Metrics metrics = new Metrics();
    private final AnalysisRunner analyses = AnalysisRunner.withDefaults();
    private final ResponseCache reads = ResponseCache.oneSecond();
    private final LiveFanout fanout;
    private volatile Spine spine;
    private final List<Route> routes = new ArrayList<>();
    private final byte[] openApi;
    private Javalin app;

    public CascadeServer(QueryStore totals, DashboardQueries queries, AlertRuleRepository rules, Services services,
                         String token, LiveHub hub) {
        this.totals = totals;
        this.queries = queries;
        this.services = services;
        this.auth = new TokenAuth(token);
        this.hub = hub;
        this.alerts = new AlertEngine(rules, this::deliverAlert, System::currentTimeMillis);
        this.fanout = new LiveFanout(hub, alerts, clock, health);
        try (InputStream in = CascadeServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json missing from the jar");
            }
            this.openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read openapi.json", e);
        }
    }

    /** The server's sink in the ingest spine: market clock, feed health, live broadcast, alert rules. */
    public SpineSink sink() {
        return fanout;
    }

    /** The spine whose sources and counts the status endpoints report. */
    public CascadeServer reportsOn(Spine spine) {
        this.spine = spine;
        return this;
    }

    /** A live source (exchange connectors or a replay) feeds the spine: "now" follows it, not the history loaded first. */
    public CascadeServer attachLiveSource() {
        clock.attachLiveSource();
        return this;
    }

    public MarketClock clock() {
        return clock;
    }

    public LiveHub hub() {
        return hub;
    }

    public AlertEngine alerts() {
        return alerts;
    }

    public WebhookNotifier webhooks() {
        return webhooks;
    }

    /** The operational metrics served at /metrics; callers that own the store bind its figures here. */
    public Metrics metrics() {
        return metrics;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    private void deliverAlert(Alert a) {
        String json = EventJson.alert(a);
        hub.publish(new LiveHub.Message("alert", json));
        for (AlertRule r : alerts.rules()) {
            if (r.id().equals(a.ruleId()) && r.webhookUrl() != null) {
                webhooks.deliver(r.id(), r.webhookUrl(), json);
            }
        }
    }

    /** Starts on {@code host:port} with the default options (see {@link ServerOptions#loopback}). */
    public CascadeServer start(String host, int port, boolean allowRemote) {
        return start(new ServerOptions(host, port, allowRemote, List.of(), List.of(), false, false));
    }

    /** Starts listening (after {@link BindPolicy#check}). Port 0 picks a free port. */
    public CascadeServer start(ServerOptions options) {
        String host = options.host();
        BindPolicy.check(host, options.allowRemote());
        webhooks.configure(options.allowPrivateWebhooks() ? WebhookPolicy.allowingPrivate() : WebhookPolicy.publicOnly(),
                WebhookNotifier.Retry.DEFAULT);
        OriginGuard guard = new OriginGuard(options);
        bindMetrics();
        List<ApiRoutes.Resource> resources = List.of(
                r -> r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi)),
                new StatusResource(clock, health, hub, webhooks, queries, () -> spine),
                new LiquidationResource(totals, queries, clock),
                new MarketSeriesResource(queries, totals, clock),
                new AnalysisResource(services, clock, analyses),
                new HeatmapResource(services.queries(), services.totals(), services, clock, analyses),
                // Shared like the dashboard's reads: a scrape is ~1,000 lines, and one a second is plenty for any poller.
                r -> r.getShared("/metrics", Metrics.contentType(), query -> metrics.scrape().getBytes(StandardCharsets.UTF_8)),
                new AlertResource(alerts, auth, webhooks));
        LiveSocket socket = new LiveSocket(hub, clock);
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            cfg.staticFiles.add("/public", Location.CLASSPATH);
            cfg.routes.before(ctx -> {
                guard.checkHost(ctx);
                if (guard.cors(ctx)) {
                    ctx.skipRemainingHandlers(); // a CORS preflight, answered
                } else if (WRITES.contains(ctx.method().name())) {
                    guard.checkOrigin(ctx);
                }
            });
            cfg.routes.wsBeforeUpgrade(ctx -> {
                guard.checkHost(ctx);
                guard.checkOrigin(ctx);
                if (hub.full()) {
                    ctx.header("Retry-After", "30");
                    throw new LiveSocket.Full();
                }
            });
            cfg.requestLogger.http((ctx, ms) -> {
                String route = route(ctx);
                metrics.http(ctx.method().name(), route, ctx.statusCode(), (long) (ms * 1_000_000));
                if (options.accessLog()) {
                    ACCESS.info("{} {} {} {} {} {}ms", ctx.ip(), ctx.method().name(), ctx.path(), ctx.statusCode(), route,
                            String.format(java.util.Locale.ROOT, "%.1f", ms));
                }
            });
            cfg.routes.exception(BadRequest.class, (e, ctx) -> Http.error(ctx, 400, e.getMessage()));
            cfg.routes.exception(OriginGuard.Forbidden.class, (e, ctx) -> Http.error(ctx, 403, e.getMessage()));
            cfg.routes.exception(LiveSocket.Full.class, (e, ctx) -> Http.error(ctx, 503, e.getMessage()));
            cfg.routes.exception(TokenAuth.Unauthorized.class, (e, ctx) -> Http.error(ctx, 401, e.getMessage()));
            // The store failing (a full disk, a lost file) is the server unable for now, not the request wrong and not a
            // bug: 503 with the store's reason, so a client retries later and an operator sees what to fix.
            cfg.routes.exception(StoreException.class, (e, ctx) -> {
                LOG.error("store error on {}: {}", ctx.path(), e.getMessage());
                ctx.header("Retry-After", "30");
                Http.error(ctx, 503, e.getMessage());
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> Http.internalError(ctx, e));
            // A known path asked with a method it does not take is a 405 with Allow; both it and an unknown API path
            // answer JSON whatever the client accepts.
            cfg.http.prefer405over404 = true;
            cfg.routes.error(404, ctx -> {
                if (ctx.path().startsWith("/api/")) {
                    Http.error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path() + " (see /openapi.json)");
                }
            });
            cfg.routes.error(405, ctx -> {
                java.util.Set<String> allowed = ApiRoutes.allowed(routes, ctx.path());
                ctx.header("Allow", String.join(", ", allowed));
                Http.error(ctx, 405, ctx.method() + " is not allowed on " + ctx.path() + "; it takes " + String.join(", ", allowed));
            });
            ApiRoutes api = new ApiRoutes(cfg.routes, routes, reads);
            resources.forEach(r -> r.register(api));
            cfg.routes.ws(LiveSocket.PATH, socket::configure);
        });
        app.start(host, options.port());
        // Ask the light reads once before reporting ready, over loopback where the server listens on every interface.
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        String self = wildcard ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        ReadWarmup.of(openApi).run("http://" + self + ":" + app.port());
        LOG.info("serving on http://{}:{}/", host.contains(":") ? "[" + host + "]" : host, app.port());
        return this;
    }

    /** The route template that answered (bounded label values for metrics), "static" for files, "unmatched" for 404s. */
    private static String route(io.javalin.http.Context ctx) {
        try {
            String path = ctx.endpoint().path;
            if (path != null && !path.isEmpty() && !path.equals("*")) {
                return path;
            }
        } catch (RuntimeException e) {
            // no endpoint matched
        }
        return ctx.path().startsWith("/api/") || ctx.statusCode() == 404 ? "unmatched" : "static";
    }

    private void bindMetrics() {
        metrics.feeds(() -> {
            java.util.Map<String, long[]> m = new java.util.HashMap<>();
            Spine in = spine;
            if (in != null) {
                in.counts().forEach((feed, c) -> m.put(feed, new long[]{c.frames(), c.events(), c.malformed()}));
            }
            return m;
        });
        metrics.gauge("cascade.ws.clients", "Connected WebSocket clients", hub, h -> h.stats().clients());
        metrics.counter("cascade.ws.frames.dropped", "Frames skipped for slow WebSocket clients", hub, h -> h.stats().dropped());
        metrics.counter("cascade.ws.disconnected.slow", "WebSocket clients disconnected for not reading", hub,
                h -> h.stats().disconnectedSlow());
        metrics.counter("cascade.ws.messages.published", "Messages offered to the live stream", hub, h -> h.stats().published());
        metrics.counter("cascade.webhooks.delivered", "Alert webhooks delivered", webhooks, WebhookNotifier::delivered);
        metrics.counter("cascade.webhooks.failed", "Alert webhooks failed for good or dropped", webhooks, WebhookNotifier::failed);
        metrics.counter("cascade.webhooks.retried", "Alert webhook attempts retried", webhooks, WebhookNotifier::retried);
        metrics.gauge("cascade.analysis.running", "Expensive analyses running", analyses, AnalysisRunner::running);
        metrics.gauge("cascade.analysis.queued", "Expensive analyses waiting for a worker", analyses, AnalysisRunner::queued);
        metrics.counter("cascade.analysis.rejected", "Analyses refused with 429: workers and queue full", analyses,
                AnalysisRunner::rejected);
        metrics.counter("cascade.analysis.timeouts", "Analyses stopped at their time limit", analyses, AnalysisRunner::timedOut);
        metrics.counter("cascade.analysis.cache.hits", "Analyses answered from the cache", analyses, AnalysisRunner::cacheHits);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        hub.close();
        webhooks.close();
        analyses.close();
        reads.close();
        if (app != null) {
            app.stop();
        }
    }
}
