package dev.cascade.core.port;

/**
 * An {@link EventSink} whose accepted events become durable only on {@link #flush()} (a store). Storing the same
 * event twice (same event id) must keep one copy: that is what makes re-delivered frames harmless.
 */
public interface DurableSink extends EventSink {
    /** Makes every accepted event durable; returns how many new (not already stored) events were written. */
    long flush();
}
