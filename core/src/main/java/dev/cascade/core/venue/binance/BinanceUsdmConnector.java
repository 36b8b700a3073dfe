package dev.cascade.core.venue.binance;

import java.net.URI;
import java.util.List;

/**
 * Binance USD-M futures on the {@code /market} root (legacy roots were retired 2026-04-23; forceOrder and markPrice
 * live on /market). Open interest is REST only, polled by the app (BinanceVenue).
 */
public final class BinanceUsdmConnector extends BinanceFuturesConnector {
    public static final URI DEFAULT_BASE = URI.create("wss://fstream.binance.com");

    public BinanceUsdmConnector(URI base, List<String> coins) {
        super(base, coins);
    }

    @Override
    public String source() {
        return BinanceVenue.USDM_FEED;
    }

    @Override
    String streamPath() {
        return "/market/stream";
    }

    @Override
    String symbolOf(String coin) {
        return BinanceVenue.usdmSymbol(coin);
    }
}
