package dev.cascade.server;

import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.QueryStore.Dimension;
import dev.cascade.wire.TotalsDocument;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The dashboard's 1h/4h/12h/24h cards. Each window is exactly what {@code GET /api/totals?window=1h} (and 4h ...)
 * answers at the same market time: the same end ({@link MarketClock#windowEnd()}), the same query, the same
 * per-source-class totals.
 */
public final class TotalsCards {
    static final long HOUR = 3_600_000L;
    static final int[] WINDOW_HOURS = {1, 4, 12, 24};

    /** One card: a window and one total per source class present in it. */
    public record Card(String window, long from, long to, List<TotalsDocument.ClassTotal> totals) {
    }

    /** The cards at market time {@code now}. */
    public record Cards(long now, List<Card> cards) {
    }

    private TotalsCards() {
    }

    public static Cards at(QueryStore store, MarketClock clock, QueryStore.LiquidationFilter filter) {
        long now = clock.now();
        long end = clock.windowEnd();
        long[] froms = new long[WINDOW_HOURS.length];
        for (int i = 0; i < froms.length; i++) {
            froms[i] = end - WINDOW_HOURS[i] * HOUR;
        }
        // One scan of the 24 hours, not four: the windows share their end.
        List<List<QueryStore.LiquidationTotal>> totals = store.nestedLiquidationTotals(froms, end, EnumSet.of(Dimension.SIDE), filter);
        List<Card> cards = new ArrayList<>();
        for (int i = 0; i < froms.length; i++) {
            cards.add(new Card(WINDOW_HOURS[i] + "h", froms[i], end, TotalsDocument.classTotals(totals.get(i))));
        }
        return new Cards(now, cards);
    }
}
