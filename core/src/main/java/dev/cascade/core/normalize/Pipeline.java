package dev.cascade.core.normalize;

import dev.cascade.core.port.EventSink;
import dev.cascade.core.port.FrameSink;
import dev.cascade.core.record.RecordedFrame;
import dev.cascade.core.venue.Venues;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Routes raw frames to their feed's normalizer and keeps per-feed counts. A malformed frame or an unknown feed is
 * counted and reported to the {@link Rejects} listener (the adapter logs it with its source); it never stops the flow.
 */
public final class Pipeline implements FrameSink {
    /** Told about every frame that could not be normalized. */
    @FunctionalInterface
    public interface Rejects {
        void rejected(String source, String frame, String reason);
    }

    /** Per-feed counters. */
    public static final class Counts {
        public final LongAdder frames = new LongAdder();
        public final LongAdder events = new LongAdder();
        public final LongAdder malformed = new LongAdder();
        private volatile String lastError;

        public String lastError() {
            return lastError;
        }
    }

    /** Immutable view of one feed's counters. */
    public record FeedCounts(String source, long frames, long events, long malformed, String lastError) {
    }

    private final Instruments instruments;
    private final EventSink sink;
    private final Rejects rejects;
    private final Map<String, Normalizer> normalizers = new ConcurrentHashMap<>();
    private final Map<String, Counts> counts = new ConcurrentHashMap<>();

    public Pipeline(Instruments instruments, EventSink sink, Rejects rejects) {
        this.instruments = instruments;
        this.sink = sink;
        this.rejects = rejects;
    }

    public Instruments instruments() {
        return instruments;
    }

    @Override
    public void accept(RecordedFrame f) {
        accept(f.source(), f.frame(), f.receiveTs());
    }

    /** Normalizes one frame. Normalizers keep state, so frames of one feed must arrive from one thread at a time. */
    public void accept(String source, String frame, long receiveTs) {
        Counts c = counts.computeIfAbsent(source, s -> new Counts());
        c.frames.increment();
        Normalizer n = normalizers.get(source);
        if (n == null) {
            try {
                n = normalizers.computeIfAbsent(source, s -> Venues.normalizer(s, instruments));
            } catch (IllegalArgumentException e) {
                reject(c, source, frame, e.getMessage());
                return;
            }
        }
        try {
            n.normalize(frame, receiveTs, event -> {
                c.events.increment();
                try {
                    sink.accept(event);
                } catch (RuntimeException e) {
                    throw new SinkFailed(e);
                }
            });
        } catch (SinkFailed e) {
            // The store (or whatever consumes events) failed: not the frame's fault, and not to be counted as bad
            // input. It goes to the caller, which stops ingesting and says what was stored.
            throw (RuntimeException) e.getCause();
        } catch (MalformedFrameException | RuntimeException e) {
            // RuntimeException too: an overflow or a normalizer bug on one odd frame must not kill a feed.
            reject(c, source, frame, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** Carries a sink's exception past the normalizer's catch-all for odd frames. */
    private static final class SinkFailed extends RuntimeException {
        SinkFailed(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private void reject(Counts c, String source, String frame, String reason) {
        c.malformed.increment();
        c.lastError = reason;
        rejects.rejected(source, frame, reason);
    }

    public Map<String, FeedCounts> counts() {
        Map<String, FeedCounts> out = new TreeMap<>();
        counts.forEach((s, c) -> out.put(s, new FeedCounts(s, c.frames.sum(), c.events.sum(), c.malformed.sum(), c.lastError)));
        return out;
    }
}
