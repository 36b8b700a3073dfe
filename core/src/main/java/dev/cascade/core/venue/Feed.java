package dev.cascade.core.venue;

import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Normalizer;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One feed: a source id every frame of it carries, its normalizer, and (for a live venue) its connection.
 *
 * @param source       feed id ("binance-usdm", "bybit-linear")
 * @param normalizer   a fresh normalizer (normalizers keep per-feed state)
 * @param symbolFields JSON field names that hold an instrument's symbol in its frames (Kafka partition keys)
 * @param connector    the connection for a base URL and coins, or null for a replay-only feed
 * @param polls        its REST polls (open interest, long/short ratios); none for most feeds
 */
public record Feed(String source, Function<Instruments, Normalizer> normalizer, Set<String> symbolFields,
                   BiFunction<URI, List<String>, ExchangeConnector> connector, List<RestPoll> polls) {

    public Feed {
        symbolFields = Set.copyOf(symbolFields);
        polls = List.copyOf(polls);
    }

    /** A live feed with no REST polls. */
    public Feed(String source, Function<Instruments, Normalizer> normalizer, Set<String> symbolFields,
                BiFunction<URI, List<String>, ExchangeConnector> connector) {
        this(source, normalizer, symbolFields, connector, List.of());
    }

    /** A feed with no live connection (aggregator exports, generated data). */
    public static Feed replayOnly(String source, Function<Instruments, Normalizer> normalizer,
                                  Set<String> symbolFields) {
        return new Feed(source, normalizer, symbolFields, null);
    }
}
