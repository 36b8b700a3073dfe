package dev.cascade.core.venue;

import dev.cascade.core.model.Completeness;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What differs between exchanges on a WebSocket feed; {@link WsSession} does the rest (reconnect, pings, stale
 * timer, gaps, flow control). One small implementation per exchange. Implementations are immutable and the base URL
 * is always a constructor argument, so tests point them at a 127.0.0.1 fake.
 */
public interface ExchangeConnector {
    /** Feed id of every frame this connection receives (a normalizer id, e.g. "binance-usdm"). */
    String source();

    /** Full WebSocket URI including path and query (Binance puts its streams in the query). */
    URI uri();

    /** HTTP headers of the WebSocket handshake (Gate's X-Gate-Size-Decimal); none by default. */
    default java.util.Map<String, String> headers() {
        return java.util.Map.of();
    }

    /** Text messages sent after every (re)connect, in order. */
    List<String> subscribeMessages();

    /** Application-level ping text, or null when the venue relies on protocol pings (Binance). */
    String pingMessage();

    /** How often {@link #pingMessage()} is sent while connected. */
    Duration pingInterval();

    /** With no frame at all (data, pong, heartbeat) for this long, the link is presumed dead and replaced. */
    Duration staleAfter();

    /** Connections are rotated before the venue cuts them (Binance: 24 h); null for no limit. */
    default Duration maxConnectionAge() {
        return null;
    }

    /** A message to send back for this frame (Deribit heartbeat test_request -> public/test), or null. */
    default String replyTo(String frame) {
        return null;
    }

    /** How complete this source's liquidation stream is. */
    Completeness completeness();
}
