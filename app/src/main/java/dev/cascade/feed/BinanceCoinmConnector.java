package dev.cascade.feed;

import dev.cascade.core.model.Completeness;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Binance COIN-M futures ({@code dstream}; the /market split covers USD-M only): {@code !forceOrder@arr} and
 * {@code <pair>_perp@markPrice@1s}. Sizes are contracts of {@code contractSize} USD (loaded by
 * {@link InstrumentLoader#binanceCoinm}). Same 24 h limit and 1/s/symbol sampling as USD-M.
 */
public final class BinanceCoinmConnector implements ExchangeConnector {
    public static final URI DEFAULT_BASE = URI.create("wss://dstream.binance.com");
    private final URI base;
    private final List<String> coins;

    public BinanceCoinmConnector(URI base, List<String> coins) {
        this.base = base;
        this.coins = List.copyOf(coins);
    }

    /** BTC -> BTCUSD_PERP. */
    public List<String> symbols() {
        return coins.stream().map(c -> c.toUpperCase(Locale.ROOT) + "USD_PERP").collect(Collectors.toList());
    }

    @Override
    public String source() {
        return "binance-coinm";
    }

    @Override
    public URI uri() {
        String streams = "!forceOrder@arr" + symbols().stream().map(s -> "/" + s.toLowerCase(Locale.ROOT) + "@markPrice@1s")
                .collect(Collectors.joining());
        return URI.create(base + "/stream?streams=" + streams);
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
        return Duration.ofSeconds(60);
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
