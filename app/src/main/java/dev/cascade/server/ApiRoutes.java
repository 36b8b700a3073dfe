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

    /**
     * A public read whose 200 answers are shared for a second by identical requests, including those that arrive while
     * it is being answered ({@link ResponseCache}).
     */
    void getShared(String path, Handler h) {
        get(path, ctx -> {
            String key = ctx.path() + '?' + (ctx.queryString() == null ? "" : ctx.queryString());
            ResponseCache.Claim claim = cache.claim(key);
            if (claim.body() != null) {
                ctx.contentType("application/json").result(claim.body());
                return;
            }
            byte[] body = null;
            try {
                h.handle(ctx);
                body = ctx.statusCode() == 200 ? ctx.attribute(Http.JSON_BODY) : null;
            } finally {
                claim.done(body);
            }
        });
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
        String[] given = path.split("/", -1);
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
