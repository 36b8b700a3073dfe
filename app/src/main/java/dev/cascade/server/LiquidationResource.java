package dev.cascade.server;

import dev.cascade.core.port.DashboardQueries;
import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.QueryStore.Dimension;
import dev.cascade.wire.TotalsDocument;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Liquidations: totals, the dashboard's cards, the paged event list and time buckets. */
final class LiquidationResource implements ApiRoutes.Resource {
    private final QueryStore totals;
    private final DashboardQueries queries;
    private final MarketClock clock;

    LiquidationResource(QueryStore totals, DashboardQueries queries, MarketClock clock) {
        this.totals = totals;
        this.queries = queries;
        this.clock = clock;
    }

    @Override
    public void register(ApiRoutes r) {
        r.getShared("/api/totals", this::totals);
        r.getShared("/api/totals/cards", this::cards);
        r.getShared("/api/liquidations", this::history);
        r.getShared("/api/liquidations/buckets", q -> buckets(q, false));
        r.getShared("/api/liquidations/exchange-buckets", q -> buckets(q, true));
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

    private Object totals(Query q) {
        Params p = q.params(Set.of("window", "from", "to", "by", "exchange", "coin", "side"));
        Params.Window w = p.window(clock.windowEnd(), Params.DAY);
        Set<Dimension> dims = dims(p.raw("by"));
        return TotalsDocument.of(w.from(), w.to(), totals.liquidationTotals(w.from(), w.to(), dims, p.liquidationFilter()));
    }

    private Object cards(Query q) {
        Params p = q.params(Set.of("coin", "exchange"));
        return TotalsCards.at(totals, clock, new QueryStore.LiquidationFilter(p.exchange(), p.coin(), null));
    }

    private Object history(Query q) {
        Params p = q.params(Set.of("window", "from", "to", "exchange", "coin", "side", "minUsd", "limit", "cursor"));
        Params.Window w = p.window(clock.windowEnd(), 7 * Params.DAY);
        long minUsd = p.decimal("minUsd", 0, 6, 0, 1_000_000_000_000_000L);
        int limit = p.integer("limit", 100, 1, 1000);
        String cursor = p.raw("cursor");
        DashboardQueries.Cursor before;
        try {
            before = cursor == null ? null : DashboardQueries.Cursor.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        DashboardQueries.Page page = queries.liquidations(w.from(), w.to(), p.liquidationFilter(), minUsd, before, limit);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", w.from());
        m.put("to", w.to());
        m.put("rows", page.rows());
        m.put("next", page.next() == null ? null : page.next().encode());
        return m;
    }

    /** Per time bucket: by side and source class, or ({@code byExchange}) by exchange and source class. */
    private Object buckets(Query q, boolean byExchange) {
        Params p = q.params(Set.of("window", "from", "to", "bucket", "exchange", "coin", "side"));
        Params.Window w = p.window(clock.windowEnd(), 6 * Params.HOUR);
        long bucket = p.duration("bucket", 60_000L, 60_000L, Params.DAY);
        Params.atMostBuckets(w, bucket);
        QueryStore.LiquidationFilter f = p.liquidationFilter();
        return Map.of("from", w.from(), "to", w.to(), "bucketMs", bucket, "buckets", byExchange
                ? queries.liquidationBucketsByExchange(w.from(), w.to(), bucket, f) : queries.liquidationBuckets(w.from(), w.to(), bucket, f));
    }
}
