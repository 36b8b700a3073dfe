package dev.cascade.core.analytics;

import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.QueryStore.Dimension;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** The CoinGlass-style view: liquidations in the last 1h, 4h, 12h and 24h (or any window) by exchange and side. */
public final class WindowTotals {
    public static final long HOUR = 3_600_000L;
    public static final List<Long> STANDARD = List.of(HOUR, 4 * HOUR, 12 * HOUR, 24 * HOUR);

    /** One window: the rows by exchange and side, and the totals over them per source class (never one sum of all). */
    public record Window(String label, long fromTs, long toTs, List<QueryStore.LiquidationTotal> rows, ClassTotals totals) {
    }

    private WindowTotals() {
    }

    public static Window of(QueryStore store, long fromTs, long toTs, String baseCoin) {
        List<QueryStore.LiquidationTotal> rows = store.liquidationTotals(fromTs, toTs, EnumSet.of(Dimension.EXCHANGE, Dimension.SIDE),
                new QueryStore.LiquidationFilter(null, baseCoin, null));
        return new Window(label(toTs - fromTs), fromTs, toTs, rows, ClassTotals.of(rows));
    }

    /** 1h, 4h, 12h and 24h windows ending at {@code endTs}. */
    public static List<Window> standard(QueryStore store, long endTs, String baseCoin) {
        List<Window> out = new ArrayList<>();
        for (long len : STANDARD) {
            out.add(of(store, endTs - len, endTs, baseCoin));
        }
        return out;
    }

    static String label(long ms) {
        if (ms % HOUR == 0) {
            return ms / HOUR + "h";
        }
        return ms / 60_000 + "m";
    }
}
