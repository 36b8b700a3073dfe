package dev.cascade.core.venue.bitget;

import dev.cascade.core.venue.ExchangeConnector;
import dev.cascade.core.model.Completeness;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Bitget UTA v3 public: the market-wide {@code liquidation} topic of USDT futures, which pushes once a second only
 * the largest long and the largest short liquidation of each pair: {@link Completeness#SAMPLED_LARGEST_PER_SIDE_1S}.
 * Bitget closes links silent for 30 s, so the text "ping" (answered "pong") goes out every 20 s, and cuts every link
 * after 24 hours, so links are rotated before that as Binance's are.
 */
public final class BitgetConnector implements ExchangeConnector {
    public static final URI DEFAULT_BASE = URI.create("wss://ws.bitget.com");
    private final URI base;

    public BitgetConnector(URI base) {
        this.base = base;
    }

    @Override
    public String source() {
        return BitgetVenue.FEED;
    }

    @Override
    public URI uri() {
        return URI.create(base + "/v3/ws/public");
    }

    @Override
    public List<String> subscribeMessages() {
        return List.of("{\"op\":\"subscribe\",\"args\":[{\"instType\":\"usdt-futures\",\"topic\":\"liquidation\"}]}");
    }

    @Override
    public String pingMessage() {
        return "ping";
    }

    @Override
    public Duration pingInterval() {
        return Duration.ofSeconds(20);
    }

    @Override
    public Duration staleAfter() {
        return Duration.ofSeconds(45);
    }

    @Override
    public Duration maxConnectionAge() {
        return Duration.ofHours(23).plusMinutes(50);
    }

    /** {"event":"error","arg":{...},"code":30001,"msg":"..."} answers a subscribe Bitget cannot serve. */
    @Override
    public String refusal(String frame) {
        return ExchangeConnector.controlReply(frame, "\"event\":\"error\"") ? ExchangeConnector.refusalText(frame, "code", "msg", "arg") : null;
    }

    @Override
    public Completeness completeness() {
        return Completeness.SAMPLED_LARGEST_PER_SIDE_1S;
    }
}
