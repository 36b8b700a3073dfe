package dev.cascade.core.venue.coinglass;

import dev.cascade.core.venue.Feed;
import dev.cascade.core.venue.Venue;

import java.util.Set;

/** CoinGlass aggregate buckets, as exported into the bundled data: replay only. */
public final class CoinglassVenue {
    /** Feed id. */
    public static final String FEED = "coinglass";
    public static final Venue VENUE = Venue.replayOnly(
            Feed.replayOnly(FEED, i -> new CoinglassNormalizer(), Set.of("symbol")));

    private CoinglassVenue() {
    }
}
