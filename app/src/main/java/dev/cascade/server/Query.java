package dev.cascade.server;

import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request's query parameters, copied out of it: a shared read answers from these alone, so its answer can be
 * recomputed after the request is gone ({@link ResponseCache}'s background refresh).
 */
record Query(Map<String, List<String>> values) {
    Query {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        values = java.util.Collections.unmodifiableMap(copy);
    }

    /** The request's parameters; a 400 if one is repeated or not valid percent-encoded UTF-8. */
    static Query of(Context ctx) {
        Params.wellFormed(ctx.queryString());
        return new Query(ctx.queryParamMap());
    }

    /** Rejects unknown parameters (a typo is a 400, not silently ignored) and returns the typed reader. */
    Params params(Set<String> known) {
        Params.onlyKnown(values.keySet(), known);
        return new Params(name -> {
            List<String> v = values.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        });
    }
}
