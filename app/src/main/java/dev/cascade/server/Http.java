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
    /**
     * Reads request bodies strictly: a field given twice is an error (Jackson's default keeps the last one), and numbers
     * keep every digit (no double in between). Responses go through {@link WireJson}.
     */
    private static final ObjectMapper MAPPER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /**
     * The request body as one JSON object and nothing after it (Jackson ignores trailing text), or a {@link BadRequest}
     * that says in words what is wrong with it (the parser's own messages name its classes and settings).
     */
    static com.fasterxml.jackson.databind.JsonNode jsonObject(String body) {
        com.fasterxml.jackson.databind.JsonNode node;
        try (com.fasterxml.jackson.core.JsonParser parser = MAPPER.createParser(body)) {
            node = MAPPER.readTree(parser);
            boolean more;
            try {
                more = parser.nextToken() != null;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                more = true; // text after the value that is not even JSON
            }
            if (more) {
                throw new BadRequest("body must be one JSON object with nothing after it");
            }
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new BadRequest("body is beyond the JSON limits: at most 1000 levels of nesting and 1000 digits a number");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            java.util.regex.Matcher dup = java.util.regex.Pattern.compile("^Duplicate field '(.{1,100})'").matcher(original);
            if (dup.find()) {
                throw new BadRequest("field '" + dup.group(1) + "' is given more than once");
            }
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            throw new BadRequest("body is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")") + ": it must be one JSON object");
        } catch (java.io.IOException e) { // reading a String: no I/O can fail
            throw new java.io.UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            throw new BadRequest("body must be a JSON object");
        }
        return node;
    }

    private Http() {
    }

    static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(jsonBytes(body));
    }

    /** A document as the API's JSON (money as decimal strings), UTF-8. */
    static byte[] jsonBytes(Object body) {
        return WireJson.write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
        return Query.of(ctx).params(known);
    }
}
