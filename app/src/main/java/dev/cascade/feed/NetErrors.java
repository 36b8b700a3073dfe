package dev.cascade.feed;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns network exceptions into one line a user can act on ("cannot resolve fstream.binance.com (no network?)"). */
public final class NetErrors {
    private NetErrors() {
    }

    public static String describe(Throwable t, URI uri) {
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : ("wss".equals(uri.getScheme()) || "https".equals(uri.getScheme()) ? 443 : 80);
        // The JDK wraps an unresolvable host in a ConnectException: look through the whole chain first.
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return "cannot resolve " + host + " (no network?)";
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpConnectTimeoutException) {
                return "timed out connecting to " + host + ":" + port;
            }
            if (c instanceof WebSocketHandshakeException h) {
                return "WebSocket handshake with " + host + " rejected: HTTP " + h.getResponse().statusCode();
            }
            if (c instanceof HttpTimeoutException) {
                return "timed out talking to " + host;
            }
            if (c instanceof ConnectException) {
                return "cannot connect to " + host + ":" + port + " (refused or unreachable)";
            }
            if (c instanceof NoRouteToHostException) {
                return "cannot connect to " + host + ":" + port + " (no route to host)";
            }
            if (c instanceof SocketTimeoutException) {
                return "timed out talking to " + host;
            }
            if (c instanceof javax.net.ssl.SSLException) {
                return "TLS error with " + host + ": " + c.getMessage();
            }
        }
        Throwable root = t;
        while ((root instanceof CompletionException || root instanceof ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        // e.g. the JDK's InternalError/ProtocolException when a link dies mid-frame or sends invalid UTF-8. Said without
        // the exception's class: this line is shown in /api/feeds, /api/health and the rules' webhook status.
        return "link to " + host + " broken: " + (root.getMessage() == null ? "the connection failed" : root.getMessage());
    }
}
