package dev.cascade.feed;

import dev.cascade.core.model.Instrument;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.venue.InstrumentCatalog;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Loads contract metadata from a venue's REST instrument list at start into the shared {@link Instruments} catalog
 * (which then caches it for the normalizers). Where the list is and how a row maps is the venue's
 * {@link InstrumentCatalog}; this is only the HTTP. A failure is an {@link IOException} with a one-line reason.
 */
public final class InstrumentLoader {
    private final HttpClient client;
    private final Instruments instruments;

    public InstrumentLoader(HttpClient client, Instruments instruments) {
        this.client = client;
        this.instruments = instruments;
    }

    private Object get(URI uri) throws IOException {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("HTTP " + r.statusCode() + " from " + uri);
            }
            return Json.parse(r.body());
        } catch (IOException e) {
            throw new IOException(e.getMessage() != null && e.getMessage().startsWith("HTTP ") ? e.getMessage() : NetErrors.describe(e, uri), e);
        } catch (MalformedFrameException e) {
            throw new IOException("unreadable instruments from " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Puts every instrument {@code reader} makes of {@code rows}; a malformed row fails the load in one line. */
    private int load(Object rows, String what, InstrumentCatalog.RowMapper reader) throws IOException {
        int n = 0;
        try {
            for (Object o : Json.arr(rows, what)) {
                Instrument i = reader.read(Json.obj(o, what + "[]"));
                if (i != null) {
                    instruments.put(i);
                    n++;
                }
            }
        } catch (MalformedFrameException | RuntimeException e) {
            throw new IOException("unreadable " + what + ": " + e.getMessage(), e);
        }
        return n;
    }

    /** Fetches a venue's instrument list from {@code base} and puts every row its mapping keeps; returns how many. */
    public int load(URI base, InstrumentCatalog catalog) throws IOException {
        Object response = get(URI.create(base + catalog.path()));
        Object rows = catalog.rowsField() == null ? response : obj(response).get(catalog.rowsField());
        return load(rows, catalog.what(), catalog.rows());
    }

    private static Map<String, Object> obj(Object o) throws IOException {
        try {
            return Json.obj(o, "response");
        } catch (MalformedFrameException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
