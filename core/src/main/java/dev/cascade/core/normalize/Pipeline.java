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
 * Routes raw frames to their feed's normalizer, checks every event ({@link EventGuard}) and keeps per-feed counts by
 * reason. A malformed frame, a bad element of a frame, an impossible event or an unknown feed is counted and reported to the {@link Rejects} listener (the adapter logs it with its source); it never stops the flow.
 */
public final class Pipeline implements FrameSink {
    /** Told about every frame that could not be normalized. */
    @FunctionalInterface
    public interface Rejects {
        void rejected(String source, String frame, String reason);
    }

    /** Per-feed counters. */
    public static final class Counts {
        /** Distinct reasons counted per feed; the rest are counted under "other". */
        static final int MAX_REASONS = 64;
        public final LongAdder frames = new LongAdder();
        public final LongAdder events = new LongAdder();
        /** Rejections: whole frames, elements of a frame and single events, one each. */
        public final LongAdder malformed = new LongAdder();
        private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
        private volatile String lastError;

        public String lastError() {
            return lastError;
        }

        void count(String reason) {
            malformed.increment();
            lastError = reason;
            String key = reasonKey(reason);
            LongAdder n = reasons.get(key);
            if (n == null) {
                n = reasons.size() < MAX_REASONS ? reasons.computeIfAbsent(key, k -> new LongAdder()) : reasons.computeIfAbsent("other", k -> new LongAdder());
            }
            n.increment();
        }
    }

    /** Immutable view of one feed's counters; {@code reasons} counts rejections by the kind of reason. */
    public record FeedCounts(String source, long frames, long events, long malformed, String lastError,
                             Map<String, Long> reasons) {
    }

    /**
     * The kind of a reason, without the values it quotes: "bad number in 'z': -x" counts as "bad number in 'z'", so
     * hostile frames cannot make a counter per frame.
     */
    static String reasonKey(String reason) {
        int cut = reason.length();
        int colon = reason.indexOf(": ");
        if (colon >= 0) {
            cut = colon;
        }
        return reason.substring(0, Math.min(cut, 80));
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
                // The collector's gap markers are a pseudo-feed of their own, not a venue's.
                n = normalizers.computeIfAbsent(source, s -> s.equals(FeedGapFrames.SOURCE) ? new FeedGapFrames()
                        : Venues.normalizer(s, instruments));
            } catch (IllegalArgumentException e) {
                reject(c, source, frame, e.getMessage());
                return;
            }
        }
        try {
            n.normalize(frame, receiveTs, event -> {
                String wrong = EventGuard.check(event, receiveTs);
                if (wrong != null) {
                    reject(c, source, frame, wrong);
                    return;
                }
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
        } catch (MalformedFrameException e) {
            for (String reason : e.reasons()) {
                reject(c, source, frame, reason);
            }
        } catch (RuntimeException | StackOverflowError e) {
            // An overflow or a normalizer bug on one odd frame must not kill a feed; nor may a frame nested deeper
            // than a parser's limit (the parsers bound depth, this is the last line).
            reject(c, source, frame, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** Carries a sink's exception past the normalizer's catch-all for odd frames (and {@link Elements}' per element). */
    static final class SinkFailed extends RuntimeException {
        SinkFailed(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private void reject(Counts c, String source, String frame, String reason) {
        c.count(reason);
        rejects.rejected(source, frame, reason);
    }

    public Map<String, FeedCounts> counts() {
        Map<String, FeedCounts> out = new TreeMap<>();
        counts.forEach((s, c) -> {
            Map<String, Long> reasons = new TreeMap<>();
            c.reasons.forEach((k, v) -> reasons.put(k, v.sum()));
            out.put(s, new FeedCounts(s, c.frames.sum(), c.events.sum(), c.malformed.sum(), c.lastError, reasons));
        });
        return out;
    }
}
