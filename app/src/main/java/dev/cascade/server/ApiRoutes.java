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

    ApiRoutes(RoutesConfig config, List<CascadeServer.Route> registered) {
        this.config = config;
        this.registered = registered;
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
