package dev.cascade.feed;

import dev.cascade.core.venue.ExchangeConnector;
import dev.cascade.core.venue.Feed;
import dev.cascade.core.venue.RestPoll;
import dev.cascade.core.venue.Venue;
import dev.cascade.core.venue.Venues;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which connectors, pollers and metadata loads a {@code cascade ingest --exchanges ... --symbols ...} needs, with every
 * base URL overridable (tests and the soak run use 127.0.0.1 fakes; defaults are the venues' public hosts). Everything
 * per venue comes from the registry ({@link Venues}); this only puts it together.
 */
public final class IngestPlan {
    /** The venues "all" selects (opt-in venues such as Gate and Bitget are taken only when named). */
    public static final List<String> ALL = Venues.defaultNames();
    public static final List<String> DEFAULT_COINS = List.of("BTC", "ETH", "SOL", "XRP", "DOGE");
    private static final Pattern COIN = Pattern.compile("[A-Z0-9]{1,15}");

    /** Base URL keys and their defaults: each live venue's name (WebSocket) and, where it has one, name-rest. */
    public static Map<String, URI> defaultUrls() {
        Map<String, URI> m = new LinkedHashMap<>();
        for (Venue v : Venues.ALL) {
            if (v.wsBase() != null) {
                m.put(v.name(), v.wsBase());
            }
            if (v.restBase() != null) {
                m.put(v.restKey(), v.restBase());
            }
        }
        return m;
    }

    public record Plan(List<String> exchanges, List<String> coins, List<ExchangeConnector> connectors,
                       List<PollSpec> polls, Map<String, URI> urls) {
    }

    private IngestPlan() {
    }

    /**
     * The feed ids the names select: "all", a venue ("okx"), an alias ("binance" = both Binance markets) or one feed
     * ("bybit-linear"); unknown names are rejected with the known ones.
     */
    public static List<String> exchanges(List<String> names) {
        return Venues.select(names).stream().map(Feed::source).toList();
    }

    public static List<String> coins(List<String> raw) {
        List<String> out = new ArrayList<>();
        for (String r : raw) {
            String c = r.trim().toUpperCase(Locale.ROOT);
            if (c.isEmpty()) {
                continue;
            }
            if (!COIN.matcher(c).matches()) {
                throw new IllegalArgumentException("bad symbol '" + r + "': use coin names such as BTC,ETH,SOL");
            }
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no symbol given");
        }
        return out;
    }

    /** Overrides must name a known key and be ws(s):// or http(s):// URLs. */
    public static Map<String, URI> urls(Map<String, String> overrides) {
        Map<String, URI> m = defaultUrls();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (!m.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown URL key '" + e.getKey() + "' (known: " + String.join(", ", m.keySet()) + ")");
            }
            URI u;
            try {
                u = URI.create(e.getValue().replaceAll("/+$", ""));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("bad URL for " + e.getKey() + ": " + e.getValue());
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme();
            boolean rest = e.getKey().endsWith("-rest");
            if (rest ? !scheme.matches("https?") : !scheme.matches("wss?")) {
                throw new IllegalArgumentException("URL for " + e.getKey() + " must be " + (rest ? "http(s)" : "ws(s)") + "://, got " + e.getValue());
            }
            m.put(e.getKey(), u);
        }
        return m;
    }

    /** The connectors of {@code feeds} and their REST polls of the {@code polled} kinds. */
    public static Plan build(List<String> feeds, List<String> coins, Map<String, URI> urls, Set<RestPoll.Kind> polled) {
        List<ExchangeConnector> cs = new ArrayList<>();
        List<PollSpec> polls = new ArrayList<>();
        for (String source : feeds) {
            Feed f = Venues.feed(source);
            if (f == null || f.connector() == null) {
                throw new IllegalArgumentException("unknown exchange " + source);
            }
            Venue v = Venues.venueOf(f);
            cs.add(f.connector().apply(urls.get(v.name()), coins));
            for (RestPoll p : f.polls()) {
                if (polled.contains(p.kind())) {
                    polls.add(new PollSpec(source, urls.get(v.restKey()), p, p.queries(coins)));
                }
            }
        }
        return new Plan(feeds, coins, cs, polls, urls);
    }

    /** Loads contract metadata for the venues that list it; one line per venue saying what happened. */
    public static List<String> loadInstruments(Plan plan, InstrumentLoader loader) {
        Set<Venue> venues = new LinkedHashSet<>();
        for (String source : plan.exchanges()) {
            venues.add(Venues.venueOf(Venues.feed(source)));
        }
        List<String> lines = new ArrayList<>();
        for (Venue v : venues) {
            if (v.catalog() == null) {
                continue; // sizes are base coin or USD already
            }
            try {
                lines.add(v.name() + ": " + v.catalog().loaded(loader.load(plan.urls().get(v.restKey()), v.catalog())));
            } catch (IOException e) {
                lines.add(v.name() + ": instrument metadata not loaded (" + e.getMessage() + "); using built-in values for majors");
            }
        }
        return lines;
    }
}
