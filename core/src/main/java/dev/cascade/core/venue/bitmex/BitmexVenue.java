package dev.cascade.core.venue.bitmex;

import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.InstrumentKind;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.venue.Feed;
import dev.cascade.core.venue.InstrumentCatalog;
import dev.cascade.core.venue.Venue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BitMEX lists three kinds of contract (its contract guides): inverse (XBTUSD: 1 USD a contract), linear (XBTUSDT
 * and the other USDT contracts: a fixed amount of base coin) and quanto (ETHUSD and others: a fixed amount of XBT per
 * USD of the instrument's price; ETHUSD 0.000001 XBT, so a contract's USD value also needs the XBT price). The
 * instrument list's {@code isInverse}, {@code isQuanto}, {@code multiplier} and {@code settlCurrency} say which.
 */
public final class BitmexVenue {
    /** Feed id. */
    public static final String FEED = "bitmex";
    /** XBt (satoshis) per XBT: BitMEX's multipliers for XBT-settled contracts are in satoshis. */
    private static final long SATOSHIS = 100_000_000L;
    /** USDt units per USDT (BitMEX counts USDT in millionths). */
    private static final long USDT_UNITS = 1_000_000L;

    public static final Venue VENUE = new Venue(FEED, List.of(), Venue.Selection.ALL, BitmexConnector.DEFAULT_BASE,
            URI.create("https://www.bitmex.com"),
            List.of(new Feed(FEED, BitmexNormalizer::new, Set.of("symbol"),
                    (base, coins) -> new BitmexConnector(base))),
            new InstrumentCatalog("/api/v1/instrument/active", null, "instruments", null, BitmexVenue::row),
            BitmexVenue::defaults);

    private BitmexVenue() {
    }

    static void defaults(Instruments c) {
        c.put(new Instrument(Exchange.BITMEX, MarketType.INVERSE, "XBTUSD", "BTC-USD-PERP", "BTC", "USD", Fixed.ONE_E8, QuantityUnit.USD));
        // ETHUSD quanto: multiplier 100 XBt = 0.000001 XBT per contract per USD of the ETH price.
        c.put(new Instrument(Exchange.BITMEX, MarketType.QUANTO, "ETHUSD", "ETH-USD-PERP", "ETH", "USD", 100, QuantityUnit.CONTRACTS));
    }

    /**
     * One {@code /api/v1/instrument/active} row. Perpetuals ({@code typ} FFWCSX) and dated futures (FFCCSX) are kept
     * with their kind; indices, options, spot and anything else are skipped.
     */
    static Instrument row(Map<String, Object> d) throws MalformedFrameException {
        String symbol = Json.str(d, "symbol");
        String typ = Json.optStr(d, "typ");
        InstrumentKind kind;
        if ("FFWCSX".equals(typ)) {
            kind = InstrumentKind.PERPETUAL;
        } else if ("FFCCSX".equals(typ)) {
            kind = InstrumentKind.DATED_FUTURE;
        } else {
            return null;
        }
        String root = Json.optStr(d, "rootSymbol");
        String quote = Json.optStr(d, "quoteCurrency");
        if (root == null || quote == null) {
            return null;
        }
        String coin = "XBT".equals(root) ? "BTC" : root;
        String expiry = kind == InstrumentKind.PERPETUAL ? "PERP" : symbol;
        String settle = Json.optStr(d, "settlCurrency");
        if ("true".equals(Json.optStr(d, "isQuanto"))) {
            long multiplier = Math.abs(Json.integer(d, "multiplier"));
            if ("XBt".equalsIgnoreCase(settle)) {
                // Satoshis per contract per USD of price = XBT e8 per contract per USD of price.
                return new Instrument(Exchange.BITMEX, MarketType.QUANTO, symbol, coin + "-" + quote + "-" + expiry, coin,
                        quote, multiplier * Fixed.ONE_E8 / SATOSHIS, QuantityUnit.CONTRACTS, kind);
            }
            if ("USDt".equalsIgnoreCase(settle)) {
                // Settled in USDT: a contract is worth multiplier millionths of USDT per USD of price, i.e. a fixed
                // amount of base coin: linear.
                return new Instrument(Exchange.BITMEX, MarketType.LINEAR, symbol, coin + "-" + quote + "-" + expiry, coin,
                        quote, Fixed.divScaled(multiplier, Fixed.E8, USDT_UNITS), QuantityUnit.CONTRACTS, kind);
            }
            return null;
        }
        if ("true".equals(Json.optStr(d, "isInverse"))) {
            return new Instrument(Exchange.BITMEX, MarketType.INVERSE, symbol, coin + "-USD-" + expiry, coin, "USD",
                    Fixed.ONE_E8, QuantityUnit.USD, kind);
        }
        String mult = Json.optStr(d, "underlyingToPositionMultiplier");
        if (mult == null) {
            return null;
        }
        return new Instrument(Exchange.BITMEX, MarketType.LINEAR, symbol, coin + "-" + quote + "-" + expiry, coin, quote,
                Fixed.divScaled(Fixed.ONE_E8, 0, Fixed.parse(mult, 0)), QuantityUnit.CONTRACTS, kind);
    }
}
