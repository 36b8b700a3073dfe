package dev.cascade.core.normalize;

import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.InstrumentKind;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.venue.Venues;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Instrument catalog: contract sizes, kinds and unified symbols. Connectors load venue metadata at start
 * ({@link #put}); until then each venue's built-in defaults and symbol rules (in its folder under
 * {@code dev.cascade.core.venue}) are used. A contract-sized instrument with no known contract value is an error, never
 * a guess (OKX sizes would be off by 10-1000x).
 */
public final class Instruments {
    /**
     * Instruments derived from symbols in frames are cached up to this many: frames are untrusted, and a stream of
     * made-up symbols must not grow the catalog without end. Loaded instruments are always kept.
     */
    static final int MAX_DERIVED = 20_000;

    /** A venue's symbol rule: the instrument a native symbol names, or a MalformedFrameException saying why not. */
    @FunctionalInterface
    public interface Rule {
        Instrument derive(String nativeSymbol) throws MalformedFrameException;
    }

    private final Map<String, Instrument> byKey = new ConcurrentHashMap<>();

    /** A catalog holding every venue's built-in defaults. */
    public static Instruments withDefaults() {
        Instruments c = new Instruments();
        Venues.addDefaults(c);
        return c;
    }

    public void put(Instrument i) {
        byKey.put(key(i.exchange(), i.nativeSymbol()), i);
    }

    public Instrument find(Exchange e, String nativeSymbol) {
        return byKey.get(key(e, nativeSymbol));
    }

    /** The known instrument, else the one {@code rule} derives from the symbol (cached while the catalog is small). */
    public Instrument resolve(Exchange e, String nativeSymbol, Rule rule) throws MalformedFrameException {
        Instrument known = find(e, nativeSymbol);
        if (known != null) {
            return known;
        }
        Instrument derived = rule.derive(nativeSymbol);
        if (byKey.size() < MAX_DERIVED) {
            put(derived);
        }
        return derived;
    }

    /** The known instrument; a venue whose sizes need loaded metadata ({@code what}) has no rule to guess one. */
    public Instrument require(Exchange e, String nativeSymbol, String what) throws MalformedFrameException {
        Instrument known = find(e, nativeSymbol);
        if (known == null) {
            throw new MalformedFrameException(e.id() + " instrument " + nativeSymbol + " has no known " + what
                    + "; load instruments first");
        }
        return known;
    }

    public int size() {
        return byKey.size();
    }

    private static String key(Exchange e, String s) {
        return e.ordinal() + ":" + s;
    }

    private static final String[] QUOTES = {"USDT", "USDC", "FDUSD", "BUSD", "USD"};
    /** Spot quotes whose prices are taken as USD: the dollar and the two stablecoins Cascade's spot feeds subscribe to. */
    private static final Set<String> USD_SPOT_QUOTES = Set.of("USDT", "USDC", "USD");

    /**
     * The cash pair a spot symbol names ("BTCUSDT" -> {@code BTC-USDT}, kind SPOT, size in base coin). Only USD, USDT
     * and USDC quotes are taken, their prices as USD (a stablecoin's small drift from $1 is not corrected), so a trade's
     * notional is price x size in USD; any other quote is a rejection, never a notional in the wrong currency. Spot
     * instruments are never put in the catalog: Binance and Bybit spell a spot pair and its linear perpetual the same
     * ("BTCUSDT"), and the catalog is keyed by venue and symbol.
     */
    public static Instrument spot(Exchange e, String nativeSymbol) throws MalformedFrameException {
        String[] bq = splitPair(nativeSymbol);
        if (!USD_SPOT_QUOTES.contains(bq[1])) {
            throw new MalformedFrameException("spot pair " + nativeSymbol + " is not quoted in USD, USDT or USDC");
        }
        return new Instrument(e, MarketType.SPOT, nativeSymbol, bq[0] + "-" + bq[1], bq[0], bq[1],
                Fixed.ONE_E8, QuantityUnit.BASE, InstrumentKind.SPOT);
    }

    /** "BTCUSDT" -> [BTC, USDT]; XBT is spelled BTC. */
    public static String[] splitPair(String pair) throws MalformedFrameException {
        for (String q : QUOTES) {
            if (pair.endsWith(q) && pair.length() > q.length()) {
                String base = pair.substring(0, pair.length() - q.length());
                return new String[]{"XBT".equals(base) ? "BTC" : base, q};
            }
        }
        throw new MalformedFrameException("cannot split symbol into base and quote: '" + pair + "'");
    }
}
