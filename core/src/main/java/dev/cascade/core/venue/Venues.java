package dev.cascade.core.venue;

import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Normalizer;
import dev.cascade.core.venue.binance.BinanceVenue;
import dev.cascade.core.venue.bitget.BitgetVenue;
import dev.cascade.core.venue.bitmex.BitmexVenue;
import dev.cascade.core.venue.bybit.BybitVenue;
import dev.cascade.core.venue.coinglass.CoinglassVenue;
import dev.cascade.core.venue.deribit.DeribitVenue;
import dev.cascade.core.venue.gate.GateVenue;
import dev.cascade.core.venue.hyperliquid.HyperliquidVenue;
import dev.cascade.core.venue.synthetic.SyntheticVenue;
import dev.cascade.core.venue.okx.OkxVenue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one registry of venues: every place that needs something per venue (normalizers, connections, REST polls,
 * instrument lists and defaults, Kafka partition keys, the {@code --exchanges} names) asks here. Adding a venue is a
 * folder under {@code dev.cascade.core.venue} and one line below.
 */
public final class Venues {
    public static final List<Venue> ALL = List.of(
            BinanceVenue.USDM,
            BinanceVenue.COINM,
            BinanceVenue.SPOT,
            BybitVenue.VENUE,
            OkxVenue.VENUE,
            BitmexVenue.VENUE,
            DeribitVenue.VENUE,
            GateVenue.VENUE,
            BitgetVenue.VENUE,
            HyperliquidVenue.VENUE,
            CoinglassVenue.VENUE,
            SyntheticVenue.VENUE);

    private static final Map<String, Feed> FEEDS = new LinkedHashMap<>();
    private static final Map<String, Venue> VENUE_OF_FEED = new LinkedHashMap<>();

    static {
        for (Venue v : ALL) {
            for (Feed f : v.feeds()) {
                if (FEEDS.put(f.source(), f) != null) {
                    throw new ExceptionInInitializerError("feed id " + f.source() + " registered twice");
                }
                VENUE_OF_FEED.put(f.source(), v);
            }
        }
    }

    private Venues() {
    }

    /** Every feed id, in registry order. */
    public static List<String> sources() {
        return List.copyOf(FEEDS.keySet());
    }

    /** The feed with this id, or null. */
    public static Feed feed(String source) {
        return FEEDS.get(source);
    }

    /** The venue a feed belongs to. */
    public static Venue venueOf(Feed feed) {
        return VENUE_OF_FEED.get(feed.source());
    }

    /** A fresh normalizer for a feed id; an unknown id is an IllegalArgumentException naming the known ones. */
    public static Normalizer normalizer(String source, Instruments instruments) {
        Feed f = FEEDS.get(source);
        if (f == null) {
            throw new IllegalArgumentException("unknown source '" + source + "' (known: " + String.join(", ", FEEDS.keySet()) + ")");
        }
        return f.normalizer().apply(instruments);
    }

    /** Puts every venue's built-in instruments into {@code catalog}. */
    public static void addDefaults(Instruments catalog) {
        for (Venue v : ALL) {
            v.defaults().accept(catalog);
        }
    }

    /**
     * The live feeds that {@code --exchanges} names select: "all" (venues of {@link Venue.Selection#ALL}), a venue's
     * name, an alias ("binance") or one feed's id ("bybit-linear"). Unknown or replay-only names are an
     * IllegalArgumentException listing what is known.
     */
    public static List<Feed> select(List<String> names) {
        Set<Feed> out = new LinkedHashSet<>();
        for (String raw : names) {
            String n = raw.trim().toLowerCase(Locale.ROOT);
            if (n.isEmpty()) {
                continue;
            }
            List<Feed> matched = new ArrayList<>();
            for (Venue v : ALL) {
                if (v.selection() == Venue.Selection.REPLAY_ONLY) {
                    continue;
                }
                if (n.equals("all") && v.selection() == Venue.Selection.ALL || n.equals(v.name()) || v.aliases().contains(n)) {
                    matched.addAll(v.feeds());
                } else {
                    v.feeds().stream().filter(f -> f.source().equals(n)).forEach(matched::add);
                }
            }
            if (matched.isEmpty()) {
                throw new IllegalArgumentException("unknown exchange '" + raw + "' (known: " + String.join(", ", liveNames()) + ")");
            }
            out.addAll(matched);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no exchange given");
        }
        return new ArrayList<>(out);
    }

    /** Every name {@link #select} takes. */
    public static Set<String> liveNames() {
        Set<String> names = new TreeSet<>();
        names.add("all");
        for (Venue v : ALL) {
            if (v.selection() != Venue.Selection.REPLAY_ONLY) {
                names.add(v.name());
                names.addAll(v.aliases());
                v.feeds().forEach(f -> names.add(f.source()));
            }
        }
        return names;
    }

    /** Names of the venues "all" selects, in registry order. */
    public static List<String> defaultNames() {
        return ALL.stream().filter(v -> v.selection() == Venue.Selection.ALL).map(Venue::name).toList();
    }
}
