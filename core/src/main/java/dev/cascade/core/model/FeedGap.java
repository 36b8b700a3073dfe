package dev.cascade.core.model;

/** A window in which a feed delivered nothing we can vouch for (disconnect, stall, replay truncation). */
public record FeedGap(String source, long fromTs, long toTs, String reason) implements MarketEvent {
    public FeedGap {
        if (toTs < fromTs) {
            throw new IllegalArgumentException("gap ends before it starts: " + fromTs + " > " + toTs);
        }
    }

    @Override
    public long ts() {
        return fromTs;
    }
}
