package dev.cascade.feed;

import dev.cascade.core.model.Completeness;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Binance USD-M futures on the {@code /market} root (legacy roots were retired 2026-04-23): all-market
 * {@code !forceOrder@arr} plus {@code <symbol>@markPrice@1s} per coin, as one combined stream in the URL, so a
 * reconnect resubscribes by itself. Binance pings at the protocol level (the JDK answers) and cuts links at 24 h,
 * so the link is rotated a little earlier. Open interest is REST only: see {@link OpenInterestPoller}.
 */
public final class BinanceUsdmConnector implements ExchangeConnector {
    public static final URI DEFAULT_BASE = URI.create("wss://fstream.binance.com");
    private final URI base;
    private final List<String> coins;

    public BinanceUsdmConnector(URI base, List<String> coins) {
        this.base = base;
        this.coins = List.copyOf(coins);
    }

    /** Native symbols of the coins (BTC -> BTCUSDT). */
    public List<String> symbols() {
        return coins.stream().map(c -> c.toUpperCase(Locale.ROOT) + "USDT").collect(Collectors.toList());
    }

    @Override
    public String source() {
        return "binance-usdm";
    }

    @Override
    public URI uri() {
        String streams = "!forceOrder@arr" + symbols().stream().map(s -> "/" + s.toLowerCase(Locale.ROOT) + "@markPrice@1s")
                .collect(Collectors.joining());
        return URI.create(base + "/market/stream?streams=" + streams);
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

    @Override
    public Duration staleAfter() {
        return Duration.ofSeconds(60); // markPrice@1s never goes quiet for long
    }

    @Override
    public Duration maxConnectionAge() {
        return Duration.ofHours(23).plusMinutes(50);
    }

    @Override
    public Completeness completeness() {
        return Completeness.SAMPLED_1S_PER_SYMBOL;
    }
}
