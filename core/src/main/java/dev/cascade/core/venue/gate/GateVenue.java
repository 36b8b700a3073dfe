package dev.cascade.core.venue.gate;

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
import dev.cascade.core.venue.Venue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gate.io USDT futures. Sizes are contracts of {@code quanto_multiplier} base coin (the majors built in, the rest from
 * {@code /api/v4/futures/usdt/contracts}). Opt-in: its liquidation sign convention comes from third-party collectors.
 */
public final class GateVenue {
    /** Feed id. */
    public static final String FEED = "gate-usdt";
    public static final Venue VENUE = new Venue("gate", List.of(), Venue.Selection.OPT_IN, GateConnector.DEFAULT_BASE,
            URI.create("https://api.gateio.ws"),
            List.of(new Feed(FEED, GateNormalizer::new, Set.of("contract"), GateConnector::new)),
            new InstrumentCatalog("/api/v4/futures/usdt/contracts", null, "contracts", "quanto_multiplier", GateVenue::row),
            GateVenue::defaults);

    private GateVenue() {
    }

    static void defaults(Instruments c) {
        c.put(new Instrument(Exchange.GATE, MarketType.LINEAR, "BTC_USDT", "BTC-USDT-PERP", "BTC", "USDT", Fixed.ONE_E8 / 10_000, QuantityUnit.CONTRACTS));
        c.put(new Instrument(Exchange.GATE, MarketType.LINEAR, "ETH_USDT", "ETH-USDT-PERP", "ETH", "USDT", Fixed.ONE_E8 / 100, QuantityUnit.CONTRACTS));
    }

    /** The USDT perpetual of a coin: "BTC" -> "BTC_USDT". */
    public static String contract(String coin) {
        return coin + "_USDT";
    }

    /** One {@code /api/v4/futures/usdt/contracts} row: {@code quanto_multiplier} base coin per contract. */
    static Instrument row(Map<String, Object> d) throws MalformedFrameException {
        String name = Json.str(d, "name");
        int us = name.indexOf('_');
        if (us <= 0) {
            return null;
        }
        String coin = name.substring(0, us);
        String quote = name.substring(us + 1);
        return new Instrument(Exchange.GATE, MarketType.LINEAR, name, coin + "-" + quote + "-PERP", coin, quote,
                Json.fixed(d, "quanto_multiplier", Fixed.E8), QuantityUnit.CONTRACTS);
    }
}
