package dev.cascade.core.venue.bybit;

import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.venue.Feed;
import dev.cascade.core.venue.RestPoll;
import dev.cascade.core.venue.Venue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bybit v5 public linear and inverse, and the trades of Bybit spot (USDT pairs). Sizes are base coin (linear) or USD (inverse), so no instrument list is needed:
 * the symbol says everything (rules in {@link #derive}).
 */
public final class BybitVenue {
    /** Feed id. */
    public static final String LINEAR_FEED = "bybit-linear";
    /** Feed id. */
    public static final String INVERSE_FEED = "bybit-inverse";
    /** Feed id. */
    public static final String SPOT_FEED = "bybit-spot";
    private static final Set<String> SYMBOL_FIELDS = Set.of("s", "symbol");

    /**
     * Long/short account ratios of the USDT perpetuals (category linear), polled every minute for the last 3
     * five-minute periods (re-sent rows are stored once). Declared before VENUE, which reads it while initializing.
     */
    private static final RestPoll ACCOUNT_RATIO = RestPoll.longShortRatio("/v5/market/account-ratio",
            coin -> "category=linear&symbol=" + perpetual(coin, MarketType.LINEAR) + "&period=5min&limit=3", Duration.ofMinutes(1));

    public static final Venue VENUE = new Venue("bybit", List.of(), Venue.Selection.ALL, BybitConnector.DEFAULT_BASE,
            URI.create("https://api.bybit.com"),
            List.of(feed(MarketType.LINEAR), feed(MarketType.INVERSE), feed(MarketType.SPOT)), null, c -> { });

    /** Inverse dated futures: "BTCUSDU23" = BTC, September 2023 (futures month codes). */
    private static final Pattern INVERSE_DATED = Pattern.compile("([A-Z0-9]+)USD([FGHJKMNQUVXZ])(\\d{2})");
    /** Dated expiries as Bybit writes them after the dash: "26DEC25". */
    private static final Pattern EXPIRY = Pattern.compile("\\d{1,2}[A-Z]{3}\\d{2}");
    private static final String MONTH_CODES = "FGHJKMNQUVXZ";
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

    private BybitVenue() {
    }

    /** The feed id of a Bybit market. */
    public static String feedOf(MarketType market) {
        return switch (market) {
            case INVERSE -> INVERSE_FEED;
            case SPOT -> SPOT_FEED;
            default -> LINEAR_FEED;
        };
    }

    private static Feed feed(MarketType market) {
        String source = feedOf(market);
        return new Feed(source, i -> new BybitNormalizer(market, i), SYMBOL_FIELDS,
                (base, coins) -> new BybitConnector(base, market, coins),
                market == MarketType.LINEAR ? List.of(ACCOUNT_RATIO) : List.of());
    }

    /** The native symbol of a coin's perpetual, "BTC" -> "BTCUSDT" (linear) or "BTCUSD" (inverse), or its spot pair "BTCUSDT". */
    public static String perpetual(String coin, MarketType market) {
        return coin + (market == MarketType.INVERSE ? "USD" : "USDT");
    }

    /**
     * Linear: "BTCUSDT" (USDT perpetual), "BTCPERP" (USDC perpetual), "BTC-26DEC25" (USDC dated future),
     * "BTCUSDT-26DEC25" (USDT dated future); sizes in base coin. Inverse: "BTCUSD" (perpetual), "BTCUSDU23" (dated,
     * month code and year); sizes in USD.
     */
    static Instrument derive(String s, MarketType market) throws MalformedFrameException {
        if (market == MarketType.INVERSE) {
            Matcher dated = INVERSE_DATED.matcher(s);
            if (dated.matches()) {
                String base = dated.group(1);
                String expiry = MONTHS[MONTH_CODES.indexOf(dated.group(2).charAt(0))] + dated.group(3);
                return new Instrument(Exchange.BYBIT, market, s, base + "-USD-" + expiry, base, "USD", Fixed.ONE_E8, QuantityUnit.USD);
            }
            if (!s.endsWith("USD") || s.length() == 3) {
                throw new MalformedFrameException("unrecognized Bybit inverse symbol: '" + s + "'");
            }
            String base = s.substring(0, s.length() - 3);
            return new Instrument(Exchange.BYBIT, market, s, base + "-USD-PERP", base, "USD", Fixed.ONE_E8, QuantityUnit.USD);
        }
        int dash = s.indexOf('-');
        if (dash > 0) {
            String head = s.substring(0, dash);
            String expiry = s.substring(dash + 1);
            if (!EXPIRY.matcher(expiry).matches()) {
                throw new MalformedFrameException("unrecognized Bybit dated symbol: '" + s + "'");
            }
            String base = head;
            String quote = "USDC";
            if (head.endsWith("USDT") || head.endsWith("USDC")) {
                String[] bq = Instruments.splitPair(head);
                base = bq[0];
                quote = bq[1];
            }
            return new Instrument(Exchange.BYBIT, market, s, base + "-" + quote + "-" + expiry, base, quote, Fixed.ONE_E8, QuantityUnit.BASE);
        }
        if (s.endsWith("PERP") && s.length() > 4) {
            String base = s.substring(0, s.length() - 4);
            return new Instrument(Exchange.BYBIT, market, s, base + "-USDC-PERP", base, "USDC", Fixed.ONE_E8, QuantityUnit.BASE);
        }
        String[] bq = Instruments.splitPair(s);
        return new Instrument(Exchange.BYBIT, market, s, bq[0] + "-" + bq[1] + "-PERP", bq[0], bq[1], Fixed.ONE_E8, QuantityUnit.BASE);
    }
}
