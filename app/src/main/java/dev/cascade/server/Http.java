package dev.cascade.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.util.Map;
import java.util.Set;

/** The JSON request/response conventions every resource shares: bodies, error documents, and known-parameter checks. */
final class Http {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Http() {
    }

    /** The request attribute holding the JSON answer's bytes, for {@link ResponseCache}. */
    static final String JSON_BODY = "cascade.json";

    static void json(Context ctx, Object body) {
        byte[] bytes = write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ctx.attribute(JSON_BODY, bytes);
        ctx.contentType("application/json").result(bytes);
    }

    static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json");
        ctx.result(write(Map.of("error", message == null ? "error" : message, "status", status)));
    }

    /** Rejects unknown query parameters (a typo is a 400, not silently ignored) and returns the typed reader. */
    static Params params(Context ctx, Set<String> known) {
        Params.onlyKnown(ctx.queryParamMap().keySet(), known);
        return new Params(ctx::queryParam);
    }

    private static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize response", e);
        }
    }
}
