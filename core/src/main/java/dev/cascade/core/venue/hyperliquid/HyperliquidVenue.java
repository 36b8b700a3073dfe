package dev.cascade.core.venue.hyperliquid;

import dev.cascade.core.venue.Feed;
import dev.cascade.core.venue.Venue;

import java.util.Set;

/** Hyperliquid perpetuals: recorded frames only (no live connection yet, and no public liquidation channel). */
public final class HyperliquidVenue {
    /** Feed id. */
    public static final String FEED = "hyperliquid";
    public static final Venue VENUE = Venue.replayOnly(
            Feed.replayOnly(FEED, i -> new HyperliquidNormalizer(), Set.of("coin")));

    private HyperliquidVenue() {
    }
}
