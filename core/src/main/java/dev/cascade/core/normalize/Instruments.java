package dev.cascade.core.normalize;

import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Instrument catalog: contract sizes and unified symbols. Connectors load venue metadata at start
 * ({@link #put}); until then, documented defaults and symbol conventions are used. A contract-sized
 * instrument with no known contract value is an error, never a guess (OKX sizes would be off by 10-1000x).
 */
public final class Instruments {
    private final Map<String, Instrument> byKey = new ConcurrentHashMap<>();

    public static Instruments withDefaults() {
        Instruments c = new Instruments();
        // Binance COIN-M: 100 USD per contract for BTC, 10 USD for the rest (dapi exchangeInfo contractSize).
        // OKX ctVal from /api/v5/public/instruments for the majors; the rest must be loaded.
        c.put(new Instrument(Exchange.OKX, MarketType.LINEAR, "BTC-USDT-SWAP", "BTC-USDT-PERP", "BTC", "USDT", Fixed.ONE_E8 / 100, QuantityUnit.CONTRACTS));
        c.put(new Instrument(Exchange.OKX, MarketType.LINEAR, "ETH-USDT-SWAP", "ETH-USDT-PERP", "ETH", "USDT", Fixed.ONE_E8 / 10, QuantityUnit.CONTRACTS));
        c.put(new Instrument(Exchange.OKX, MarketType.LINEAR, "SOL-USDT-SWAP", "SOL-USDT-PERP", "SOL", "USDT", Fixed.ONE_E8, QuantityUnit.CONTRACTS));
        c.put(new Instrument(Exchange.OKX, MarketType.INVERSE, "BTC-USD-SWAP", "BTC-USD-PERP", "BTC", "USD", 100 * Fixed.ONE_E8, QuantityUnit.CONTRACTS));
        c.put(new Instrument(Exchange.OKX, MarketType.INVERSE, "ETH-USD-SWAP", "ETH-USD-PERP", "ETH", "USD", 10 * Fixed.ONE_E8, QuantityUnit.CONTRACTS));
        // BitMEX XBTUSD: inverse, 1 USD per contract.
        c.put(new Instrument(Exchange.BITMEX, MarketType.INVERSE, "XBTUSD", "BTC-USD-PERP", "BTC", "USD", Fixed.ONE_E8, QuantityUnit.USD));
        // Gate quanto_multiplier from /futures/usdt/contracts for the majors; the rest must be loaded.
        c.put(new Instrument(Exchange.GATE, MarketType.LINEAR, "BTC_USDT", "BTC-USDT-PERP", "BTC", "USDT", Fixed.ONE_E8 / 10_000, QuantityUnit.CONTRACTS));
        c.put(new Instrument(Exchange.GATE, MarketType.LINEAR, "ETH_USDT", "ETH-USDT-PERP", "ETH", "USDT", Fixed.ONE_E8 / 100, QuantityUnit.CONTRACTS));
        c.put(new Instrument(Exchange.BITMEX, MarketType.INVERSE, "ETHUSD", "ETH-USD-PERP", "ETH", "USD", Fixed.ONE_E8, QuantityUnit.USD));
        return c;
    }

    public void put(Instrument i) {
        byKey.put(key(i.exchange(), i.nativeSymbol()), i);
    }

    public Instrument find(Exchange e, String nativeSymbol) {
        return byKey.get(key(e, nativeSymbol));
    }

    public int size() {
        return byKey.size();
    }

    private static String key(Exchange e, String s) {
        return e.ordinal() + ":" + s;
    }

    /** Binance USD-M ("BTCUSDT", "BTCUSDT_250926") and COIN-M ("BTCUSD_PERP", "BTCUSD_200925"). */
    public Instrument binance(String nativeSymbol, boolean coinMargined) throws MalformedFrameException {
        Instrument known = find(Exchange.BINANCE, nativeSymbol);
        if (known != null) {
            return known;
        }
        int us = nativeSymbol.indexOf('_');
        String pair = us < 0 ? nativeSymbol : nativeSymbol.substring(0, us);
        String expiry = us < 0 ? "PERP" : nativeSymbol.substring(us + 1);
        String[] bq = splitPair(pair);
        Instrument i;
        if (coinMargined) {
            long contract = ("BTC".equals(bq[0]) ? 100 : 10) * Fixed.ONE_E8;
            i = new Instrument(Exchange.BINANCE, MarketType.INVERSE, nativeSymbol, bq[0] + "-USD-" + expiry, bq[0], "USD", contract, QuantityUnit.CONTRACTS);
        } else {
            i = new Instrument(Exchange.BINANCE, MarketType.LINEAR, nativeSymbol, bq[0] + "-" + bq[1] + "-" + expiry, bq[0], bq[1], Fixed.ONE_E8, QuantityUnit.BASE);
        }
        put(i);
        return i;
    }

    /** Bybit: linear ("BTCUSDT", "BTCPERP" = USDC perp, "BTC-26DEC25") sizes in base; inverse ("BTCUSD") sizes in USD. */
    public Instrument bybit(String nativeSymbol, MarketType market) throws MalformedFrameException {
        Instrument known = find(Exchange.BYBIT, nativeSymbol);
        if (known != null) {
            return known;
        }
        Instrument i;
        if (market == MarketType.INVERSE) {
            String base = nativeSymbol.endsWith("USD") ? nativeSymbol.substring(0, nativeSymbol.length() - 3) : splitPair(nativeSymbol)[0];
            i = new Instrument(Exchange.BYBIT, market, nativeSymbol, base + "-USD-PERP", base, "USD", Fixed.ONE_E8, QuantityUnit.USD);
        } else if (nativeSymbol.endsWith("PERP")) {
            String base = nativeSymbol.substring(0, nativeSymbol.length() - 4);
            i = new Instrument(Exchange.BYBIT, market, nativeSymbol, base + "-USDC-PERP", base, "USDC", Fixed.ONE_E8, QuantityUnit.BASE);
        } else if (nativeSymbol.contains("-")) {
            String[] parts = nativeSymbol.split("-");
            i = new Instrument(Exchange.BYBIT, market, nativeSymbol, parts[0] + "-USDC-" + parts[1], parts[0], "USDC", Fixed.ONE_E8, QuantityUnit.BASE);
        } else {
            String[] bq = splitPair(nativeSymbol);
            i = new Instrument(Exchange.BYBIT, market, nativeSymbol, bq[0] + "-" + bq[1] + "-PERP", bq[0], bq[1], Fixed.ONE_E8, QuantityUnit.BASE);
        }
        put(i);
        return i;
    }

    /** OKX: contract value must be known (defaults for majors, the rest from /api/v5/public/instruments). */
    public Instrument okx(String instId) throws MalformedFrameException {
        Instrument known = find(Exchange.OKX, instId);
        if (known == null) {
            throw new MalformedFrameException("OKX instrument " + instId + " has no known ctVal; load instruments first");
        }
        return known;
    }

    /** Deribit: "BTC-PERPETUAL" inverse (amount in USD); "BTC_USDC-PERPETUAL" linear (amount in coin); dated "BTC-27DEC24". */
    public Instrument deribit(String name) throws MalformedFrameException {
        Instrument known = find(Exchange.DERIBIT, name);
        if (known != null) {
            return known;
        }
        int dash = name.indexOf('-');
        if (dash < 0) {
            throw new MalformedFrameException("unrecognized Deribit instrument " + name);
        }
        String head = name.substring(0, dash);
        String tail = name.substring(dash + 1);
        String expiry = "PERPETUAL".equals(tail) ? "PERP" : tail;
        Instrument i;
        int us = head.indexOf('_');
        if (us > 0) {
            String base = head.substring(0, us);
            String quote = head.substring(us + 1);
            i = new Instrument(Exchange.DERIBIT, MarketType.LINEAR, name, base + "-" + quote + "-" + expiry, base, quote, Fixed.ONE_E8, QuantityUnit.BASE);
        } else {
            i = new Instrument(Exchange.DERIBIT, MarketType.INVERSE, name, head + "-USD-" + expiry, head, "USD", Fixed.ONE_E8, QuantityUnit.USD);
        }
        put(i);
        return i;
    }

    public Instrument bitmex(String symbol) throws MalformedFrameException {
        Instrument known = find(Exchange.BITMEX, symbol);
        if (known == null) {
            throw new MalformedFrameException("BitMEX instrument " + symbol + " has no known multiplier; load instruments first");
        }
        return known;
    }

    private static final String[] QUOTES = {"USDT", "USDC", "FDUSD", "BUSD", "USD"};

    static String[] splitPair(String pair) throws MalformedFrameException {
        for (String q : QUOTES) {
            if (pair.endsWith(q) && pair.length() > q.length()) {
                String base = pair.substring(0, pair.length() - q.length());
                return new String[]{"XBT".equals(base) ? "BTC" : base, q};
            }
        }
        throw new MalformedFrameException("cannot split symbol '" + pair + "' into base and quote");
    }
}
