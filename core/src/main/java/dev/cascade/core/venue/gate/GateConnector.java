package dev.cascade.core.venue.gate;

import dev.cascade.core.venue.ExchangeConnector;
import dev.cascade.core.model.Completeness;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Gate.io USDT futures v4: {@code futures.public_liquidates} and {@code futures.tickers} (open interest, funding,
 * mark) for each coin's {@code COIN_USDT} contract. The handshake sends {@code X-Gate-Size-Decimal: 1}: without it
 * Gate pushes sizes as integers rounded down. Gate pings at the protocol level (the JDK answers); the application
 * {@code futures.ping} every 15 s also gives the stale timer a reply to wait for. Contracts without a known
 * {@code quanto_multiplier} are rejected by the normalizer, never guessed.
 */
public final class GateConnector implements ExchangeConnector {
    public static final URI DEFAULT_BASE = URI.create("wss://fx-ws.gateio.ws");
    private final URI base;
    private final List<String> coins;

    public GateConnector(URI base, List<String> coins) {
        this.base = base;
        this.coins = List.copyOf(coins);
    }

    public List<String> contracts() {
        return coins.stream().map(c -> GateVenue.contract(c.toUpperCase(Locale.ROOT))).toList();
    }

    @Override
    public String source() {
        return GateVenue.FEED;
    }

    @Override
    public URI uri() {
        return URI.create(base + "/v4/ws/usdt");
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("X-Gate-Size-Decimal", "1");
    }

    @Override
    public List<String> subscribeMessages() {
        String payload = contracts().stream().map(c -> '"' + c + '"').collect(Collectors.joining(","));
        long now = System.currentTimeMillis() / 1000;
        return List.of(
                "{\"time\":" + now + ",\"channel\":\"futures.public_liquidates\",\"event\":\"subscribe\",\"payload\":[" + payload + "]}",
                "{\"time\":" + now + ",\"channel\":\"futures.tickers\",\"event\":\"subscribe\",\"payload\":[" + payload + "]}");
    }

    @Override
    public String pingMessage() {
        return "{\"channel\":\"futures.ping\"}";
    }

    @Override
    public Duration pingInterval() {
        return Duration.ofSeconds(15);
    }

    @Override
    public Duration staleAfter() {
        return Duration.ofSeconds(45);
    }

    /** A subscribe answered with {"error":{...}} or {"result":{"status":"fail"}}: a contract Gate does not list. */
    @Override
    public String refusal(String frame) {
        return ExchangeConnector.controlReply(frame, "\"event\":\"subscribe\"")
                && (frame.contains("\"error\":{") || frame.contains("\"status\":\"fail\""))
                ? ExchangeConnector.refusalText(frame, "channel", "error") : null;
    }

    @Override
    public Completeness completeness() {
        return Completeness.SAMPLED_1S_PER_SYMBOL;
    }
}
