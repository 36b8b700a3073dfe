package dev.cascade.core.venue;

import dev.cascade.core.model.Instrument;
import dev.cascade.core.normalize.MalformedFrameException;

import java.util.Map;

/**
 * A venue's REST instrument list and how one row of it becomes an {@link Instrument}. The app fetches it (HTTP stays
 * in the app); the mapping is venue knowledge and lives in the venue's folder.
 *
 * @param path      request path under the venue's REST base
 * @param rowsField field of the response object holding the rows, or null when the response is the array itself
 * @param what      what is loaded, for the start-up line and errors ("swap instruments")
 * @param field     the field that sizes need, for the start-up line ("ctVal"), or null
 * @param rows      maps one row; null for a row Cascade does not store (indices, spreads, spot)
 */
public record InstrumentCatalog(String path, String rowsField, String what, String field, RowMapper rows) {

    /** The start-up line's text for {@code n} loaded rows: "2 swap instruments loaded (ctVal)". */
    public String loaded(int n) {
        return n + " " + what + " loaded" + (field == null ? "" : " (" + field + ")");
    }

    /** One instrument row as an Instrument, or null for a row Cascade skips. */
    @FunctionalInterface
    public interface RowMapper {
        Instrument read(Map<String, Object> row) throws MalformedFrameException;
    }
}
