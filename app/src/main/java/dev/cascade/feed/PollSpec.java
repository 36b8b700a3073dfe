package dev.cascade.feed;

import dev.cascade.core.venue.RestPoll;

import java.net.URI;
import java.util.List;

/** A REST poller to run alongside the sockets: the feed its bodies belong to, the venue's REST base, the poll and its queries. */
public record PollSpec(String source, URI base, RestPoll poll, List<String> queries) {
    public PollSpec {
        queries = List.copyOf(queries);
    }
}
