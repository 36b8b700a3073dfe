package dev.cascade.feed;

import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.MalformedFrameException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Loads contract metadata from each venue's REST instruments endpoint at start into the shared {@link Instruments}
 * catalog (which then caches it for the normalizers). Only venues whose sizes need it: OKX ({@code ctVal}),
 * Binance COIN-M ({@code contractSize}), BitMEX (inverse 1 USD contracts; linear {@code underlyingToPositionMultiplier}).
 * Bybit and Deribit sizes are already base coin or USD. A failure is an {@link IOException} with a one-line reason.
 */
public final class InstrumentLoader {
    public static final URI OKX_REST = URI.create("https://www.okx.com");
    public static final URI BINANCE_COINM_REST = URI.create("https://dapi.binance.com");
    public static final URI BITMEX_REST = URI.create("https://www.bitmex.com");
    public static final URI GATE_REST = URI.create("https://api.gateio.ws");

    private final HttpClient client;
    private final Instruments instruments;

    public InstrumentLoader(HttpClient client, Instruments instruments) {
        this.client = client;
        this.instruments = instruments;
    }

    private Object get(URI uri) throws IOException {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("HTTP " + r.statusCode() + " from " + uri);
            }
            return Json.parse(r.body());
        } catch (IOException e) {
            throw new IOException(e.getMessage() != null && e.getMessage().startsWith("HTTP ") ? e.getMessage() : NetErrors.describe(e, uri), e);
        } catch (MalformedFrameException e) {
            throw new IOException("unreadable instruments from " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** One venue's instrument row as an Instrument, or null for a row Cascade skips. */
    private interface RowReader {
        Instrument read(Map<String, Object> row) throws MalformedFrameException;
    }

    /** Puts every instrument {@code reader} makes of {@code rows}; a malformed row fails the load in one line. */
    private int load(Object rows, String what, RowReader reader) throws IOException {
        int n = 0;
        try {
            for (Object o : Json.arr(rows, what)) {
                Instrument i = reader.read(Json.obj(o, what + "[]"));
                if (i != null) {
                    instruments.put(i);
                    n++;
                }
            }
        } catch (MalformedFrameException | RuntimeException e) {
            throw new IOException("unreadable " + what + ": " + e.getMessage(), e);
        }
        return n;
    }

    /** OKX {@code /api/v5/public/instruments?instType=SWAP}: ctVal in base coin (linear) or USD (inverse). */
    public int okx(URI base) throws IOException {
        Map<String, Object> root = obj(get(URI.create(base + "/api/v5/public/instruments?instType=SWAP")));
        return load(root.get("data"), "OKX instruments", d -> {
            String instId = Json.str(d, "instId");
            String[] parts = instId.split("-");
            if (parts.length < 3) {
                return null;
            }
            boolean inverse = "inverse".equals(Json.optStr(d, "ctType"));
            String quote = inverse ? "USD" : parts[1];
            return new Instrument(Exchange.OKX, inverse ? MarketType.INVERSE : MarketType.LINEAR, instId,
                    parts[0] + "-" + quote + "-PERP", parts[0], quote, Json.fixed(d, "ctVal", Fixed.E8), QuantityUnit.CONTRACTS);
        });
    }

    /** Gate {@code /api/v4/futures/usdt/contracts}: {@code quanto_multiplier} base coin per contract. */
    public int gate(URI base) throws IOException {
        return load(get(URI.create(base + "/api/v4/futures/usdt/contracts")), "Gate contracts", d -> {
            String name = Json.str(d, "name");
            int us = name.indexOf('_');
            if (us <= 0) {
                return null;
            }
            String coin = name.substring(0, us);
            String quote = name.substring(us + 1);
            return new Instrument(Exchange.GATE, MarketType.LINEAR, name, coin + "-" + quote + "-PERP", coin, quote,
                    Json.fixed(d, "quanto_multiplier", Fixed.E8), QuantityUnit.CONTRACTS);
        });
    }

    /** Binance COIN-M {@code /dapi/v1/exchangeInfo}: {@code contractSize} USD per contract. */
    public int binanceCoinm(URI base) throws IOException {
        Map<String, Object> root = obj(get(URI.create(base + "/dapi/v1/exchangeInfo")));
        return load(root.get("symbols"), "Binance COIN-M exchangeInfo", d -> {
            String symbol = Json.str(d, "symbol");
            String baseAsset = Json.str(d, "baseAsset");
            int us = symbol.indexOf('_');
            String expiry = us < 0 ? "PERP" : symbol.substring(us + 1);
            return new Instrument(Exchange.BINANCE, MarketType.INVERSE, symbol, baseAsset + "-USD-" + expiry,
                    baseAsset, "USD", Json.fixed(d, "contractSize", Fixed.E8), QuantityUnit.CONTRACTS);
        });
    }

    /**
     * BitMEX {@code /api/v1/instrument/active}: inverse USD-quoted contracts are 1 USD each; linear ones hold
     * 1/underlyingToPositionMultiplier coin. Quanto contracts are skipped (their value depends on the XBT price).
     */
    public int bitmex(URI base) throws IOException {
        return load(get(URI.create(base + "/api/v1/instrument/active")), "BitMEX instruments", d -> {
            String symbol = Json.str(d, "symbol");
            String root = Json.optStr(d, "rootSymbol");
            String quote = Json.optStr(d, "quoteCurrency");
            if (root == null || quote == null || "true".equals(Json.optStr(d, "isQuanto"))) {
                return null;
            }
            String coin = "XBT".equals(root) ? "BTC" : root;
            String expiry = "FFWCSX".equals(Json.optStr(d, "typ")) ? "PERP" : symbol;
            if ("true".equals(Json.optStr(d, "isInverse"))) {
                return new Instrument(Exchange.BITMEX, MarketType.INVERSE, symbol, coin + "-USD-" + expiry, coin, "USD",
                        Fixed.ONE_E8, QuantityUnit.USD);
            }
            String mult = Json.optStr(d, "underlyingToPositionMultiplier");
            if (mult == null) {
                return null;
            }
            return new Instrument(Exchange.BITMEX, MarketType.LINEAR, symbol, coin + "-" + quote + "-" + expiry, coin, quote,
                    Fixed.divScaled(Fixed.ONE_E8, 0, Fixed.parse(mult, 0)), QuantityUnit.CONTRACTS);
        });
    }

    private static Map<String, Object> obj(Object o) throws IOException {
        try {
            return Json.obj(o, "response");
        } catch (MalformedFrameException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
