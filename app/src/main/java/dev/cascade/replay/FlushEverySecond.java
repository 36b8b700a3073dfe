package dev.cascade.replay;

import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.port.DurableSink;
import dev.cascade.core.port.EventSink;

import java.util.function.LongSupplier;

/**
 * Flushes a store at least once a second while a replay feeds it, so a killed replay loses at most its last second
 * of events, as any other writer (the file itself is intact, and replaying it again stores only what is missing).
 * The clock is read once per {@link #CHECK_EVERY} events, which keeps it off the per-event path.
 */
public final class FlushEverySecond implements EventSink {
    static final int CHECK_EVERY = 4096;
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final DurableSink store;
    private final LongSupplier nanoClock;
    private long lastFlush;
    private int sinceCheck;

    public FlushEverySecond(DurableSink store) {
        this(store, System::nanoTime);
    }

    FlushEverySecond(DurableSink store, LongSupplier nanoClock) {
        this.store = store;
        this.nanoClock = nanoClock;
        this.lastFlush = nanoClock.getAsLong();
    }

    @Override
    public void accept(MarketEvent event) {
        store.accept(event);
        if (++sinceCheck == CHECK_EVERY) {
            sinceCheck = 0;
            long now = nanoClock.getAsLong();
            if (now - lastFlush >= SECOND_NANOS) {
                store.flush();
                lastFlush = now;
            }
        }
    }
}
