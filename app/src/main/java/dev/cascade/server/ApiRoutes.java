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

    void get(String path, Handler h) {
        registered.add(new CascadeServer.Route("get", path));
        config.get(path, h);
    }

    void post(String path, Handler h) {
        registered.add(new CascadeServer.Route("post", path));
        config.post(path, h);
    }

    void delete(String path, Handler h) {
        registered.add(new CascadeServer.Route("delete", path));
        config.delete(path, h);
    }
}
