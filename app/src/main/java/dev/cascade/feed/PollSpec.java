package dev.cascade.feed;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** A REST open-interest poller to run alongside the sockets: source name, base URL, path, symbols and interval. */
public record PollSpec(String source, URI base, String path, List<String> symbols, Duration interval) {
}
