package dev.cascade.server;

import dev.cascade.core.analytics.VolumeRatioSeries;
import dev.cascade.core.port.DashboardQueries;
import dev.cascade.core.port.QueryStore;
import dev.cascade.wire.VolumeDocument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Market series over a window: open interest per feed, bucketed; funding per feed and symbol (every published rate
 * at the data's own resolution with its interval and the rate rescaled to 8 hours, or the last rate per bucket when a
 * bucket is asked for); derivatives against spot traded volume; and the venues' long/short account ratios.
 */
final class MarketSeriesResource implements ApiRoutes.Resource {
    /** Funding observations one unbucketed request may return. */
    static final int MAX_OBSERVATIONS = 20_000;
    /** A long/short answer holds at most this many rows (30 days of 5-minute rows for 5 coins on 3 venues is 130k). */
    static final int MAX_RATIO_ROWS = 200_000;

    private final DashboardQueries queries;
    private final QueryStore store;
    private final MarketClock clock;

    MarketSeriesResource(DashboardQueries queries, QueryStore store, MarketClock clock) {
        this.queries = queries;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void register(ApiRoutes r) {
        r.getShared("/api/open-interest", q -> series(q, true));
        r.getShared("/api/funding", q -> series(q, false));
        r.getShared("/api/volume", this::volume);
        r.getShared("/api/long-short", this::longShort);
    }

    private Object series(Query q, boolean openInterest) {
        Params p = q.params(Set.of("window", "from", "to", "bucket", "coin"));
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
            return Map.of("from", w.from(), "to", w.to(), "bucketMs", 0, "series", s);
        }
        long bucket = p.duration("bucket", 4 * Params.HOUR, 60_000L, 7 * Params.DAY);
        Params.atMostBuckets(w, bucket);
        List<? extends DashboardQueries.Series<?>> s = openInterest ? queries.openInterestByFeed(w.from(), w.to(), bucket, coin)
                : queries.funding(w.from(), w.to(), bucket, coin);
        return Map.of("from", w.from(), "to", w.to(), "bucketMs", bucket, "series", s);
    }

    /** Derivatives against spot traded volume per bucket (default: the 24 hours to the market clock, hourly). */
    private Object volume(Query q) {
        Params p = q.params(Set.of("window", "from", "to", "bucket", "coin"));
        Params.Window w = p.window(clock.windowEnd(), Params.DAY);
        long bucket = p.duration("bucket", Params.HOUR, 60_000L, Params.DAY);
        Params.atMostBuckets(w, bucket);
        String coin = p.coin();
        VolumeRatioSeries s = VolumeRatioSeries.of(w.from(), w.to(), bucket, store.volumeBuckets(w.from(), w.to(), bucket, coin));
        return VolumeDocument.of(w.from(), w.to(), coin, s);
    }

    /** One long/short series: a feed's contract at one period length. */
    record LongShortSeries(String source, String exchange, String symbol, long periodMs, List<LongShortPoint> points) {
    }

    /** Shares of accounts net long and net short, and long/short, as exact decimals. */
    record LongShortPoint(long ts, long longShareE8, long shortShareE8, long ratioE8) {
    }

    /** The venues' long/short account ratios per feed, contract and period (default: the 24 hours to the market clock). */
    private Object longShort(Query q) {
        Params p = q.params(Set.of("window", "from", "to", "coin"));
        Params.Window w = p.window(clock.windowEnd(), Params.DAY);
        String coin = p.coin();
        List<QueryStore.LongShortSample> rows;
        try {
            rows = store.longShortRatios(w.from(), w.to(), coin, MAX_RATIO_ROWS);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        Map<String, LongShortSeries> series = new LinkedHashMap<>();
        for (QueryStore.LongShortSample r : rows) {
            series.computeIfAbsent(r.source() + '|' + r.symbol() + '|' + r.periodMs(),
                    k -> new LongShortSeries(r.source(), r.exchange(), r.symbol(), r.periodMs(), new ArrayList<>()))
                    .points().add(new LongShortPoint(r.ts(), r.longShare(), r.shortShare(), r.ratio()));
        }
        return Map.of("from", w.from(), "to", w.to(), "series", List.copyOf(series.values()));
    }
}
