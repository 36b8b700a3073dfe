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
     * Rejects unknown, repeated and undecodable query parameters (a typo is a 400, not silently ignored) and returns
     * the typed reader.
     */
    static Params params(Context ctx, Set<String> known) {
        Params.wellFormed(ctx.queryString());
        Params.onlyKnown(ctx.queryParamMap().keySet(), known);
        return new Params(ctx::queryParam);
    }
}
