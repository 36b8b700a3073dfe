package dev.cascade.server;

import java.util.List;

/**
 * How the server listens and whom it answers.
 *
 * @param host                 address to bind (loopback by default; anything else needs {@code allowRemote})
 * @param port                 TCP port; 0 picks a free one
 * @param allowRemote          bind a non-loopback address
 * @param allowedHosts         extra Host header names the server answers to, besides the loopback names and the bound
 *                             host (a DNS name the server is reached under); anything else is refused (DNS rebinding)
 * @param corsOrigins          origins (scheme://host[:port]) other sites' pages may read the API from; none by default
 * @param allowPrivateWebhooks let alert webhooks go to loopback, private and link-local addresses and service ports
 * @param accessLog            log one line per HTTP request (method, path, status, milliseconds)
 */
public record ServerOptions(String host, int port, boolean allowRemote, List<String> allowedHosts, List<String> corsOrigins,
                            boolean allowPrivateWebhooks, boolean accessLog) {
    public ServerOptions {
        allowedHosts = List.copyOf(allowedHosts);
        corsOrigins = List.copyOf(corsOrigins);
    }

    /** Loopback on {@code port}, nothing else allowed: the defaults of `cascade serve`. */
    public static ServerOptions loopback(int port) {
        return new ServerOptions("127.0.0.1", port, false, List.of(), List.of(), false, false);
    }

    public ServerOptions withPrivateWebhooks(boolean allow) {
        return new ServerOptions(host, port, allowRemote, allowedHosts, corsOrigins, allow, accessLog);
    }

    public ServerOptions withCorsOrigins(List<String> origins) {
        return new ServerOptions(host, port, allowRemote, allowedHosts, origins, allowPrivateWebhooks, accessLog);
    }

    public ServerOptions withAccessLog(boolean on) {
        return new ServerOptions(host, port, allowRemote, allowedHosts, corsOrigins, allowPrivateWebhooks, on);
    }
}
