package dev.cascade.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;

import java.util.ArrayList;
import java.util.List;

/** Registers a resource's HTTP routes and remembers each (method, path), for the OpenAPI completeness test. */
final class ApiRoutes {
    /** A resource: a group of endpoints over one part of the API. */
    interface Resource {
        void register(ApiRoutes routes);
    }

    private final RoutesConfig config;
    private final List<CascadeServer.Route> registered;
    private final ResponseCache cache;

    ApiRoutes(RoutesConfig config, List<CascadeServer.Route> registered, ResponseCache cache) {
        this.config = config;
        this.registered = registered;
        this.cache = cache;
    }

    /** A public read: its answer (a document for JSON) from the query parameters alone. */
    @FunctionalInterface
    interface SharedRead {
        Object answer(Query query);
    }

    /**
     * A public read whose answers are shared by identical requests (path and query string) through the
     * {@link ResponseCache}: fresh for a second, then (when many ask) served while refreshed in the background, or
     * computed by one request while the identical ones wait for it. A request that says {@code Cache-Control:
     * no-cache} or {@code no-store} is answered from the store, and its answer is not kept.
     */
    void getShared(String path, SharedRead read) {
        getShared(path, "application/json", query -> Http.jsonBytes(read.answer(query)));
    }

    /** {@link #getShared(String, SharedRead)} for an answer in another format, already encoded. */
    void getShared(String path, String contentType, java.util.function.Function<Query, byte[]> read) {
        get(path, ctx -> {
            Query query = Query.of(ctx);
            if (bypassesCache(ctx.header("Cache-Control"))) {
                ctx.contentType(contentType).result(read.apply(query));
                return;
            }
            String key = ctx.path() + '?' + (ctx.queryString() == null ? "" : ctx.queryString());
            ResponseCache.Claim claim = cache.claim(key, () -> read.apply(query));
            if (claim.body() != null) {
                ctx.contentType(contentType).result(claim.body());
                return;
            }
            byte[] body = null;
            try {
                body = read.apply(query);
                ctx.contentType(contentType).result(body);
            } finally {
                claim.done(body);
            }
        });
    }

    /** Whether a request's Cache-Control header asks for an answer computed now (no-cache) or not kept (no-store). */
    static boolean bypassesCache(String cacheControl) {
        if (cacheControl == null) {
            return false;
        }
        for (String directive : cacheControl.split(",")) {
            String d = directive.trim().toLowerCase(java.util.Locale.ROOT);
            if (d.equals("no-cache") || d.equals("no-store")) {
                return true;
            }
        }
        return false;
    }

    /** A read; HEAD runs the same handler (token, validation and all) and the server sends its headers only. */
    void get(String path, Handler h) {
        registered.add(new CascadeServer.Route("get", path));
        config.get(path, h);
        config.head(path, h);
    }

    void post(String path, Handler h) {
        registered.add(new CascadeServer.Route("post", path));
        config.post(path, h);
    }

    /**
     * The methods a request path is registered for (HEAD with GET), for the Allow header of a 405; empty if no route
     * has this path. A {@code {param}} segment matches any one segment.
     */
    static java.util.Set<String> allowed(List<CascadeServer.Route> routes, String path) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        // The router ignores one trailing slash (/api/totals/ is /api/totals): so does the match here.
        String[] given = (path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path).split("/", -1);
        for (CascadeServer.Route r : routes) {
            String[] template = r.path().split("/", -1);
            boolean match = template.length == given.length;
            for (int i = 0; match && i < template.length; i++) {
                match = template[i].startsWith("{") || template[i].equals(given[i]);
            }
            if (match) {
                String m = r.method().toUpperCase(java.util.Locale.ROOT);
                out.add(m);
                if (m.equals("GET")) {
                    out.add("HEAD");
                }
            }
        }
        return out;
    }

    void delete(String path, Handler h) {
        registered.add(new CascadeServer.Route("delete", path));
        config.delete(path, h);
    }
}
