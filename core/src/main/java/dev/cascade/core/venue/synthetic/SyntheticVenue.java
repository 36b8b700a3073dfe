package dev.cascade.core.venue.synthetic;

import dev.cascade.core.venue.Feed;
import dev.cascade.core.venue.Venue;

import java.util.Set;

/** Generated crash data (labelled synthetic wherever it is shown): replay only. */
public final class SyntheticVenue {
    public static final Venue VENUE = Venue.replayOnly(
            Feed.replayOnly(SyntheticNormalizer.SOURCE, i -> new SyntheticNormalizer(), Set.of("venue")));

    private SyntheticVenue() {
    }
}
