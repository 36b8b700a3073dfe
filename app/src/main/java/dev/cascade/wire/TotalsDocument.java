package dev.cascade.wire;

import dev.cascade.core.analytics.ClassTotals;
import dev.cascade.core.analytics.SideTotals;
import dev.cascade.core.model.SourceClass;
import dev.cascade.core.port.QueryStore;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Liquidation totals of a window as every JSON surface gives them ({@code GET /api/totals}, the dashboard cards,
 * {@code cascade query --format json}): the grouped rows, each with its source class, and one total per source class
 * present. There is deliberately no grand total: venue, synthetic and aggregate figures describe the same market from
 * different sources and adding them would count liquidations twice.
 */
public record TotalsDocument(long from, long to, List<QueryStore.LiquidationTotal> rows, List<ClassTotal> totals) {

    /**
     * The total of one source class; {@code label} is empty for venue data and says what the figure is otherwise. The
     * long and short parts are null when the rows were not grouped by side (they cannot be told apart then).
     */
    public record ClassTotal(SourceClass sourceClass, String label, long count, long totalUsdE6, Long longUsdE6, Long shortUsdE6,
                             boolean lowerBound) {
    }

    public static TotalsDocument of(long from, long to, List<QueryStore.LiquidationTotal> rows) {
        return new TotalsDocument(from, to, rows, classTotals(rows));
    }

    /** One entry per class present in {@code rows}, venue first; each sums only its own class's rows. */
    public static List<ClassTotal> classTotals(List<QueryStore.LiquidationTotal> rows) {
        Map<SourceClass, List<QueryStore.LiquidationTotal>> byClass = new EnumMap<>(SourceClass.class);
        for (QueryStore.LiquidationTotal r : rows) {
            byClass.computeIfAbsent(r.sourceClass(), c -> new ArrayList<>()).add(r);
        }
        List<ClassTotal> out = new ArrayList<>();
        byClass.forEach((c, rs) -> {
            SideTotals sides = ClassTotals.of(rs).get(c);
            long total = 0;
            boolean bySide = true;
            for (QueryStore.LiquidationTotal r : rs) {
                total = Math.addExact(total, r.notionalUsd());
                bySide &= r.side() != null;
            }
            out.add(new ClassTotal(c, c.label(), sides.count(), total, bySide ? sides.longUsd() : null,
                    bySide ? sides.shortUsd() : null, sides.lowerBound()));
        });
        return out;
    }
}
