package dev.cascade.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * One stored table's rows in a window written to a Parquet file by DuckDB's own {@code COPY} (rows in (ts, event_id)
 * order, the columns as stored). DuckDB only: ClickHouse writes Parquet itself ({@code FORMAT Parquet}).
 */
public final class ParquetExport {
    /** {@code COPY} cannot take a bound parameter for its target, so the path is limited to these and quoted. */
    private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9_./ +=@,-]+");

    private ParquetExport() {
    }

    /** Whether {@code target} may be written by {@link #write} (a path of plain characters only). */
    public static boolean acceptsPath(Path target) {
        return PLAIN_PATH.matcher(target.toString()).matches();
    }

    /**
     * Writes the rows of {@code table} (a store table name) with {@code fromTs <= ts < toTs} from the store file
     * {@code storeFile} (read as {@link ReadAccess} reads: a snapshot while a writer holds it) to {@code target};
     * returns the rows written.
     */
    public static long write(Path storeFile, String table, long fromTs, long toTs, Path target) {
        Schema.Table t = Schema.ALL.stream().filter(x -> x.name().equals(table)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table '" + table + "'"));
        if (!acceptsPath(target)) {
            throw new IllegalArgumentException("a Parquet target must be a path of letters, digits and _ . / - only, got '"
                    + target + "'");
        }
        try (Connection c = ReadAccess.open(storeFile); Statement st = c.createStatement()) {
            // The table name comes from Schema, the bounds are longs, the path is vetted above: nothing else reaches the text.
            return st.executeUpdate("COPY (SELECT * FROM " + t.name() + " WHERE ts >= " + fromTs + " AND ts < " + toTs
                    + " ORDER BY ts, event_id) TO '" + target.toString().replace("'", "''") + "' (FORMAT PARQUET)");
        } catch (SQLException e) {
            throw new StoreException("Parquet export of " + table + " failed: " + e.getMessage(), e);
        }
    }
}
