package dev.cascade.core.venue;

import dev.cascade.core.normalize.Instruments;

import java.net.URI;
import java.util.List;
import java.util.function.Consumer;

/**
 * One venue as Cascade reads it: its feeds, where it lives, how its instrument list maps to {@link
 * dev.cascade.core.model.Instrument}s and which instruments it knows without loading. Everything venue-specific sits
 * in the venue's folder; the app's generic WebSocket session, REST poller and HTTP loader take it from here.
 *
 * @param name      name on the command line and key of its base URLs ("binance-usdm", "bybit", "gate")
 * @param aliases   other names that select it ("binance" selects both Binance markets)
 * @param selection whether "all" includes it, or it must be named, or it is replayed only
 * @param wsBase    default WebSocket base URL, or null for a replay-only source
 * @param restBase  default REST base URL (instrument list, open-interest polls), or null
 * @param feeds     the feeds it produces, one normalizer each
 * @param catalog   its REST instrument list, or null where sizes need none
 * @param defaults  puts the instruments known without loading (documented contract sizes of the majors)
 */
public record Venue(String name, List<String> aliases, Selection selection, URI wsBase, URI restBase, List<Feed> feeds,
                    InstrumentCatalog catalog, Consumer<Instruments> defaults) {

    /** How a venue is selected by {@code --exchanges}. */
    public enum Selection {
        /** Part of "all". */
        ALL,
        /** Taken only when named: its conventions follow third-party collectors, not the venue's own pages. */
        OPT_IN,
        /** A recorded or generated source: replay only, nothing to connect to. */
        REPLAY_ONLY
    }

    public Venue {
        aliases = List.copyOf(aliases);
        feeds = List.copyOf(feeds);
    }

    /** A venue that is only ever replayed (aggregator exports, generated data). */
    public static Venue replayOnly(Feed feed) {
        return new Venue(feed.source(), List.of(), Selection.REPLAY_ONLY, null, null, List.of(feed), null, c -> { });
    }

    /** Key of this venue's REST base URL among the overridable URLs. */
    public String restKey() {
        return name + "-rest";
    }
}
