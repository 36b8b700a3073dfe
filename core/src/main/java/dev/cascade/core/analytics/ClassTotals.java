package dev.cascade.core.analytics;

import dev.cascade.core.model.SourceClass;
import dev.cascade.core.port.QueryStore;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * Liquidation totals of one window, one {@link SideTotals} per {@link SourceClass} present: venue, synthetic and
 * aggregate figures side by side, never added together (an aggregator's bucket already contains the venues' events).
 * Iteration order is the enum's: venue first.
 */
public record ClassTotals(Map<SourceClass, SideTotals> byClass) {
    public ClassTotals {
        // EnumMap's copy constructor refuses an empty map that is not an EnumMap (it cannot tell the key type).
        Map<SourceClass, SideTotals> copy = new EnumMap<>(SourceClass.class);
        copy.putAll(byClass);
        byClass = java.util.Collections.unmodifiableMap(copy);
    }

    public static ClassTotals of(Collection<QueryStore.LiquidationTotal> rows) {
        Map<SourceClass, SideTotals> m = new EnumMap<>(SourceClass.class);
        for (QueryStore.LiquidationTotal r : rows) {
            m.merge(r.sourceClass(), SideTotals.ZERO.plus(r.side(), r.notionalUsd(), r.count(), r.lowerBound()), SideTotals::plus);
        }
        return new ClassTotals(m);
    }

    /** The totals of one class (zero if the window has none of it). */
    public SideTotals get(SourceClass c) {
        return byClass.getOrDefault(c, SideTotals.ZERO);
    }

    public boolean isEmpty() {
        return byClass.isEmpty();
    }
}
