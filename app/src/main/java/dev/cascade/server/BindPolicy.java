package dev.cascade.server;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the server may listen. Loopback by default; anything else (0.0.0.0, a LAN address, a host name) must be asked
 * for explicitly, because the dashboard and the API show a trader's data and the write endpoints are token-only.
 */
public final class BindPolicy {
    private BindPolicy() {
    }

    /** Throws IllegalArgumentException with the reason when {@code host} is not loopback and remote was not allowed. */
    public static void check(String host, boolean allowRemote) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--host must not be empty");
        }
        if (!allowRemote && !isLoopback(host)) {
            throw new IllegalArgumentException("refusing to listen on " + host
                    + ": it is not a loopback address; pass --allow-remote to serve beyond this machine");
        }
    }

    /** True for "localhost" and loopback IP literals; host names are never resolved here (no DNS, no surprises). */
    static boolean isLoopback(String host) {
        String h = host.trim();
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (!isIpLiteral(h)) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isIpLiteral(String h) {
        return h.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (h.contains(":") && h.matches("[0-9a-fA-F:.]+"));
    }
}
