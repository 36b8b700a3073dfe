package dev.cascade.core.venue.bybit;

import dev.cascade.core.venue.ExchangeConnector;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.MarketType;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Bybit v5 public linear ({@code BTCUSDT}) or inverse ({@code BTCUSD}): {@code allLiquidation.{symbol}} (every
 * liquidation, batched 500 ms; no wildcard, so one topic per symbol), {@code tickers.{symbol}} (snapshot + deltas,
 * merged by the normalizer, for OI and funding) and {@code publicTrade.{symbol}}. Spot ({@code /v5/public/spot},
 * {@code BTCUSDT}): {@code publicTrade.{symbol}} only, the spot volume derivatives volume is set against. Subscribes in
 * batches of 10 args (the spot limit); pings with op:ping every 20 s (the venue cuts idle links).
 */
public final class BybitConnector implements ExchangeConnector {
    public static final URI DEFAULT_BASE = URI.create("wss://stream.bybit.com");
    private final URI base;
    private final MarketType market;
    private final List<String> coins;

    public BybitConnector(URI base, MarketType market, List<String> coins) {
        if (market == MarketType.QUANTO) {
            throw new IllegalArgumentException("Bybit has no quanto market");
        }
        this.base = base;
        this.market = market;
        this.coins = List.copyOf(coins);
    }

    public List<String> symbols() {
        return coins.stream().map(c -> BybitVenue.perpetual(c.toUpperCase(Locale.ROOT), market)).collect(Collectors.toList());
    }

    @Override
    public String source() {
        return BybitVenue.feedOf(market);
    }

    @Override
    public URI uri() {
        return URI.create(base + "/v5/public/" + switch (market) {
            case INVERSE -> "inverse";
            case SPOT -> "spot";
            default -> "linear";
        });
    }

    @Override
    public List<String> subscribeMessages() {
        List<String> args = new ArrayList<>();
        for (String s : symbols()) {
            if (market != MarketType.SPOT) {
                args.add("allLiquidation." + s);
                args.add("tickers." + s);
            }
            args.add("publicTrade." + s);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 10) {
            List<String> batch = args.subList(i, Math.min(args.size(), i + 10));
            out.add("{\"op\":\"subscribe\",\"args\":[" + batch.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(",")) + "]}");
        }
        return out;
    }

    @Override
    public String pingMessage() {
        return "{\"req_id\":\"cascade\",\"op\":\"ping\"}";
    }

    @Override
    public Duration pingInterval() {
        return Duration.ofSeconds(20);
    }

    @Override
    public Duration staleAfter() {
        return Duration.ofSeconds(60);
    }

    /** {"success":false,"ret_msg":"error:handler not found,topic:...","op":"subscribe"}: a topic Bybit does not list. */
    @Override
    public String refusal(String frame) {
        return ExchangeConnector.controlReply(frame, "\"success\":false") ? ExchangeConnector.refusalText(frame, "op", "ret_msg") : null;
    }

    /**
     * Tickers push every 100 ms while anything changes: a minute of silence is a stream that is not there. Spot has
     * no ticker subscribed, and Bybit refuses an unknown spot topic in words ({@link #refusal}).
     */
    @Override
    public List<Watched> watchedStreams() {
        if (market == MarketType.SPOT) {
            return List.of();
        }
        return symbols().stream().map(s -> new Watched("tickers." + s, "\"topic\":\"tickers." + s + "\"", Duration.ofSeconds(60)))
                .collect(Collectors.toList());
    }

    @Override
    public Completeness completeness() {
        return Completeness.COMPLETE;
    }
}
