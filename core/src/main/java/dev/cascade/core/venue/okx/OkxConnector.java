package dev.cascade.core.venue.okx;

import dev.cascade.core.venue.ExchangeConnector;
import dev.cascade.core.model.Completeness;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * OKX v5 public: {@code liquidation-orders} by instType (SWAP; every instrument, so ctVal for all of them is loaded by
 * the venue's instrument list, {@link OkxVenue#VENUE}), and per instrument {@code open-interest}, {@code funding-rate} and {@code trades}
 * for the USDT and USD swaps of each coin. OKX drops links silent for 30 s, so the text "ping" goes out every 20 s.
 * The first liquidation batch after subscribing replays recent orders: the store's event keys dedupe it against
 * what an earlier link already stored. OKX says the feed is not the total: {@link Completeness#PARTIAL}.
 */
public final class OkxConnector implements ExchangeConnector {
    public static final URI DEFAULT_BASE = URI.create("wss://ws.okx.com:8443");
    private final URI base;
    private final List<String> coins;

    public OkxConnector(URI base, List<String> coins) {
        this.base = base;
        this.coins = List.copyOf(coins);
    }

    public List<String> instIds() {
        List<String> out = new ArrayList<>();
        for (String c : coins) {
            out.addAll(OkxVenue.swaps(c.toUpperCase(Locale.ROOT)));
        }
        return out;
    }

    @Override
    public String source() {
        return OkxVenue.FEED;
    }

    @Override
    public URI uri() {
        return URI.create(base + "/ws/v5/public");
    }

    @Override
    public List<String> subscribeMessages() {
        List<String> args = new ArrayList<>();
        args.add("{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"}");
        for (String id : instIds()) {
            for (String ch : List.of("open-interest", "funding-rate", "trades")) {
                args.add("{\"channel\":\"" + ch + "\",\"instId\":\"" + id + "\"}");
            }
        }
        return List.of("{\"id\":\"1\",\"op\":\"subscribe\",\"args\":[" + args.stream().collect(Collectors.joining(",")) + "]}");
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

    /** {"event":"error","code":"60018","msg":"... doesn't exist"}: an instrument or channel OKX does not serve. */
    @Override
    public String refusal(String frame) {
        return ExchangeConnector.controlReply(frame, "\"event\":\"error\"") ? ExchangeConnector.refusalText(frame, "code", "msg") : null;
    }

    @Override
    public Completeness completeness() {
        return Completeness.PARTIAL;
    }
}
