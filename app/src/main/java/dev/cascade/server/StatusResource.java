package dev.cascade.server;

import dev.cascade.core.port.DashboardQueries;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Server health, and the feed panel: per-feed health, what the ingest sources report, recent gaps, live clients. */
final class StatusResource implements ApiRoutes.Resource {
    /** What the ingest reports: its sources (per venue) and its per-feed frame counts. */
    interface IngestStatus {
        Object sources();

        Object pipeline();
    }

    private final MarketClock clock;
    private final FeedHealth health;
    private final LiveHub hub;
    private final WebhookNotifier webhooks;
    private final DashboardQueries queries;
    private final Supplier<IngestStatus> ingest;

    StatusResource(MarketClock clock, FeedHealth health, LiveHub hub, WebhookNotifier webhooks, DashboardQueries queries,
                   Supplier<IngestStatus> ingest) {
        this.clock = clock;
        this.health = health;
        this.hub = hub;
        this.webhooks = webhooks;
        this.queries = queries;
        this.ingest = ingest;
    }

    @Override
    public void register(ApiRoutes r) {
        r.get("/api/health", this::health);
        r.get("/api/feeds", this::feeds);
    }

    private void health(Context ctx) {
        Http.params(ctx, Set.of());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.put("version", CascadeServer.VERSION);
        m.put("marketNow", clock.now());
        m.put("hasData", clock.hasData());
        m.put("source", ingest.get().sources());
        m.put("live", hub.stats());
        m.put("webhooks", webhooks.summary());
        Http.json(ctx, m);
    }

    private void feeds(Context ctx) {
        Http.params(ctx, Set.of());
        long now = clock.now();
        IngestStatus in = ingest.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("feeds", health.snapshot());
        m.put("pipeline", in.pipeline());
        m.put("recentGaps", queries.gaps(now - 7 * Params.DAY, now + 1, 50));
        m.put("source", in.sources());
        m.put("live", hub.stats());
        Http.json(ctx, m);
    }
}
