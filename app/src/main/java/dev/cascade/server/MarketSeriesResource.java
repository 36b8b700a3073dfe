package dev.cascade.server;

import dev.cascade.core.port.DashboardQueries;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Open interest per feed, bucketed, and funding per feed and symbol: every published rate (the data's own resolution)
 * with its interval and the rate rescaled to 8 hours, or the last rate per bucket when a bucket is asked for.
 */
final class MarketSeriesResource implements ApiRoutes.Resource {
    /** Funding observations one unbucketed request may return. */
    static final int MAX_OBSERVATIONS = 20_000;

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
        String coin = p.coin();
        if (!openInterest && p.raw("bucket") == null) {
            List<DashboardQueries.FundingSeries> s = queries.fundingObservations(w.from(), w.to(), coin,
                    MAX_OBSERVATIONS + 1);
            if (s.stream().mapToInt(x -> x.points().size()).sum() > MAX_OBSERVATIONS) {
                throw new BadRequest("more than " + MAX_OBSERVATIONS + " funding observations in the window: give a bucket (e.g. bucket=1h)"
                        + " or a shorter window");
            }
            Http.json(ctx, Map.of("from", w.from(), "to", w.to(), "bucketMs", 0, "series", s));
            return;
        }
        long bucket = p.duration("bucket", 4 * Params.HOUR, 60_000L, 7 * Params.DAY);
        Params.atMostBuckets(w, bucket);
        List<? extends DashboardQueries.Series<?>> s = openInterest ? queries.openInterestByFeed(w.from(), w.to(), bucket, coin)
                : queries.funding(w.from(), w.to(), bucket, coin);
        Http.json(ctx, Map.of("from", w.from(), "to", w.to(), "bucketMs", bucket, "series", s));
    }
}
