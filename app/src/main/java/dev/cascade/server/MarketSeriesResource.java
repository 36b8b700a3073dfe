package dev.cascade.server;

import dev.cascade.core.port.DashboardQueries;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Open interest and funding series per feed, bucketed. */
final class MarketSeriesResource implements ApiRoutes.Resource {
    private final DashboardQueries queries;
    private final MarketClock clock;

    MarketSeriesResource(DashboardQueries queries, MarketClock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @Override
    public void register(ApiRoutes r) {
        r.getShared("/api/open-interest", ctx -> series(ctx, true));
        r.getShared("/api/funding", ctx -> series(ctx, false));
    }

    private void series(Context ctx, boolean openInterest) {
        Params p = Http.params(ctx, Set.of("window", "from", "to", "bucket", "coin"));
        DashboardQueries.Table table = openInterest ? DashboardQueries.Table.OPEN_INTEREST : DashboardQueries.Table.FUNDING;
        long latest = queries.latestTs(table);
        // Default: the 30 days up to the latest stored sample, so a history-only store still shows something.
        Params.Window w = p.window(latest < 0 ? clock.now() : latest + 1, 30 * Params.DAY);
        long bucket = p.duration("bucket", 4 * Params.HOUR, 60_000L, 7 * Params.DAY);
        Params.atMostBuckets(w, bucket);
        String coin = p.coin();
        List<? extends DashboardQueries.Series<?>> s = openInterest ? queries.openInterestByFeed(w.from(), w.to(), bucket, coin)
                : queries.funding(w.from(), w.to(), bucket, coin);
        Http.json(ctx, Map.of("from", w.from(), "to", w.to(), "bucketMs", bucket, "series", s));
    }
}
