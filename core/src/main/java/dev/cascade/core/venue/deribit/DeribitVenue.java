package dev.cascade.core.venue.deribit;

import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.InstrumentKind;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.venue.Feed;
import dev.cascade.core.venue.Venue;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Deribit. Instrument names say everything ({@link #derive}): futures "BTC-PERPETUAL", "BTC-27DEC24" (inverse, amount
 * in USD) and "BTC_USDC-PERPETUAL" (linear, amount in coin); options "BTC-27DEC24-60000-C"; combos "BTC-FS-27DEC24_PERP",
 * "ETH-CS-27DEC24-3000_3200" and the other strategy codes.
 */
public final class DeribitVenue {
    /** Feed id. */
    public static final String FEED = "deribit";
    public static final Venue VENUE = new Venue(FEED, List.of(), Venue.Selection.ALL, DeribitConnector.DEFAULT_BASE, null,
            List.of(new Feed(FEED, DeribitNormalizer::new, Set.of("instrument_name"),
                    DeribitConnector::new)),
            null, c -> { });

    private static final Pattern EXPIRY = Pattern.compile("\\d{1,2}[A-Z]{3}\\d{2}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z0-9]{2,10}(_[A-Z]{3,5})?");
    private static final Pattern STRIKE = Pattern.compile("\\d+(d\\d+)?");
    private static final Pattern COMBO_CODE = Pattern.compile("[A-Z]{2,5}\\d{0,3}");

    private DeribitVenue() {
    }

    /** Classifies a Deribit instrument name; an unrecognized shape is rejected, never stored as a future. */
    public static Instrument derive(String name) throws MalformedFrameException {
        String[] parts = name.split("-", -1);
        if (parts.length < 2 || !CURRENCY.matcher(parts[0]).matches()) {
            throw new MalformedFrameException("unrecognized Deribit instrument " + name);
        }
        String head = parts[0];
        int us = head.indexOf('_');
        String base = us > 0 ? head.substring(0, us) : head;
        String quote = us > 0 ? head.substring(us + 1) : "USD";
        MarketType market = us > 0 ? MarketType.LINEAR : MarketType.INVERSE;
        InstrumentKind kind;
        String expiry;
        if (parts.length == 2 && ("PERPETUAL".equals(parts[1]) || EXPIRY.matcher(parts[1]).matches())) {
            kind = "PERPETUAL".equals(parts[1]) ? InstrumentKind.PERPETUAL : InstrumentKind.DATED_FUTURE;
            expiry = kind == InstrumentKind.PERPETUAL ? "PERP" : parts[1];
            // Inverse futures trade in USD; linear ones in coin.
            return new Instrument(Exchange.DERIBIT, market, name, base + "-" + quote + "-" + expiry, base, quote, Fixed.ONE_E8,
                    market == MarketType.INVERSE ? QuantityUnit.USD : QuantityUnit.BASE, kind);
        }
        if (parts.length == 4 && EXPIRY.matcher(parts[1]).matches() && STRIKE.matcher(parts[2]).matches()
                && ("C".equals(parts[3]) || "P".equals(parts[3]))) {
            kind = InstrumentKind.OPTION;
        } else if (parts.length >= 3 && COMBO_CODE.matcher(parts[1]).matches() && !EXPIRY.matcher(parts[1]).matches()) {
            kind = InstrumentKind.COMBO;
        } else {
            throw new MalformedFrameException("unrecognized Deribit instrument " + name);
        }
        // Options and combos trade in coin; Cascade classifies them and stores none of their data.
        return new Instrument(Exchange.DERIBIT, market, name, name, base, quote, Fixed.ONE_E8, QuantityUnit.BASE, kind);
    }
}
