package dev.cascade.core.venue.bitmex;

import dev.cascade.core.venue.ExchangeConnector;
import dev.cascade.core.model.Completeness;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * BitMEX realtime: the {@code liquidation} table (open liquidation-engine orders; only {@code insert} is a new
 * liquidation, see the normalizer) and the {@code instrument} table of the BTC perpetual (open interest, funding, mark
 * price). On (re)subscribe BitMEX sends a {@code partial} image of each; the liquidation one is ignored, so a
 * reconnect does not double count, and the instrument one restarts the normalizer's per-symbol state. Text "ping"
 * every 5 s keeps the link up.
 */
public final class BitmexConnector implements ExchangeConnector {
    public static final URI DEFAULT_BASE = URI.create("wss://ws.bitmex.com");
    private final URI base;

    public BitmexConnector(URI base) {
        this.base = base;
    }

    @Override
    public String source() {
        return BitmexVenue.FEED;
    }

    @Override
    public URI uri() {
        return URI.create(base + "/realtime");
    }

    @Override
    public List<String> subscribeMessages() {
        return List.of("{\"op\":\"subscribe\",\"args\":[\"liquidation\",\"instrument:XBTUSD\"]}");
    }

    @Override
    public String pingMessage() {
        return "ping";
    }

    @Override
    public Duration pingInterval() {
        return Duration.ofSeconds(5);
    }

    @Override
    public Duration staleAfter() {
        return Duration.ofSeconds(30);
    }

    /** {"status":400,"error":"Unknown table: ...","request":{...}}: BitMEX's answer to a subscribe it refuses. */
    @Override
    public String refusal(String frame) {
        return ExchangeConnector.controlReply(frame, "\"error\":") && !frame.startsWith("{\"table\"")
                ? ExchangeConnector.refusalText(frame, "error", "request") : null;
    }

    /** XBTUSD's instrument row changes many times a second (mark price, open interest). */
    @Override
    public List<Watched> watchedStreams() {
        return List.of(new Watched("instrument:XBTUSD", "\"table\":\"instrument\"", Duration.ofSeconds(60)));
    }

    @Override
    public Completeness completeness() {
        return Completeness.ENGINE_ORDERS;
    }
}
