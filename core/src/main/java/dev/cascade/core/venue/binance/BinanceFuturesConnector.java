package dev.cascade.core.venue.binance;

import dev.cascade.core.venue.ExchangeConnector;
import dev.cascade.core.model.Completeness;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What Binance USD-M and COIN-M share: the all-market {@code !forceOrder@arr} plus {@code <symbol>@markPrice@1s} and
 * {@code <symbol>@aggTrade} (derivatives volume, set against spot volume from {@link BinanceSpotConnector}) as one
 * combined stream in the URL (so a reconnect resubscribes by itself), protocol pings from the server (the JDK
 * answers them), rotation before the 24 h cut, and one liquidation per symbol per second at most.
 */
abstract class BinanceFuturesConnector implements ExchangeConnector {
    private final URI base;
    private final List<String> coins;

    BinanceFuturesConnector(URI base, List<String> coins) {
        this.base = base;
        this.coins = List.copyOf(coins);
    }

    /** Path of the combined-stream endpoint under the base ("/market/stream" or "/stream"). */
    abstract String streamPath();

    /** The native symbol of a coin ("BTC" -> "BTCUSDT" or "BTCUSD_PERP"). */
    abstract String symbolOf(String coin);

    public final List<String> symbols() {
        return coins.stream().map(c -> symbolOf(c.toUpperCase(Locale.ROOT))).collect(Collectors.toList());
    }

    @Override
    public final URI uri() {
        String streams = "!forceOrder@arr" + symbols().stream().map(s -> s.toLowerCase(Locale.ROOT))
                .map(s -> "/" + s + "@markPrice@1s/" + s + "@aggTrade").collect(Collectors.joining());
        return URI.create(base + streamPath() + "?streams=" + streams);
    }

    @Override
    public final List<String> subscribeMessages() {
        return List.of();
    }

    @Override
    public final String pingMessage() {
        return null;
    }

    @Override
    public final Duration pingInterval() {
        return Duration.ofSeconds(30);
    }

    @Override
    public final Duration staleAfter() {
        return Duration.ofSeconds(60); // markPrice@1s never goes quiet for long
    }

    @Override
    public final Duration maxConnectionAge() {
        return Duration.ofHours(23).plusMinutes(50);
    }

    /**
     * Binance answers nothing for a stream it does not list (the streams are in the URL): each symbol's
     * {@code markPrice@1s}, which pushes every second, shows a missing symbol within a minute.
     */
    @Override
    public final List<Watched> watchedStreams() {
        return symbols().stream().map(s -> s.toLowerCase(Locale.ROOT) + "@markPrice@1s")
                .map(st -> new Watched(st, "\"stream\":\"" + st + "\"", Duration.ofSeconds(60))).collect(Collectors.toList());
    }

    @Override
    public final Completeness completeness() {
        return Completeness.SAMPLED_1S_PER_SYMBOL;
    }
}
