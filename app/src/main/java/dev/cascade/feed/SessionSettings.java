package dev.cascade.feed;

import dev.cascade.core.venue.ExchangeConnector;
import java.time.Duration;

/**
 * Timing of a {@link WsSession}. Production uses {@link #DEFAULTS} plus the connector's own ping/stale values; tests
 * shrink everything to milliseconds.
 *
 * @param backoffInitial   first reconnect delay (doubled per failed attempt, with jitter)
 * @param backoffMax       cap on the reconnect delay
 * @param connectTimeout   WebSocket handshake timeout
 * @param pingOverride     replaces the connector's ping interval when not null
 * @param staleOverride    replaces the connector's stale timeout when not null
 * @param maxMessageChars  a message larger than this (after fragment reassembly) is dropped and counted as malformed
 */
public record SessionSettings(Duration backoffInitial, Duration backoffMax, Duration connectTimeout,
                              Duration pingOverride, Duration staleOverride, int maxMessageChars) {
    public static final SessionSettings DEFAULTS = new SessionSettings(Duration.ofMillis(500), Duration.ofSeconds(60),
            Duration.ofSeconds(10), null, null, 8 << 20);

    public Duration ping(ExchangeConnector c) {
        return pingOverride != null ? pingOverride : c.pingInterval();
    }

    public Duration stale(ExchangeConnector c) {
        return staleOverride != null ? staleOverride : c.staleAfter();
    }
}
