package dev.cascade.server;

import io.javalin.http.Context;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may talk to the server from a browser. The Host header must name this server (the loopback names, the bound
 * address, the names given with --allow-host; with a wildcard bind also each interface address): a page whose own
 * name was re-pointed at 127.0.0.1 (DNS rebinding) still sends its own name as Host and is refused. The WebSocket
 * upgrade and every write must come from this server's own pages or a configured CORS origin when the browser says
 * where it comes from (Origin); clients that send no Origin (curl, scripts) are not browsers and pass. CORS answers
 * only the configured origins; with none configured no cross-origin page can read anything.
 */
final class OriginGuard {
    private final Set<String> hosts = new HashSet<>();
    private final Set<String> corsOrigins = new HashSet<>();

    OriginGuard(ServerOptions o) {
        for (String h : List.of("localhost", "127.0.0.1", "::1", "[::1]")) {
            hosts.add(h);
        }
        hosts.add(bare(o.host()).toLowerCase(Locale.ROOT));
        o.allowedHosts().forEach(h -> hosts.add(bare(h).toLowerCase(Locale.ROOT)));
        if (isWildcard(o.host())) {
            hosts.addAll(interfaceAddresses());
        }
        for (String origin : o.corsOrigins()) {
            corsOrigins.add(normalizeOrigin(origin));
        }
    }

    /** Every HTTP request (WebSocket upgrades included): a Host this server answers to. */
    void checkHost(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || !hosts.contains(hostName(host))) {
            throw new Forbidden("Host '" + (host == null ? "" : clip(host)) + "' is not a name this server answers to"
                    + " (loopback names, the bound address, or serve --allow-host NAME)");
        }
    }

    /** Writes and the WebSocket upgrade: from this server's pages, a configured origin, or a non-browser client. */
    void checkOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || sameOrigin(origin, ctx.header("Host")) || corsOrigins.contains(normalizeOrigin(origin))) {
            return;
        }
        throw new Forbidden("Origin '" + clip(origin) + "' may not write or open the live stream"
                + " (serve --cors-origin ORIGIN allows another site)");
    }

    /** CORS headers for a configured origin; preflight requests are answered here. Returns true if answered. */
    boolean cors(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || !corsOrigins.contains(normalizeOrigin(origin))) {
            return false;
        }
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Vary", "Origin");
        if (ctx.method().name().equals("OPTIONS")) {
            ctx.header("Access-Control-Allow-Methods", "GET, POST, DELETE");
            ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type");
            ctx.header("Access-Control-Max-Age", "600");
            ctx.status(204);
            return true;
        }
        return false;
    }

    private static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI u = new URI(origin);
            if (u.getHost() == null || u.getScheme() == null) {
                return false;
            }
            String authority = u.getRawAuthority().toLowerCase(Locale.ROOT);
            return authority.equals(host.toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The host part of a Host header: "127.0.0.1:8080" -> "127.0.0.1", "[::1]:8080" -> "::1". */
    static String hostName(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name; // "localhost." is "localhost"
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isWildcard(String host) {
        String h = bare(host);
        return h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0");
    }

    private static Set<String> interfaceAddresses() {
        Set<String> out = new HashSet<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    String s = a.getHostAddress();
                    int zone = s.indexOf('%');
                    out.add((a instanceof Inet6Address && zone > 0 ? s.substring(0, zone) : s).toLowerCase(Locale.ROOT));
                }
            }
        } catch (SocketException e) {
            // no interface list: only the configured names are answered
        }
        return out;
    }

    private static String normalizeOrigin(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    private static String clip(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }

    /** 403 with a message. */
    static final class Forbidden extends RuntimeException {
        Forbidden(String message) {
            super(message, null, false, false);
        }
    }
}
