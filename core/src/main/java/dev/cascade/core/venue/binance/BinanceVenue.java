package dev.cascade.core.venue.binance;

import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.venue.Feed;
import dev.cascade.core.venue.InstrumentCatalog;
import dev.cascade.core.venue.RestPoll;
import dev.cascade.core.venue.Venue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Binance USD-M ({@code fstream}, sizes in base coin) and COIN-M ({@code dstream}, sizes in contracts of
 * {@code contractSize} USD), and the trades of Binance spot ({@code stream.binance.com}, USDT pairs). Open interest is
 * REST only, polled per symbol.
 */
public final class BinanceVenue {
    /** Feed id. */
    public static final String USDM_FEED = "binance-usdm";
    /** Feed id. */
    public static final String COINM_FEED = "binance-coinm";
    /** Feed id. */
    public static final String SPOT_FEED = "binance-spot";
    /** Symbol fields of Binance frames (stream events "s", REST "symbol"). */
    static final Set<String> SYMBOL_FIELDS = Set.of("s", "symbol");

    /**
     * Long/short account ratios are polled every minute for the last 3 five-minute periods: a new period shows within a
     * minute, and a poll or two missed loses nothing (re-sent rows are stored once). Binance keeps 30 days of them;
     * the endpoint costs no request weight but is limited to 1,000 requests per 5 minutes per IP. Declared before
     * USDM, which reads them while initializing.
     */
    static final int RATIO_ROWS = 3;
    static final Duration RATIO_EVERY = Duration.ofMinutes(1);

    public static final Venue USDM = new Venue(USDM_FEED, List.of("binance"), Venue.Selection.ALL,
            BinanceUsdmConnector.DEFAULT_BASE, URI.create("https://fapi.binance.com"),
            List.of(new Feed(USDM_FEED, i -> new BinanceNormalizer(false, i), SYMBOL_FIELDS,
                    BinanceUsdmConnector::new,
                    List.of(RestPoll.openInterest("/fapi/v1/openInterest", BinanceVenue::usdmSymbol, Duration.ofSeconds(5)),
                            RestPoll.longShortRatio("/futures/data/globalLongShortAccountRatio",
                                    coin -> "symbol=" + usdmSymbol(coin) + "&period=5m&limit=" + RATIO_ROWS, RATIO_EVERY)))),
            null, c -> { });

    public static final Venue COINM = new Venue(COINM_FEED, List.of("binance"), Venue.Selection.ALL,
            BinanceCoinmConnector.DEFAULT_BASE, URI.create("https://dapi.binance.com"),
            List.of(new Feed(COINM_FEED, i -> new BinanceNormalizer(true, i), SYMBOL_FIELDS,
                    BinanceCoinmConnector::new,
                    List.of(RestPoll.openInterest("/dapi/v1/openInterest", BinanceVenue::coinmSymbol, Duration.ofSeconds(5))))),
            new InstrumentCatalog("/dapi/v1/exchangeInfo", "symbols", "instruments", "contractSize", BinanceVenue::coinmRow),
            c -> { });

    /** Spot trades of the coins' USDT pairs: selected by "all" and "binance" alongside the futures. */
    public static final Venue SPOT = new Venue(SPOT_FEED, List.of("binance"), Venue.Selection.ALL,
            BinanceSpotConnector.DEFAULT_BASE, null,
            List.of(new Feed(SPOT_FEED, BinanceNormalizer::spot, SYMBOL_FIELDS, BinanceSpotConnector::new)),
            null, c -> { });

    private BinanceVenue() {
    }

    /** The spot pair of a coin: "BTC" -> "BTCUSDT" (the deepest USD-quoted pair on Binance spot). */
    public static String spotSymbol(String coin) {
        return coin + "USDT";
    }

    /** The USD-M perpetual of a coin: "BTC" -> "BTCUSDT". */
    public static String usdmSymbol(String coin) {
        return coin + "USDT";
    }

    /** The COIN-M perpetual of a coin: "BTC" -> "BTCUSD_PERP". */
    public static String coinmSymbol(String coin) {
        return coin + "USD_PERP";
    }

    /** The instrument a Binance symbol names: loaded or built in, else derived by {@link #derive}. */
    public static Instrument instrument(Instruments catalog, String nativeSymbol, boolean coinMargined) throws MalformedFrameException {
        return catalog.resolve(Exchange.BINANCE, nativeSymbol, s -> derive(s, coinMargined));
    }

    /**
     * USD-M "BTCUSDT" (perpetual), "BTCUSDT_250926" (dated); COIN-M "BTCUSD_PERP", "BTCUSD_200925" with the documented
     * contract sizes (100 USD for BTC, 10 USD for the rest) until exchangeInfo is loaded.
     */
    static Instrument derive(String nativeSymbol, boolean coinMargined) throws MalformedFrameException {
        int us = nativeSymbol.indexOf('_');
        String pair = us < 0 ? nativeSymbol : nativeSymbol.substring(0, us);
        String expiry = us < 0 ? "PERP" : nativeSymbol.substring(us + 1);
        if (expiry.isEmpty() || !expiry.equals("PERP") && !expiry.chars().allMatch(Character::isDigit)) {
            throw new MalformedFrameException("unrecognized Binance symbol: '" + nativeSymbol + "'");
        }
        String[] bq = Instruments.splitPair(pair);
        if (coinMargined) {
            long contract = ("BTC".equals(bq[0]) ? 100 : 10) * Fixed.ONE_E8;
            return new Instrument(Exchange.BINANCE, MarketType.INVERSE, nativeSymbol, bq[0] + "-USD-" + expiry, bq[0], "USD",
                    contract, QuantityUnit.CONTRACTS);
        }
        return new Instrument(Exchange.BINANCE, MarketType.LINEAR, nativeSymbol, bq[0] + "-" + bq[1] + "-" + expiry, bq[0],
                bq[1], Fixed.ONE_E8, QuantityUnit.BASE);
    }

    /** COIN-M {@code /dapi/v1/exchangeInfo} row: {@code contractSize} USD per contract. */
    static Instrument coinmRow(java.util.Map<String, Object> d) throws MalformedFrameException {
        String symbol = Json.str(d, "symbol");
        String baseAsset = Json.str(d, "baseAsset");
        int us = symbol.indexOf('_');
        String expiry = us < 0 ? "PERP" : symbol.substring(us + 1);
        return new Instrument(Exchange.BINANCE, MarketType.INVERSE, symbol, baseAsset + "-USD-" + expiry,
                baseAsset, "USD", Json.fixed(d, "contractSize", Fixed.E8), QuantityUnit.CONTRACTS);
    }
}
