package dev.cascade.feed;

import dev.cascade.core.model.Completeness;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one source, shared by its session (writer side) and the status line and health API (reader side).
 * Besides the link's state it carries what would otherwise fail silently: subscriptions the venue refused on the
 * current link, and watched streams that have stayed silent past their bound (Binance sends nothing at all for a
 * stream it does not list).
 */
public final class FeedStatus {
    public enum State { STARTING, CONNECTING, UP, DOWN, CLOSED }

    /** At most this many refusals are kept per link (a venue that refuses 500 topics says so 500 times). */
    static final int MAX_REFUSALS = 20;

    /** A snapshot for the status line and the health API. */
    public record View(String source, State state, boolean degraded, List<String> refusedSubscriptions,
                       List<String> silentStreams, long frames, long lastFrameAt, long gaps, long reconnects,
                       long rotations, long oversize, long shedFrames, int consecutiveFailures, long nextRetryMs,
                       String lastError, String completeness) {
    }

    private final String source;
    private final Completeness completeness;
    private final LongAdder frames = new LongAdder();
    private final AtomicLong lastFrameAt = new AtomicLong(-1);
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong rotations = new AtomicLong();
    private final AtomicLong oversize = new AtomicLong();
    private final AtomicLong shed = new AtomicLong();
    private final AtomicLong refusalsTotal = new AtomicLong();
    private final List<String> refused = new ArrayList<>();
    private final Set<String> silent = new TreeSet<>();
    private volatile State state = State.STARTING;
    private volatile String lastError;
    private volatile int consecutiveFailures;
    private volatile long nextRetryMs;

    public FeedStatus(String source, Completeness completeness) {
        this.source = source;
        this.completeness = completeness;
    }

    void frame(long now) {
        frames.increment();
        lastFrameAt.set(now);
    }

    void state(State s) {
        state = s;
    }

    void error(String e) {
        lastError = e;
    }

    void gap() {
        gaps.incrementAndGet();
    }

    void reconnect() {
        reconnects.incrementAndGet();
    }

    void rotated() {
        rotations.incrementAndGet();
    }

    void backoff(int failures, long delayMs) {
        consecutiveFailures = failures;
        nextRetryMs = delayMs;
    }

    /** A new link took over: what the old one was refused or missed is asked again on this one. */
    synchronized void newLink() {
        refused.clear();
        silent.clear();
    }

    synchronized void refused(String what) {
        refusalsTotal.incrementAndGet();
        if (refused.size() < MAX_REFUSALS && !refused.contains(what)) {
            refused.add(what);
        }
    }

    /** Marks a watched stream silent (true) or delivering again (false); returns whether that changed anything. */
    synchronized boolean silent(String stream, boolean isSilent) {
        return isSilent ? silent.add(stream) : silent.remove(stream);
    }

    void shed() {
        shed.incrementAndGet();
    }

    /** Links replaced before the venue's age limit, without a gap. */
    public long rotations() {
        return rotations.get();
    }

    void droppedOversize() {
        oversize.incrementAndGet();
    }

    public String source() {
        return source;
    }

    public Completeness completeness() {
        return completeness;
    }

    public long frames() {
        return frames.sum();
    }

    public long lastFrameAt() {
        return lastFrameAt.get();
    }

    public long gaps() {
        return gaps.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    /** Messages dropped for exceeding the size limit (also a gap in content, so they are logged). */
    public long oversize() {
        return oversize.get();
    }

    /** Data frames dropped because the store stayed behind past the read-pause bound (each run is a recorded gap). */
    public long shedFrames() {
        return shed.get();
    }

    /** Subscriptions the venue refused on the current link, as the venue worded it. */
    public synchronized List<String> refusedSubscriptions() {
        return List.copyOf(refused);
    }

    /** Refusals over the whole run (every link). */
    public long refusalsTotal() {
        return refusalsTotal.get();
    }

    /** Watched streams silent past their bound on the current link. */
    public synchronized List<String> silentStreams() {
        return List.copyOf(silent);
    }

    /** Failed attempts since the last healthy link; the reconnect delay grows with it. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public State state() {
        return state;
    }

    public String lastError() {
        return lastError;
    }

    /** Up, yet some subscription was refused or some watched stream is silent: "up" alone would hide it. */
    public synchronized boolean degraded() {
        return !refused.isEmpty() || !silent.isEmpty();
    }

    /**
     * The state to show a person or a monitor: DEGRADED for a link that is up while a subscription was refused or a
     * watched stream is silent ("UP" alone would hide the missing data), else the link state.
     */
    public synchronized String shownState() {
        return state == State.UP && degraded() ? "DEGRADED" : state.name();
    }

    /** One line naming what is wrong beyond the link state, or "" when nothing is. */
    public synchronized String problems() {
        StringBuilder sb = new StringBuilder();
        if (!refused.isEmpty()) {
            sb.append("refused: ").append(String.join("; ", refused));
        }
        if (!silent.isEmpty()) {
            sb.append(sb.length() == 0 ? "" : "  ").append("silent: ").append(String.join(", ", silent));
        }
        return sb.toString();
    }

    public synchronized View view() {
        return new View(source, state, degraded(), List.copyOf(refused), List.copyOf(silent), frames(), lastFrameAt(),
                gaps(), reconnects(), rotations(), oversize(), shedFrames(), consecutiveFailures, nextRetryMs, lastError,
                completeness.name());
    }
}
