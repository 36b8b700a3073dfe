package dev.cascade.feed;

import dev.cascade.core.venue.ExchangeConnector;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Timing of a {@link WsSession}. Production uses {@link #DEFAULTS} plus the connector's own ping/stale/link-age
 * values; tests shrink everything to milliseconds and may drive the session's monotonic clock themselves.
 *
 * @param backoffInitial   first reconnect delay (doubled per failed attempt, with jitter)
 * @param backoffMax       cap on the reconnect delay. With "equal jitter" the delay at the cap is between half of it
 *                         and all of it: 120 s keeps a venue that accepts and at once closes to at most 60 attempts an
 *                         hour (BitMEX's connection limit; Binance bans IPs that reconnect in a loop)
 * @param connectTimeout   WebSocket handshake timeout
 * @param pingOverride     replaces the connector's ping interval when not null
 * @param staleOverride    replaces the connector's stale timeout when not null
 * @param maxMessageChars  a message larger than this (after fragment reassembly) is dropped and counted as malformed
 * @param healthyAfter     a link that stayed up this long resets the backoff; a shorter one (a welcome frame and then a
 *                         close) counts as a failed attempt, so a venue that keeps accepting and closing is retried
 *                         ever more slowly
 * @param maxAgeOverride   replaces the link age at which a connector's links are rotated (only for connectors whose
 *                         venue cuts links at an age, see {@link ExchangeConnector#maxConnectionAge()})
 * @param maxReadPause     how long backpressure may stop reading a link; after that the link is read again and its
 *                         data frames dropped (a recorded gap) until the store makes room, so the venue's pings and
 *                         heartbeats are still answered and the link survives
 * @param silentOverride   replaces the silence bound of every watched stream when not null
 * @param nanoClock        monotonic clock (System::nanoTime) for link age, backoff health, staleness and silence
 */
public record SessionSettings(Duration backoffInitial, Duration backoffMax, Duration connectTimeout,
                              Duration pingOverride, Duration staleOverride, int maxMessageChars,
                              Duration healthyAfter, Duration maxAgeOverride, Duration maxReadPause,
                              Duration silentOverride, LongSupplier nanoClock) {
    public static final SessionSettings DEFAULTS = new SessionSettings(Duration.ofMillis(500), Duration.ofSeconds(120),
            Duration.ofSeconds(10), null, null, 8 << 20);

    /** The common timings, with the defaults for link health, rotation, read pauses, silence and the clock. */
    public SessionSettings(Duration backoffInitial, Duration backoffMax, Duration connectTimeout,
                           Duration pingOverride, Duration staleOverride, int maxMessageChars) {
        this(backoffInitial, backoffMax, connectTimeout, pingOverride, staleOverride, maxMessageChars,
                Duration.ofMinutes(2), null, Duration.ofSeconds(10), null, System::nanoTime);
    }

    public SessionSettings withHealthyAfter(Duration d) {
        return with(d, maxAgeOverride, maxReadPause, silentOverride, nanoClock);
    }

    public SessionSettings withMaxAge(Duration d) {
        return with(healthyAfter, d, maxReadPause, silentOverride, nanoClock);
    }

    public SessionSettings withMaxReadPause(Duration d) {
        return with(healthyAfter, maxAgeOverride, d, silentOverride, nanoClock);
    }

    public SessionSettings withSilentAfter(Duration d) {
        return with(healthyAfter, maxAgeOverride, maxReadPause, d, nanoClock);
    }

    public SessionSettings withNanoClock(LongSupplier clock) {
        return with(healthyAfter, maxAgeOverride, maxReadPause, silentOverride, clock);
    }

    private SessionSettings with(Duration healthy, Duration maxAge, Duration readPause, Duration silent, LongSupplier clock) {
        return new SessionSettings(backoffInitial, backoffMax, connectTimeout, pingOverride, staleOverride, maxMessageChars,
                healthy, maxAge, readPause, silent, clock);
    }

    public Duration ping(ExchangeConnector c) {
        return pingOverride != null ? pingOverride : c.pingInterval();
    }

    public Duration stale(ExchangeConnector c) {
        return staleOverride != null ? staleOverride : c.staleAfter();
    }

    /** The age at which this connector's links are rotated, or null when its venue does not cut links at an age. */
    public Duration maxAge(ExchangeConnector c) {
        Duration venue = c.maxConnectionAge();
        return venue == null ? null : maxAgeOverride != null ? maxAgeOverride : venue;
    }

    public Duration silentAfter(ExchangeConnector.Watched w) {
        return silentOverride != null ? silentOverride : w.silentAfter();
    }
}
