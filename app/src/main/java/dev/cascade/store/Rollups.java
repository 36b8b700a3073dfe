package dev.cascade.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-minute rollups the embedded store keeps beside its raw tables, kept for good while raw trades and mark
 * prices expire ({@link Retention}): liquidations by feed, exchange, market, symbol, side and completeness (count,
 * exact USD notional, and the largest single liquidation's notional, which bounds the largest-liquidations read; the
 * lower-bound flag is the completeness), trades by feed, exchange, market, symbol and taker
 * side (count, base quantity and USD notional), and mark prices by feed and instrument (open, high, low, close with the
 * times of the first and last sample, and the sample count).
 *
 * <p>Rows are added by each flush from exactly the rows it stored (duplicates already dropped), so a rollup always
 * sums to its raw rows. A minute that spans several flushes has one partial row per flush until {@link Retention}
 * compacts it; every read therefore merges rows with {@link Rollup#merge} (sums, min/max, and argMin/argMax over the
 * first/last sample times for open and close), which is exact whether or not a minute was compacted yet. The minute
 * column is named {@code ts}, so the read queries' window and {@code ts - ts % bucket} work on rollups unchanged.
 */
final class Rollups {
    static final long MINUTE_MS = 60_000L;

    private Rollups() {
    }

    /**
     * One rollup: the raw table it summarizes, its key columns (text columns of the raw table), and its value columns
     * as DDL, as aggregates over raw rows ({@code fromRows}, aliased to the value columns) and as aggregates merging
     * rollup rows ({@code merge}, in the same order).
     */
    record Rollup(Schema.Table raw, String name, List<String> keys, String valuesDdl, String fromRows, String merge) {
        String keyList(String prefix) {
            StringBuilder sb = new StringBuilder();
            for (String k : keys) {
                sb.append(sb.length() == 0 ? "" : ", ").append(prefix).append(k);
            }
            return sb.toString();
        }

        /** Every column's name, in table order: ts, the keys, then the value columns of {@code valuesDdl}. */
        List<String> columnNames() {
            List<String> names = new ArrayList<>(List.of("ts"));
            names.addAll(keys);
            for (String column : valuesDdl.split(",")) {
                names.add(column.trim().split(" ")[0]);
            }
            return names;
        }

        String ddl() {
            StringBuilder cols = new StringBuilder("ts BIGINT NOT NULL");
            for (String k : keys) {
                cols.append(", ").append(k).append(" VARCHAR NOT NULL");
            }
            return "CREATE TABLE IF NOT EXISTS " + name + " (" + cols + ", " + valuesDdl + ")";
        }

        /**
         * Adds the rows one flush stored: the deduplicated flat stage grouped by minute and text code, joined to the
         * text only after that, then merged per minute and key (a text code may carry more text than the key).
         */
        String fromStageSql(TableLayout layout) {
            return "INSERT INTO " + name + " SELECT g.minute_ts, " + keyList("t.") + ", " + merge + " FROM (SELECT ts - ts % " + MINUTE_MS
                    + " AS minute_ts, text_id, " + fromRows + " FROM " + layout.flatTable() + " GROUP BY minute_ts, text_id) g JOIN "
                    + layout.textTable() + " t USING (text_id) GROUP BY g.minute_ts, " + keyList("t.");
        }

        /** Builds the rollup of every raw row of [?, ?) (a store file from before rollups, or a benchmark fixture). */
        String fromRawSql() {
            return "INSERT INTO " + name + " SELECT ts - ts % " + MINUTE_MS + " AS minute_ts, " + keyList("") + ", " + fromRows
                    + " FROM " + raw.name() + " WHERE ts >= ? AND ts < ? GROUP BY minute_ts, " + keyList("");
        }

        /** The merged rows of minutes [?, ?): what a compaction writes back. */
        String mergedSql() {
            return "SELECT ts, " + keyList("") + ", " + merge + " FROM " + name + " WHERE ts >= ? AND ts < ? GROUP BY ts, " + keyList("");
        }
    }

    static final Rollup LIQUIDATION = new Rollup(Schema.LIQUIDATION, "liquidation_1m",
            List.of("source", "exchange", "market", "symbol", "side", "completeness"),
            "n BIGINT NOT NULL, notional_usd_e6 BIGINT NOT NULL, max_notional_usd_e6 BIGINT NOT NULL",
            "count(*) AS n, sum(notional_usd_e6) AS notional_usd_e6, max(notional_usd_e6) AS max_notional_usd_e6",
            "sum(n), sum(notional_usd_e6), max(max_notional_usd_e6)");

    static final Rollup TRADE = new Rollup(Schema.TRADE, "trade_1m",
            List.of("source", "exchange", "market", "symbol", "taker_side"),
            "n BIGINT NOT NULL, qty_e8 BIGINT NOT NULL, notional_usd_e6 BIGINT NOT NULL",
            "count(*) AS n, sum(qty_e8) AS qty_e8, sum(notional_usd_e6) AS notional_usd_e6",
            "sum(n), sum(qty_e8), sum(notional_usd_e6)");

    static final Rollup MARK_PRICE = new Rollup(Schema.MARK_PRICE, "mark_price_1m",
            List.of("source", "exchange", "market", "symbol"),
            "first_ts BIGINT NOT NULL, open_e8 BIGINT NOT NULL, high_e8 BIGINT NOT NULL, low_e8 BIGINT NOT NULL, "
                    + "last_ts BIGINT NOT NULL, close_e8 BIGINT NOT NULL, n BIGINT NOT NULL",
            "min(ts) AS first_ts, arg_min(mark_e8, ts) AS open_e8, max(mark_e8) AS high_e8, min(mark_e8) AS low_e8, "
                    + "max(ts) AS last_ts, arg_max(mark_e8, ts) AS close_e8, count(*) AS n",
            "min(first_ts), arg_min(open_e8, first_ts), max(high_e8), min(low_e8), max(last_ts), arg_max(close_e8, last_ts), sum(n)");

    static final List<Rollup> ALL = List.of(LIQUIDATION, TRADE, MARK_PRICE);

    /** The rollup of a raw table, or null if it has none. */
    static Rollup of(Schema.Table t) {
        for (Rollup r : ALL) {
            if (r.raw().equals(t)) {
                return r;
            }
        }
        return null;
    }

    static long minuteOf(long ts) {
        return ts - ts % MINUTE_MS;
    }
}
