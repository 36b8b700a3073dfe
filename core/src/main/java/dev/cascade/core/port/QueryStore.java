package dev.cascade.core.port;

import java.util.List;
import java.util.Set;

/**
 * Read side of a store (embedded DuckDB or ClickHouse): the queries the analytics and the API need, with typed
 * parameters only (no SQL from callers).
 */
public interface QueryStore {
    /** Dimensions a liquidation total can be grouped by. */
    enum Dimension { EXCHANGE, SYMBOL, SIDE }

    /** Optional filters; null means any. {@code symbolLike} matches the unified symbol's base coin ("BTC"). */
    record LiquidationFilter(String exchange, String baseCoin, String side) {
        public static final LiquidationFilter ANY = new LiquidationFilter(null, null, null);
    }

    /**
     * One row of a liquidation total. Grouped-away dimensions are null. {@code lowerBound} is true if any event in the
     * row came from a source that does not publish every liquidation.
     */
    record LiquidationTotal(String exchange, String symbol, String side, long count, long notionalUsd, boolean lowerBound) {
    }

    /** Totals over [fromTs, toTs) (epoch ms), largest first. */
    List<LiquidationTotal> liquidationTotals(long fromTs, long toTs, Set<Dimension> groupBy, LiquidationFilter filter);
}
