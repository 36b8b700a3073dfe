package dev.cascade.core.venue.okx;

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
import java.util.Map;
import java.util.Set;

/**
 * OKX v5. Sizes are contracts of {@code ctVal}: base coin for linear swaps, USD for inverse ones. The majors' values
 * are built in; the rest come from {@code /api/v5/public/instruments} (every swap, since the liquidation channel is
 * per instrument type and names any of them).
 */
public final class OkxVenue {
    /** Feed id. */
    public static final String FEED = "okx";
    /*
     * The long/short account ratio of each coin's USDT swap is polled every minute for the last 3 five-minute periods.
     * OKX allows 5 requests per 2 s per IP on its trading-statistics endpoints: the poller asks one coin after another
     * and backs off on HTTP 429, so five coins fit.
     */
    public static final Venue VENUE = new Venue(FEED, List.of(), Venue.Selection.ALL, OkxConnector.DEFAULT_BASE,
            URI.create("https://www.okx.com"),
            List.of(new Feed(FEED, OkxNormalizer::new, Set.of("instId"), OkxConnector::new, List.of(RestPoll.longShortRatio(
                    "/api/v5/rubik/stat/contracts/long-short-account-ratio-contract",
                    coin -> "instId=" + coin + "-USDT-SWAP&period=5m&limit=3", Duration.ofMinutes(1))))),
            new InstrumentCatalog("/api/v5/public/instruments?instType=SWAP", "data", "swap instruments", "ctVal", OkxVenue::row),
            OkxVenue::defaults);

    private OkxVenue() {
    }

    /** ctVal of the majors' swaps, as /api/v5/public/instruments lists them. */
    static void defaults(Instruments c) {
        c.put(linear("BTC", Fixed.ONE_E8 / 100));
        c.put(linear("ETH", Fixed.ONE_E8 / 10));
        c.put(linear("SOL", Fixed.ONE_E8));
        c.put(new Instrument(Exchange.OKX, MarketType.INVERSE, "BTC-USD-SWAP", "BTC-USD-PERP", "BTC", "USD", 100 * Fixed.ONE_E8, QuantityUnit.CONTRACTS));
        c.put(new Instrument(Exchange.OKX, MarketType.INVERSE, "ETH-USD-SWAP", "ETH-USD-PERP", "ETH", "USD", 10 * Fixed.ONE_E8, QuantityUnit.CONTRACTS));
    }

    private static Instrument linear(String coin, long ctVal) {
        return new Instrument(Exchange.OKX, MarketType.LINEAR, coin + "-USDT-SWAP", coin + "-USDT-PERP", coin, "USDT", ctVal,
                QuantityUnit.CONTRACTS);
    }

    /** One {@code /api/v5/public/instruments?instType=SWAP} row: ctVal in base coin (linear) or USD (inverse). */
    static Instrument row(Map<String, Object> d) throws MalformedFrameException {
        String instId = Json.str(d, "instId");
        String[] parts = instId.split("-");
        if (parts.length != 3 || !"SWAP".equals(parts[2])) {
            return null;
        }
        boolean inverse = "inverse".equals(Json.optStr(d, "ctType"));
        String quote = inverse ? "USD" : parts[1];
        return new Instrument(Exchange.OKX, inverse ? MarketType.INVERSE : MarketType.LINEAR, instId,
                parts[0] + "-" + quote + "-PERP", parts[0], quote, Json.fixed(d, "ctVal", Fixed.E8), QuantityUnit.CONTRACTS);
    }

    /**
     * A swap known only by its id, for what needs no contract size (funding rates): "PEPE-USDT-SWAP" linear,
     * "PEPE-USD-SWAP" inverse. Its contract value is 0, so sizing anything with it fails loudly.
     */
    static Instrument unsized(String instId) throws MalformedFrameException {
        String[] parts = instId.split("-");
        if (parts.length != 3 || !"SWAP".equals(parts[2]) || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new MalformedFrameException("unrecognized OKX swap: '" + instId + "'");
        }
        boolean inverse = "USD".equals(parts[1]);
        return new Instrument(Exchange.OKX, inverse ? MarketType.INVERSE : MarketType.LINEAR, instId,
                parts[0] + "-" + parts[1] + "-PERP", parts[0], parts[1], 0, QuantityUnit.CONTRACTS);
    }

    /** The swaps of a coin: "BTC" -> BTC-USDT-SWAP, BTC-USD-SWAP. */
    public static List<String> swaps(String coin) {
        return List.of(coin + "-USDT-SWAP", coin + "-USD-SWAP");
    }
}
