package dev.cascade.core.venue.bitget;

import dev.cascade.core.venue.Feed;
import dev.cascade.core.venue.Venue;

import java.util.List;
import java.util.Set;

/** Bitget UTA USDT futures: the market-wide liquidation topic. Opt-in: its side and amount units are unverified. */
public final class BitgetVenue {
    /** Feed id. */
    public static final String FEED = "bitget-usdt";
    public static final Venue VENUE = new Venue("bitget", List.of(), Venue.Selection.OPT_IN, BitgetConnector.DEFAULT_BASE, null,
            List.of(new Feed(FEED, i -> new BitgetNormalizer(), Set.of("symbol"),
                    (base, coins) -> new BitgetConnector(base))),
            null, c -> { });

    private BitgetVenue() {
    }
}
