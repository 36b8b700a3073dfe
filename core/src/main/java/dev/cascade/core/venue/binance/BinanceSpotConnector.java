package dev.cascade.core.venue.binance;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.venue.ExchangeConnector;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Binance spot ({@code stream.binance.com:9443}): {@code <coin>usdt@aggTrade} per coin as one combined stream in the
 * URL, so a reconnect resubscribes by itself. The server pings every 20 s and drops a link that has not answered within
 * a minute (the JDK answers protocol pings); links are cut at 24 h, so they are rotated before. Only trades are read:
 * spot volume is what the derivatives volume is set against.
 */
public final class BinanceSpotConnector implements ExchangeConnector {
    public static final URI DEFAULT_BASE = URI.create("wss://stream.binance.com:9443");
    private final URI base;
    private final List<String> coins;

    public BinanceSpotConnector(URI base, List<String> coins) {
        this.base = base;
        this.coins = List.copyOf(coins);
    }

    public List<String> symbols() {
        return coins.stream().map(c -> BinanceVenue.spotSymbol(c.toUpperCase(Locale.ROOT))).collect(Collectors.toList());
    }

    private List<String> streams() {
        return symbols().stream().map(s -> s.toLowerCase(Locale.ROOT) + "@aggTrade").collect(Collectors.toList());
    }

    @Override
    public String source() {
        return BinanceVenue.SPOT_FEED;
    }

    @Override
    public URI uri() {
        return URI.create(base + "/stream?streams=" + String.join("/", streams()));
    }

    @Override
    public List<String> subscribeMessages() {
        return List.of();
    }

    @Override
    public String pingMessage() {
        return null;
    }

    @Override
    public Duration pingInterval() {
        return Duration.ofSeconds(30);
    }

    /** The server's own pings arrive every 20 s, so a minute of nothing at all is a dead link. */
    @Override
    public Duration staleAfter() {
        return Duration.ofSeconds(60);
    }

    @Override
    public Duration maxConnectionAge() {
        return Duration.ofHours(23).plusMinutes(50);
    }

    /**
     * Binance says nothing for a stream it does not list: a pair with no trade for 5 minutes is shown silent (the
     * USDT pairs of the majors trade every second; a quieter pair may be flagged on a calm night).
     */
    @Override
    public List<Watched> watchedStreams() {
        return streams().stream().map(st -> new Watched(st, "\"stream\":\"" + st + "\"", Duration.ofMinutes(5)))
                .collect(Collectors.toList());
    }

    /** No liquidations on a spot market; its trade stream is every trade, aggregated per taker order. */
    @Override
    public Completeness completeness() {
        return Completeness.COMPLETE;
    }
}
