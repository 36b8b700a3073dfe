package dev.cascade.feed;

import java.net.URI;
import java.util.List;

/**
 * Binance COIN-M futures on {@code dstream} (the /market split covers USD-M only): perpetuals {@code <COIN>USD_PERP}.
 * Sizes are contracts of {@code contractSize} USD, loaded by {@link InstrumentLoader#binanceCoinm}.
 */
public final class BinanceCoinmConnector extends BinanceFuturesConnector {
    public static final URI DEFAULT_BASE = URI.create("wss://dstream.binance.com");

    public BinanceCoinmConnector(URI base, List<String> coins) {
        super(base, coins);
    }

    @Override
    public String source() {
        return "binance-coinm";
    }

    @Override
    String streamPath() {
        return "/stream";
    }

    @Override
    String symbolOf(String coin) {
        return coin + "USD_PERP";
    }
}
