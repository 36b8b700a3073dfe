package dev.cascade.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.core.analytics.SideTotals;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.core.port.EventSink;
import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.QueryStore.Dimension;
import dev.cascade.report.AutopsyJson;
import dev.cascade.store.StoreException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import io.javalin.websocket.WsConfig;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The HTTP/WebSocket server: REST API under /api, the live stream at /ws/liquidations, the dashboard from the jar's
 * /public, and the hand-written OpenAPI document at /openapi.json. Owns the live hub, alert engine and feed health;
 * the store, live source and analytics services are handed in.
 */
public final class CascadeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CascadeServer.class);
    static final String VERSION = "0.1.0";
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    /** The analytics behind the API: the core autopsy, and the simulator's modeled liquidation map and stress test. */
    public record Services(AutopsyService autopsy, LiquidationMapService liquidationMap, StressService stress) {
        public static Services fromStore(QueryStore totals, DashboardQueries queries) {
            SimulatorMapServices sim = new SimulatorMapServices(queries.marketHistory());
            return new Services(AutopsyService.over(totals), sim, sim);
        }
    }

    /** A registered HTTP route (method and path), for the OpenAPI completeness test. */
    public record Route(String method, String path) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final QueryStore totals;
    private final DashboardQueries queries;
    private final Services services;
    private final TokenAuth auth;
    private final LiveHub hub;
    private final MarketClock clock = new MarketClock(System::currentTimeMillis);
    private final FeedHealth health = new FeedHealth(System::currentTimeMillis);
    private final AlertEngine alerts;
    private final WebhookNotifier webhooks = new WebhookNotifier();
    private final Ingest ingest;
    private final LiveSource source;
    private final Pipeline livePipeline;
    private final List<Route> routes = new ArrayList<>();
    private final byte[] openApi;
    private Javalin app;

    public CascadeServer(EventSink store, QueryStore totals, DashboardQueries queries, AlertRuleRepository rules,
                         Services services, LiveSource source, String token, LiveHub hub) {
        this.totals = totals;
        this.queries = queries;
        this.services = services;
        this.auth = new TokenAuth(token);
        this.hub = hub;
        this.source = source;
        this.alerts = new AlertEngine(rules, this::deliverAlert, System::currentTimeMillis);
        this.ingest = new Ingest(store, hub, alerts, clock, health);
        this.livePipeline = new Pipeline(Instruments.withDefaults(), ingest.live(),
                (src, frame, reason) -> LOG.warn("rejected live frame from {}: {}", src, reason));
        try (InputStream in = CascadeServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json missing from the jar");
            }
            this.openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read openapi.json", e);
        }
    }

    /** Sink for history loaded before the live source starts (stored and counted, not broadcast). */
    public EventSink historySink() {
        return ingest.history();
    }

    /** Sink for live events from code that already normalizes (tests, future connectors). */
    public EventSink liveSink() {
        return ingest.live();
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

    public Map<String, Pipeline.FeedCounts> liveCounts() {
        return livePipeline.counts();
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    private void deliverAlert(Alert a) {
        String json = EventJson.alert(a);
        hub.publish(new LiveHub.Message("alert", json));
        for (AlertRule r : alerts.rules()) {
            if (r.id().equals(a.ruleId()) && r.webhookUrl() != null) {
                webhooks.deliver(r.webhookUrl(), json);
            }
        }
    }

    /** Starts listening (after {@link BindPolicy#check}) and then the live source. Port 0 picks a free port. */
    public CascadeServer start(String host, int port, boolean allowRemote) {
        BindPolicy.check(host, allowRemote);
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.staticFiles.add("/public", Location.CLASSPATH);
            cfg.routes.exception(BadRequest.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
            cfg.routes.exception(Unauthorized.class, (e, ctx) -> error(ctx, 401, e.getMessage()));
            cfg.routes.exception(StoreException.class, (e, ctx) -> {
                LOG.error("store error on {}: {}", ctx.path(), e.getMessage());
                error(ctx, 500, e.getMessage());
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("error on " + ctx.path(), e);
                error(ctx, 500, "internal error: " + e);
            });
            cfg.routes.error(404, "application/json", ctx -> {
                if (ctx.path().startsWith("/api/")) {
                    error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path() + " (see /openapi.json)");
                }
            });
            routes(cfg.routes);
            cfg.routes.ws("/ws/liquidations", this::liveSocket);
        });
        app.start(host, port);
        LOG.info("serving on http://{}:{}/", host.contains(":") ? "[" + host + "]" : host, app.port());
        if (source != null) {
            source.start(livePipeline::accept);
        }
        return this;
    }

    public int port() {
        return app.port();
    }

    private void route(io.javalin.config.RoutesConfig r, HandlerType method, String path, Handler h) {
        routes.add(new Route(method.name().toLowerCase(Locale.ROOT), path));
        if (method == HandlerType.GET) {
            r.get(path, h);
        } else if (method == HandlerType.POST) {
            r.post(path, h);
        } else if (method == HandlerType.DELETE) {
            r.delete(path, h);
        } else {
            throw new IllegalArgumentException("unsupported method " + method);
        }
    }

    private void routes(io.javalin.config.RoutesConfig r) {
        route(r, HandlerType.GET, "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        route(r, HandlerType.GET, "/api/health", this::healthEndpoint);
        route(r, HandlerType.GET, "/api/totals", this::totalsEndpoint);
        route(r, HandlerType.GET, "/api/totals/cards", this::cardsEndpoint);
        route(r, HandlerType.GET, "/api/liquidations", this::historyEndpoint);
        route(r, HandlerType.GET, "/api/liquidations/buckets", this::bucketsEndpoint);
        route(r, HandlerType.GET, "/api/open-interest", ctx -> seriesEndpoint(ctx, true));
        route(r, HandlerType.GET, "/api/funding", ctx -> seriesEndpoint(ctx, false));
        route(r, HandlerType.GET, "/api/autopsy", this::autopsyEndpoint);
        route(r, HandlerType.GET, "/api/liquidation-map", this::mapEndpoint);
        route(r, HandlerType.GET, "/api/stress", this::stressEndpoint);
        route(r, HandlerType.GET, "/api/feeds", this::feedsEndpoint);
        route(r, HandlerType.GET, "/api/alerts/rules", ctx -> {
            params(ctx, Set.of());
            json(ctx, alerts.rules());
        });
        route(r, HandlerType.POST, "/api/alerts/rules", this::createRule);
        route(r, HandlerType.DELETE, "/api/alerts/rules/{id}", this::deleteRule);
        route(r, HandlerType.GET, "/api/alerts/recent", ctx -> {
            params(ctx, Set.of());
            json(ctx, alerts.recent());
        });
    }

    private void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json");
        ctx.result(write(Map.of("error", message == null ? "error" : message, "status", status)));
    }

    private String write(Object o) {
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize response", e);
        }
    }

    private void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(write(body));
    }

    private static Params params(Context ctx, Set<String> known) {
        Params.onlyKnown(ctx.queryParamMap().keySet(), known);
        return new Params(ctx::queryParam);
    }

    private void requireToken(Context ctx) {
        if (!auth.allows(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new Unauthorized();
        }
    }

    /** 401: thrown before any write happens. */
    static final class Unauthorized extends RuntimeException {
        Unauthorized() {
            super("write endpoints need 'Authorization: Bearer <token>' (the token printed by `cascade serve`)", null, false, false);
        }
    }

    private void healthEndpoint(Context ctx) {
        params(ctx, Set.of());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.put("version", VERSION);
        m.put("marketNow", clock.now());
        m.put("hasData", clock.hasData());
        m.put("source", source == null ? null : source.status());
        m.put("live", hub.stats());
        m.put("webhooks", Map.of("delivered", webhooks.delivered(), "failed", webhooks.failed()));
        json(ctx, m);
    }

    private static Set<Dimension> dims(String by) {
        Set<Dimension> dims = EnumSet.noneOf(Dimension.class);
        if (by == null) {
            return EnumSet.of(Dimension.EXCHANGE, Dimension.SIDE);
        }
        for (String d : by.split(",")) {
            String t = d.trim().toUpperCase(Locale.ROOT);
            if (t.equals("NONE") || t.isEmpty()) {
                continue;
            }
            try {
                dims.add(Dimension.valueOf(t));
            } catch (IllegalArgumentException e) {
                throw new BadRequest("by: unknown dimension '" + d.trim() + "'; use exchange, symbol, side or none");
            }
        }
        return dims;
    }

    private void totalsEndpoint(Context ctx) {
        Params p = params(ctx, Set.of("window", "from", "to", "by", "exchange", "coin", "side"));
        Params.Window w = p.window(clock.now(), DAY);
        Set<Dimension> dims = dims(p.raw("by"));
        List<QueryStore.LiquidationTotal> rows = totals.liquidationTotals(w.from(), w.to(), dims, p.liquidationFilter());
        json(ctx, Map.of("from", w.from(), "to", w.to(), "rows", rows));
    }

    private void cardsEndpoint(Context ctx) {
        Params p = params(ctx, Set.of("coin", "exchange"));
        QueryStore.LiquidationFilter f = new QueryStore.LiquidationFilter(p.exchange(), p.coin(), null);
        long now = clock.now();
        List<Map<String, Object>> cards = new ArrayList<>();
        for (int hours : new int[]{1, 4, 12, 24}) {
            SideTotals t = SideTotals.ofTotals(totals.liquidationTotals(now - hours * HOUR, now + 1, EnumSet.of(Dimension.SIDE), f));
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("window", hours + "h");
            c.put("totalUsdE6", t.totalUsd());
            c.put("longUsdE6", t.longUsd());
            c.put("shortUsdE6", t.shortUsd());
            c.put("count", t.count());
            c.put("lowerBound", t.lowerBound());
            cards.add(c);
        }
        json(ctx, Map.of("now", now, "cards", cards));
    }

    private void historyEndpoint(Context ctx) {
        Params p = params(ctx, Set.of("window", "from", "to", "exchange", "coin", "side", "minUsd", "limit", "cursor"));
        Params.Window w = p.window(clock.now() + 1, 7 * DAY);
        long minUsd = p.decimal("minUsd", 0, 6, 0, 1_000_000_000_000_000L);
        int limit = p.integer("limit", 100, 1, 1000);
        String cursor = p.raw("cursor");
        DashboardQueries.Page page = queries.liquidations(w.from(), w.to(), p.liquidationFilter(), minUsd,
                cursor == null ? null : DashboardQueries.Cursor.decode(cursor), limit);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", w.from());
        m.put("to", w.to());
        m.put("rows", page.rows());
        m.put("next", page.next() == null ? null : page.next().encode());
        json(ctx, m);
    }

    private void bucketsEndpoint(Context ctx) {
        Params p = params(ctx, Set.of("window", "from", "to", "bucket", "exchange", "coin", "side"));
        Params.Window w = p.window(clock.now() + 1, 6 * HOUR);
        long bucket = p.duration("bucket", 60_000L, 60_000L, DAY);
        if (w.length() / bucket > 20_000) {
            throw new BadRequest("too many buckets: at most 20000 per request; use a larger bucket");
        }
        json(ctx, Map.of("from", w.from(), "to", w.to(), "bucketMs", bucket,
                "buckets", queries.liquidationBuckets(w.from(), w.to(), bucket, p.liquidationFilter())));
    }

    private void seriesEndpoint(Context ctx, boolean openInterest) {
        Params p = params(ctx, Set.of("window", "from", "to", "bucket", "coin"));
        DashboardQueries.Table table = openInterest ? DashboardQueries.Table.OPEN_INTEREST : DashboardQueries.Table.FUNDING;
        long latest = queries.latestTs(table);
        // Default: the 30 days up to the latest stored sample, so a history-only store still shows something.
        Params.Window w = p.window(latest < 0 ? clock.now() : latest + 1, 30 * DAY);
        long bucket = p.duration("bucket", 4 * HOUR, 60_000L, 7 * DAY);
        if (w.length() / bucket > 20_000) {
            throw new BadRequest("too many buckets: at most 20000 per request; use a larger bucket");
        }
        String coin = p.coin();
        List<DashboardQueries.Series> s = openInterest ? queries.openInterestByFeed(w.from(), w.to(), bucket, coin)
                : queries.funding(w.from(), w.to(), bucket, coin);
        json(ctx, Map.of("from", w.from(), "to", w.to(), "bucketMs", bucket, "series", s));
    }

    private void autopsyEndpoint(Context ctx) {
        Params p = params(ctx, Set.of("window", "from", "to", "coin"));
        if (p.raw("from") == null && p.raw("window") == null) {
            throw new BadRequest("give the window to analyse: from (and to), or window");
        }
        Params.Window w = p.window(clock.now() + 1, DAY);
        // The same document `cascade autopsy --format json` writes: one structure for the API and the files.
        json(ctx, AutopsyJson.document(services.autopsy().autopsy(w.from(), w.to(), p.coin())));
    }

    private void mapEndpoint(Context ctx) {
        Params p = params(ctx, Set.of("window", "from", "to", "coin", "priceBucket"));
        long priceBucket = p.decimal("priceBucket", 100 * dev.cascade.core.money.Fixed.ONE_E8, 8,
                dev.cascade.core.money.Fixed.ONE_E8 / 100, 1_000_000 * dev.cascade.core.money.Fixed.ONE_E8);
        String coin = p.coin() == null ? "BTC" : p.coin();
        if (p.raw("from") != null || p.raw("to") != null) {
            Params.Window w = p.window(clock.now() + 1, 7 * DAY);
            json(ctx, services.liquidationMap().map(coin, w.from(), w.to(), w.length(), priceBucket));
        } else {
            // Without from, the window ends at the coin's latest stored event-level data: the map "now" for this store.
            long windowMs = p.duration("window", 7 * DAY, HOUR, 90 * DAY);
            json(ctx, services.liquidationMap().map(coin, -1, -1, windowMs, priceBucket));
        }
    }

    private void stressEndpoint(Context ctx) {
        Params p = params(ctx, Set.of("coin", "shockPct"));
        if (p.raw("shockPct") == null) {
            throw new BadRequest("shockPct is required, e.g. shockPct=-10 for a 10% fall");
        }
        long shockPpm = p.decimal("shockPct", 0, 4, -990_000, 9_990_000);
        if (shockPpm == 0) {
            throw new BadRequest("shockPct must not be 0");
        }
        String coin = p.coin();
        json(ctx, services.stress().stress(coin == null ? "BTC" : coin, shockPpm / 10_000.0));
    }

    private void feedsEndpoint(Context ctx) {
        params(ctx, Set.of());
        long now = clock.now();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("feeds", health.snapshot());
        m.put("pipeline", livePipeline.counts().values());
        m.put("recentGaps", queries.gaps(now - 7 * DAY, now + 1, 50));
        m.put("source", source == null ? null : source.status());
        m.put("live", hub.stats());
        json(ctx, m);
    }

    private void createRule(Context ctx) {
        requireToken(ctx);
        JsonNode body;
        try {
            body = mapper.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw new BadRequest("body must be a JSON object: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw new BadRequest("body must be a JSON object");
        }
        Set<String> known = Set.of("kind", "coin", "thresholdUsd", "windowMinutes", "oiDropPct", "webhookUrl");
        body.fieldNames().forEachRemaining(n -> {
            if (!known.contains(n)) {
                throw new BadRequest("unknown field '" + n + "' (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        });
        AlertRule.Kind kind;
        try {
            kind = AlertRule.Kind.valueOf(text(body, "kind", true).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("kind must be LIQUIDATIONS_OVER, CASCADE or OI_DROP");
        }
        String coin = text(body, "coin", false);
        Params p = new Params(name -> text(body, name, false));
        long threshold = p.decimal("thresholdUsd", 0, 6, 0, 1_000_000_000_000_000L);
        int window = p.integer("windowMinutes", 5, 1, 1440);
        long oiDrop = p.decimal("oiDropPct", 0, 4, 0, 1_000_000);
        AlertRule rule = alerts.create(kind, coin == null ? null : coin.toUpperCase(Locale.ROOT), threshold, window, oiDrop,
                text(body, "webhookUrl", false));
        ctx.status(201);
        json(ctx, rule);
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new BadRequest(field + " is required");
            }
            return null;
        }
        if (!n.isValueNode()) {
            throw new BadRequest(field + " must be a string or number");
        }
        return n.asText();
    }

    private void deleteRule(Context ctx) {
        requireToken(ctx);
        String id = ctx.pathParam("id");
        if (!id.matches("[0-9a-fA-F-]{1,64}")) {
            throw new BadRequest("id must be a rule id as returned on creation");
        }
        if (!alerts.delete(id)) {
            error(ctx, 404, "no alert rule " + id);
            return;
        }
        ctx.status(204);
    }

    private void liveSocket(WsConfig ws) {
        ws.onConnect(ctx -> {
            if (!ctx.queryParamMap().isEmpty()) {
                ctx.closeSession(1008, "no query parameters: filter (size, exchange) in the client");
                return;
            }
            ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
            Session session = ctx.session;
            String id = ctx.sessionId();
            session.sendBinary(java.nio.ByteBuffer.wrap(("[{\"type\":\"hello\",\"version\":\"" + VERSION + "\",\"marketNow\":"
                    + clock.now() + "}]").getBytes(StandardCharsets.US_ASCII)), Callback.NOOP);
            hub.add(id, new LiveHub.Outbound() {
                @Override
                public void send(java.nio.ByteBuffer frame, Runnable written, Consumer<Throwable> failed) {
                    session.sendBinary(frame, Callback.from(written, failed));
                }

                @Override
                public void disconnect(String reason) {
                    session.disconnect();
                }
            });
        });
        ws.onClose(ctx -> hub.remove(ctx.sessionId()));
        ws.onError(ctx -> hub.remove(ctx.sessionId()));
    }

    /** Feeds already-normalized events as live (tests and future in-process connectors). */
    public void publishLive(MarketEvent e) {
        ingest.live().accept(e);
    }

    @Override
    public void close() {
        if (source != null) {
            source.close();
        }
        hub.close();
        if (app != null) {
            app.stop();
        }
    }

    static String readResource(String name) throws IOException {
        try (InputStream in = CascadeServer.class.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
