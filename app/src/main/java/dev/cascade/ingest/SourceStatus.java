package dev.cascade.ingest;

/**
 * What one feed of a source is doing: {@code state} is the connection state of a live venue (STARTING, CONNECTING,
 * UP, DEGRADED: up with a refused subscription or a silent stream, named in {@code detail}, DOWN, CLOSED), or a
 * replay's (replaying, finished, stopped). {@code completeness} is the venue's documented
 * coverage (COMPLETE, SAMPLED_1S_PER_SYMBOL, ...), null for a replay; {@code lastFrameAt} is epoch ms or -1.
 */
public record SourceStatus(String source, String kind, String state, long frames, long gaps, String completeness,
                           boolean lowerBound, long lastFrameAt, String lastError, String detail) {
}
