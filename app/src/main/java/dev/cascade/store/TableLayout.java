package dev.cascade.store;

import java.util.ArrayList;
import java.util.List;

/**
 * How one {@link Schema} table sits in the DuckDB file, and the SQL that writes it. Names and types come from Schema,
 * never from data.
 *
 * <p>A table whose text is all low-cardinality (liquidations: source, exchange, symbol, side, units, ...) is stored as
 * numbers plus a {@code text_id} into a small table of distinct text tuples, behind a view with the table's name and
 * columns, so every query reads it as before. Text is most of the cost of writing a row: moving 1M liquidations into
 * the file took 370 ms with their ten text columns and about 120 ms as numbers and codes (store ingest 1.0M -> 1.4M
 * rows/s). Reads pay a join with a table of a few hundred rows: the autopsy bench at 20M rows went from 0.140 to
 * 0.147 s for 48 hours and from 0.465 to 0.532 s for 30 days (the top-N "largest" query, which now joins before it
 * sorts, from 19 to 56 ms), while grouping by exchange and side got faster (30-day minute buckets 0.339 -> 0.302 s).
 * Tables with free text (trade ids, gap reasons) and files written before this layout keep one plain table.
 */
final class TableLayout {
    final Schema.Table table;
    /** True: {@code <name>_rows} + {@code <name>_text} behind a view. False: one plain table. */
    final boolean textDictionary;
    private final List<Schema.Column> columns;

    TableLayout(Schema.Table table, boolean textDictionary) {
        this.table = table;
        this.textDictionary = textDictionary;
        this.columns = table.columnList();
    }

    boolean isText(int column) {
        return columns.get(column).type().equals("VARCHAR");
    }

    int columnCount() {
        return columns.size();
    }

    /** Where rows are written: the plain table, or the numbers-and-text_id table behind the view. */
    String rowsTable() {
        return textDictionary ? table.name() + "_rows" : table.name();
    }

    /** The text tuples: stored with the rows, or (plain layout) a TEMP table used only to move a batch. */
    String textTable() {
        return textDictionary ? table.name() + "_text" : "stage_" + table.name() + "_text";
    }

    String blockTable() {
        return "stage_" + table.name() + "_blocks";
    }

    String flatTable() {
        return "stage_" + table.name();
    }

    /** The stored tables (and view); idempotent. */
    List<String> storeDdl() {
        if (!textDictionary) {
            return List.of("CREATE TABLE IF NOT EXISTS " + table.name() + " (" + table.columns() + ")");
        }
        StringBuilder rows = new StringBuilder();
        StringBuilder text = new StringBuilder("text_id INTEGER NOT NULL");
        StringBuilder view = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            Schema.Column c = columns.get(i);
            if (isText(i)) {
                text.append(", ").append(c.name()).append(" VARCHAR NOT NULL");
            } else {
                rows.append(c.name()).append(' ').append(c.type()).append(" NOT NULL, ");
            }
            view.append(i == 0 ? "" : ", ").append(isText(i) ? "t." : "r.").append(c.name());
        }
        return List.of("CREATE TABLE IF NOT EXISTS " + rowsTable() + " (" + rows + "text_id INTEGER NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + textTable() + " (" + text + ")",
                "CREATE VIEW IF NOT EXISTS " + table.name() + " AS SELECT " + view + " FROM " + rowsTable() + " r JOIN "
                        + textTable() + " t USING (text_id)");
    }

    /** The TEMP stage tables: LIST blocks as appended, the same rows flat, and (plain layout) the batch's text. */
    List<String> stageDdl() {
        StringBuilder text = new StringBuilder("text_id INTEGER");
        StringBuilder lists = new StringBuilder("text_id INTEGER[]");
        StringBuilder flat = new StringBuilder("text_id INTEGER");
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).name();
            if (isText(i)) {
                text.append(", ").append(name).append(" VARCHAR");
            } else {
                lists.append(", ").append(name).append(" BIGINT[]");
                flat.append(", ").append(name).append(" BIGINT");
            }
        }
        List<String> ddl = new ArrayList<>(List.of("CREATE TEMP TABLE IF NOT EXISTS " + blockTable() + " (" + lists + ")",
                "CREATE TEMP TABLE IF NOT EXISTS " + flatTable() + " (" + flat + ")"));
        if (!textDictionary) {
            ddl.add("CREATE TEMP TABLE IF NOT EXISTS " + textTable() + " (" + text + ")");
        }
        return ddl;
    }

    /** Unnests the blocks into the flat stage: one thread, but cheap, and the move that follows runs parallel. */
    String unnestSql() {
        StringBuilder sql = new StringBuilder("INSERT INTO " + flatTable() + " SELECT unnest(text_id)");
        for (int i = 0; i < columns.size(); i++) {
            if (!isText(i)) {
                sql.append(", unnest(").append(columns.get(i).name()).append(')');
            }
        }
        return sql.append(" FROM ").append(blockTable()).toString();
    }

    /**
     * Keeps one row per event id in the flat stage (the earliest ts): run only when {@link ColumnBatch#hasRepeatedIds}
     * found an id twice in the batch, because it sorts.
     */
    String dropRepeatsSql() {
        String flat = flatTable();
        return "DELETE FROM " + flat + " WHERE rowid IN (SELECT rowid FROM (SELECT rowid, row_number() OVER (PARTITION BY event_id "
                + "ORDER BY ts, rowid) AS nth FROM " + flat + ") WHERE nth > 1)";
    }

    /**
     * Drops from the flat stage every id already stored with a ts in [?, ?] (DuckDB's zone maps keep that scan to the
     * row groups of the batch's time range). The stage then holds exactly the rows this flush stores, which the move
     * and the per-minute rollups ({@link Rollups}) both read.
     */
    String dropStoredSql() {
        return "DELETE FROM " + flatTable() + " WHERE event_id IN (SELECT event_id FROM " + rowsTable() + " WHERE ts BETWEEN ? AND ?)";
    }

    /** Moves the (deduplicated) flat stage into the stored rows; the plain layout joins the text back in. */
    String moveSql() {
        StringBuilder select = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (textDictionary && isText(i)) {
                continue;
            }
            select.append(select.length() == 0 ? "" : ", ").append(isText(i) ? "d." : "s.").append(columns.get(i).name());
        }
        String from = flatTable() + " s";
        if (textDictionary) {
            select.append(", s.text_id");
        } else {
            from += " JOIN " + textTable() + " d USING (text_id)";
        }
        return "INSERT INTO " + rowsTable() + " SELECT " + select + " FROM " + from;
    }

    /** The stored text tuples in code order (dictionary layout). */
    String textTuplesSql() {
        return "SELECT * FROM " + textTable() + " ORDER BY text_id";
    }
}
