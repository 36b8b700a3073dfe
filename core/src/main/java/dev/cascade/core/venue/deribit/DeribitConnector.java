package dev.cascade.core.venue.deribit;

import dev.cascade.core.venue.ExchangeConnector;
import dev.cascade.core.model.Completeness;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Deribit JSON-RPC: {@code public/set_heartbeat} (30 s) then {@code public/subscribe} to
 * {@code trades.future.{COIN}.100ms} (liquidation trades carry the M/T/MT flag) and
 * {@code ticker.{COIN}-PERPETUAL.100ms} (mark, OI, funding). Deribit closes the link unless every heartbeat
 * {@code test_request} is answered with {@code public/test}: {@link #replyTo} does that. Only BTC and ETH have
 * inverse perpetuals; other coins are skipped.
 */
public final class DeribitConnector implements ExchangeConnector {
    public static final URI DEFAULT_BASE = URI.create("wss://www.deribit.com");
    private static final List<String> PERPETUAL_COINS = List.of("BTC", "ETH");
    private final URI base;
    private final List<String> coins;
    private final AtomicLong ids = new AtomicLong(100);

    public DeribitConnector(URI base, List<String> coins) {
        this.base = base;
        this.coins = coins.stream().map(c -> c.toUpperCase(Locale.ROOT)).filter(PERPETUAL_COINS::contains)
                .collect(Collectors.toList());
    }

    @Override
    public String source() {
        return DeribitVenue.FEED;
    }

    @Override
    public URI uri() {
        return URI.create(base + "/ws/api/v2");
    }

    private List<String> channels() {
        List<String> channels = new ArrayList<>();
        for (String c : coins.isEmpty() ? PERPETUAL_COINS : coins) {
            channels.add("trades.future." + c + ".100ms");
            channels.add("ticker." + c + "-PERPETUAL.100ms");
        }
        return channels;
    }

    @Override
    public List<String> subscribeMessages() {
        return List.of(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"public/set_heartbeat\",\"params\":{\"interval\":30}}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"public/subscribe\",\"params\":{\"channels\":["
                        + channels().stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(",")) + "]}}");
    }

    /**
     * A JSON-RPC error answers our set_heartbeat or subscribe; and Deribit's subscribe result lists only the channels
     * it subscribed, so a channel missing from it was refused without an error.
     */
    @Override
    public String refusal(String frame) {
        if (frame.length() > 4000 || !frame.contains("\"id\":")) {
            return null;
        }
        if (frame.contains("\"error\":")) {
            return ExchangeConnector.refusalText(frame, "id", "error");
        }
        if (frame.contains("\"id\":2,") && frame.contains("\"result\":[")) {
            List<String> missing = channels().stream().filter(c -> !frame.contains("\"" + c + "\"")).collect(Collectors.toList());
            return missing.isEmpty() ? null : "not subscribed: " + String.join(", ", missing);
        }
        return null;
    }

    /** Each perpetual's ticker pushes every 100 ms. */
    @Override
    public List<Watched> watchedStreams() {
        return (coins.isEmpty() ? PERPETUAL_COINS : coins).stream().map(c -> "ticker." + c + "-PERPETUAL.100ms")
                .map(ch -> new Watched(ch, "\"channel\":\"" + ch + "\"", Duration.ofSeconds(60))).collect(Collectors.toList());
    }

    @Override
    public String pingMessage() {
        return null; // the server's heartbeat drives keepalive
    }

    @Override
    public Duration pingInterval() {
        return Duration.ofSeconds(30);
    }

    @Override
    public Duration staleAfter() {
        return Duration.ofSeconds(75); // two missed 30 s heartbeats
    }

    @Override
    public String replyTo(String frame) {
        // Cheap check first: heartbeats are rare, data frames are many.
        if (frame.length() < 200 && frame.contains("\"test_request\"") && frame.contains("\"heartbeat\"")) {
            return "{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":\"public/test\",\"params\":{}}";
        }
        return null;
    }

    @Override
    public Completeness completeness() {
        return Completeness.COMPLETE;
    }
}
