package dev.cascade.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.wire.WireJson;
import io.javalin.http.Context;

import java.util.Map;
import java.util.Set;

/**
 * The JSON request/response conventions every resource shares: bodies (written by the one wire encoder,
 * {@link WireJson}: money as decimal strings, ids as strings), error documents, and known-parameter checks.
 */
final class Http {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Http.class);
    /** Reads request bodies; responses go through {@link WireJson}. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Http() {
    }

    /** The request attribute holding the JSON answer's bytes, for {@link ResponseCache}. */
    static final String JSON_BODY = "cascade.json";

    static void json(Context ctx, Object body) {
        byte[] bytes = WireJson.write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ctx.attribute(JSON_BODY, bytes);
        ctx.contentType("application/json").result(bytes);
    }

    static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json");
        ctx.result(WireJson.write(Map.of("error", message == null ? "error" : message, "status", status)));
    }

    /**
     * A 500 for a failure of the server itself: the whole exception goes to the log, the client gets a message that
     * names no exception class and no internal detail (a path, a connection string, a stack frame).
     */
    static void internalError(Context ctx, Throwable e) {
        LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
        error(ctx, 500, "internal error: the server could not answer this request (the cause is in its log)");
    }

    /**
     * Rejects unknown, repeated and undecodable query parameters (a typo is a 400, not silently ignored) and returns
     * the typed reader.
     */
    static Params params(Context ctx, Set<String> known) {
        Params.wellFormed(ctx.queryString());
        Params.onlyKnown(ctx.queryParamMap().keySet(), known);
        return new Params(ctx::queryParam);
    }
}
