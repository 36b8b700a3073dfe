package dev.cascade.server;

/**
 * Where live frames come from: a recorded-feed replay now, the exchange connectors (dev.cascade.feed) when merged.
 * A source delivers raw frames; the server normalizes, stores and broadcasts them.
 */
public interface LiveSource extends AutoCloseable {
    /** Receives raw frames; called from the source's own thread(s), one feed at a time. */
    @FunctionalInterface
    interface FrameSink {
        void frame(String source, String frame, long receiveTs);
    }

    /** What the source is doing, for the health panel. */
    record Status(String description, String state, long frames, String detail) {
    }

    /** Starts delivering in the background; returns at once. */
    void start(FrameSink sink);

    Status status();

    @Override
    void close();
}
