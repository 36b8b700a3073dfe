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

    /** Connections are rotated before the venue cuts them (Binance, Bitget: 24 h); null for no limit. */
    default Duration maxConnectionAge() {
        return null;
    }

    /** A message to send back for this frame (Deribit heartbeat test_request -> public/test), or null. */
    default String replyTo(String frame) {
        return null;
    }

    /**
     * If this frame is the venue refusing a subscription (an error reply, {@code success:false}, a subscribe result
     * that leaves channels out), what was refused and why, in the venue's words; else null. Called on every frame:
     * a data frame must be told apart by a cheap check first.
     */
    default String refusal(String frame) {
        return null;
    }

    /**
     * Subscribed streams that must deliver something at least every {@link Watched#silentAfter}, for venues that say
     * nothing when a stream does not exist (Binance) and to catch a stream a venue stops. Only steady streams qualify
     * (mark price, tickers), never liquidations, which can be quiet for hours.
     */
    default List<Watched> watchedStreams() {
        return List.of();
    }

    /** A steady stream: {@code name} for the status, {@code marker} a text every frame of that stream contains. */
    record Watched(String name, String marker, Duration silentAfter) {
    }

    /**
     * Whether {@code frame} can be a venue's control reply carrying {@code marker}: replies are short, so a data frame
     * (which may quote the same text) is passed over without a search.
     */
    static boolean controlReply(String frame, String marker) {
        return frame.length() < 2000 && frame.contains(marker);
    }

    /** The message of a refusal, read from a small error frame (refusals are rare: a full parse is fine). */
    static String refusalText(String frame, String... fields) {
        try {
            Object root = dev.cascade.core.normalize.Json.parse(frame);
            StringBuilder sb = new StringBuilder();
            if (root instanceof java.util.Map<?, ?> m) {
                for (String f : fields) {
                    Object v = m.get(f);
                    if (v != null) {
                        sb.append(sb.length() == 0 ? "" : " ").append(v);
                    }
                }
            }
            return sb.length() == 0 ? frame.substring(0, Math.min(200, frame.length())) : sb.toString();
        } catch (dev.cascade.core.normalize.MalformedFrameException e) {
            return frame.substring(0, Math.min(200, frame.length()));
        }
    }

    /** How complete this source's liquidation stream is. */
    Completeness completeness();
}
