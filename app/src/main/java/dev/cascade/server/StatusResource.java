package dev.cascade.server;

import dev.cascade.core.port.DashboardQueries;
import dev.cascade.ingest.Spine;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Server health, and the feed panel: per-feed event health, every ingest source (each venue's connection state, frames,
 * gaps and completeness, or the replay), normalizer counts, recent gaps, live clients.
 */
final class StatusResource implements ApiRoutes.Resource {
    private final MarketClock clock;
    private final FeedHealth health;
    private final LiveHub hub;
    private final WebhookNotifier webhooks;
    private final DashboardQueries queries;
    private final Supplier<Spine> spine;

    StatusResource(MarketClock clock, FeedHealth health, LiveHub hub, WebhookNotifier webhooks, DashboardQueries queries,
                   Supplier<Spine> spine) {
        this.clock = clock;
        this.health = health;
        this.hub = hub;
        this.webhooks = webhooks;
        this.queries = queries;
        this.spine = spine;
    }

    @Override
    public void register(ApiRoutes r) {
        r.get("/api/health", this::health);
        r.getShared("/api/feeds", this::feeds);
    }

    private void health(Context ctx) {
        Http.params(ctx, Set.of());
        Map<String, Object> m = new LinkedHashMap<>();
        Spine in = spine.get();
        String stopped = ingestStopped(in);
        m.put("status", stopped == null ? "ok" : "ingest-stopped");
        m.put("version", CascadeServer.VERSION);
        m.put("marketNow", clock.now());
        m.put("hasData", clock.hasData());
        m.put("ingestError", stopped);
        m.put("sources", in == null ? List.of() : in.status());
        m.put("live", hub.stats());
        m.put("webhooks", webhooks.summary());
        // Still serving reads, but no longer ingesting: 503 so a monitor or load balancer notices without parsing.
        ctx.status(stopped == null ? 200 : 503);
        Http.json(ctx, m);
    }

    /** The store failure that stopped ingestion (serve keeps serving what is stored), or null. */
    private static String ingestStopped(Spine in) {
        return in == null || in.halted() == null ? null : in.halted().getMessage();
    }

    /** The feed panel; shared like the other reads (a dashboard polls it every few seconds, each poll a store read). */
    private Object feeds(Query q) {
        q.params(Set.of());
        long now = clock.now();
        Spine in = spine.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ingestError", ingestStopped(in));
        m.put("feeds", health.snapshot());
        m.put("sources", in == null ? List.of() : in.status());
        m.put("pipeline", in == null ? List.of() : in.counts().values());
        m.put("recentGaps", queries.gaps(now - 7 * Params.DAY, now + 1, 50));
        m.put("live", hub.stats());
        return m;
    }
}
