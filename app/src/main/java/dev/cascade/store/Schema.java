package dev.cascade.store;

import java.util.List;

/**
 * Table layout shared by the embedded store and (as far as the dialect allows) ClickHouse: epoch-ms BIGINT
 * timestamps, fixed-point BIGINT money (suffix _e8 / _e6 / _e12 is the number of decimals), enums as text.
 * {@code event_id} is the 64-bit hash of the event key ({@link dev.cascade.core.model.EventKeys}); {@code ts} is the
 * exchange time (receive time where the venue sends none).
 */
public final class Schema {
    private Schema() {
    }

    /**
     * One table: its name, its column list in DuckDB DDL ("name TYPE NOT NULL, ..."), in insert order, and whether its
     * text is all low-cardinality, so the embedded store may keep it as codes into a dictionary ({@link TableLayout}).
     */
    public record Table(String name, String columns, boolean textDictionary) {
        /** The columns as (name, DuckDB type) pairs, in order; other stores map the types to their own DDL. */
        public List<Column> columnList() {
            List<Column> out = new java.util.ArrayList<>();
            for (String c : columns.split(",")) {
                String[] parts = c.trim().split("\\s+");
                out.add(new Column(parts[0], parts[1]));
            }
            return out;
        }
    }

    /** A column name and its DuckDB type (BIGINT, INTEGER, VARCHAR, BOOLEAN). */
    public record Column(String name, String type) {
    }

    public static final String COMMON = "event_id BIGINT NOT NULL, ts BIGINT NOT NULL, receive_ts BIGINT NOT NULL, "
            + "source VARCHAR NOT NULL, exchange VARCHAR NOT NULL, market VARCHAR NOT NULL, native_symbol VARCHAR NOT NULL, "
            + "symbol VARCHAR NOT NULL, ";

    public static final Table LIQUIDATION = new Table("liquidation", COMMON
            + "side VARCHAR NOT NULL, price_e8 BIGINT NOT NULL, qty_e8 BIGINT NOT NULL, notional_usd_e6 BIGINT NOT NULL, "
            + "native_qty_e8 BIGINT NOT NULL, qty_unit VARCHAR NOT NULL, price_kind VARCHAR NOT NULL, raw_side VARCHAR NOT NULL, "
            + "exchange_ts BIGINT NOT NULL, completeness VARCHAR NOT NULL", true);
    public static final Table OPEN_INTEREST = new Table("open_interest", COMMON
            + "oi_base_e8 BIGINT NOT NULL, oi_usd_e6 BIGINT NOT NULL", false);
    public static final Table FUNDING = new Table("funding", COMMON
            + "rate_e12 BIGINT NOT NULL, interval_hours INTEGER NOT NULL, funding_time BIGINT NOT NULL, mark_price_e8 BIGINT NOT NULL", false);
    public static final Table TRADE = new Table("trade", COMMON
            + "taker_side VARCHAR NOT NULL, price_e8 BIGINT NOT NULL, qty_e8 BIGINT NOT NULL, notional_usd_e6 BIGINT NOT NULL, "
            + "trade_id VARCHAR NOT NULL, liquidation BOOLEAN NOT NULL", false);
    public static final Table MARK_PRICE = new Table("mark_price", COMMON
            + "mark_e8 BIGINT NOT NULL, index_e8 BIGINT NOT NULL", false);
    /** Long/short account ratios: one row per contract, period length and period time (fractions and ratio e8). */
    public static final Table LONG_SHORT_RATIO = new Table("long_short_ratio", COMMON
            + "period_ms BIGINT NOT NULL, long_share_e8 BIGINT NOT NULL, short_share_e8 BIGINT NOT NULL, ratio_e8 BIGINT NOT NULL", false);
    public static final Table FEED_GAP = new Table("feed_gap",
            "event_id BIGINT NOT NULL, ts BIGINT NOT NULL, to_ts BIGINT NOT NULL, source VARCHAR NOT NULL, reason VARCHAR NOT NULL", false);

    public static final List<Table> ALL = List.of(LIQUIDATION, OPEN_INTEREST, FUNDING, TRADE, MARK_PRICE, LONG_SHORT_RATIO, FEED_GAP);
}
