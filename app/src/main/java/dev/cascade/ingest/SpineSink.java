package dev.cascade.ingest;

import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.record.RecordedFrame;

/**
 * Where the spine's writer thread hands what passes through it: raw frames (a recording file, the bus) and normalized
 * events (the store, the live broadcast, the alert engine). Called only from the writer thread, in sink order, so a
 * sink needs no locking of its own and a thread-confined resource (a DuckDB appender) stays on one thread.
 */
public interface SpineSink {
    /** False for a sink that takes raw frames only: if no sink wants events, the spine normalizes nothing. */
    default boolean wantsEvents() {
        return true;
    }

    /** A raw frame as received from a live source (history loaded at start-up is not passed here). */
    default void frame(RecordedFrame frame) {
    }

    /**
     * A live event: normalized from a frame, or made by a source (a feed gap). {@code receiveNanos} is when its frame
     * was received ({@code System.nanoTime()}; when it was queued, for an event made by a source), so a sink can
     * report latency from receipt, queueing and normalizing included.
     */
    default void event(MarketEvent event, long receiveNanos) {
    }

    /** An event of history loaded at start-up: stored and counted, not broadcast or alerted on. */
    default void history(MarketEvent event) {
    }

    /** Makes everything handed so far durable (called by the spine's {@link FlushPolicy}). */
    default void flush() {
    }

    /**
     * Thrown by a sink that cannot go on (its store failed: disk full, read-only file, file gone). Not bad input and not
     * worth retrying per event: the spine stops ingesting and says so once; the command reports what was stored.
     */
    final class Down extends RuntimeException {
        public Down(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
