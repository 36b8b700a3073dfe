package dev.cascade.core.venue.binance;

import dev.cascade.core.normalize.Sizes;
import java.net.URI;
import java.util.List;

/**
 * Binance COIN-M futures on {@code dstream} (the /market split covers USD-M only): perpetuals {@code <COIN>USD_PERP}.
 * Sizes are contracts of {@code contractSize} USD, loaded by the venue's exchangeInfo (see {@link BinanceVenue#COINM}).
 */
public final class BinanceCoinmConnector extends BinanceFuturesConnector {
    public static final URI DEFAULT_BASE = URI.create("wss://dstream.binance.com");

    public BinanceCoinmConnector(URI base, List<String> coins) {
        super(base, coins);
    }

    @Override
    public String source() {
        return BinanceVenue.COINM_FEED;
    }

    @Override
    String streamPath() {
        return "/stream";
    }

    @Override
    String symbolOf(String coin) {
        return BinanceVenue.coinmSymbol(coin);
    }
}
