package dev.cascade.feed;

import dev.cascade.core.model.Completeness;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Live counters of one source, shared by its session (writer side) and the status line (reader side). */
public final class FeedStatus {
    public enum State { STARTING, CONNECTING, UP, DOWN, CLOSED }

    private final String source;
    private final Completeness completeness;
    private final LongAdder frames = new LongAdder();
    private final AtomicLong lastFrameAt = new AtomicLong(-1);
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong rotations = new AtomicLong();
    private final AtomicLong oversize = new AtomicLong();
    private volatile State state = State.STARTING;
    private volatile String lastError;

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

    public State state() {
        return state;
    }

    public String lastError() {
        return lastError;
    }
}
