package dev.cascade.ingest;

import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.port.DurableSink;

/**
 * The store as a sink: live and history events alike are stored; a flush makes them durable and queryable. A store
 * that fails stops ingestion ({@link SpineSink.Down}): the events cannot go anywhere, and they are not bad input.
 */
public final class StoreSink implements SpineSink {
    private final DurableSink store;
    private long stored;
    private long flushes;

    public StoreSink(DurableSink store) {
        this.store = store;
    }

    @Override
    public void event(MarketEvent event, long receiveNanos) {
        accept(event);
    }

    @Override
    public void history(MarketEvent event) {
        accept(event);
    }

    private void accept(MarketEvent event) {
        try {
            store.accept(event);
        } catch (RuntimeException e) {
            throw down(e);
        }
    }

    @Override
    public void flush() {
        try {
            stored += store.flush();
            flushes++;
        } catch (RuntimeException e) {
            throw down(e);
        }
    }

    /** New events stored (not already in the store) by this sink's flushes so far. */
    public long stored() {
        return stored;
    }

    /** A store failure stops ingestion (the spine halts) with what was stored before it. */
    private SpineSink.Down down(RuntimeException e) {
        return new SpineSink.Down("the store failed: " + e.getMessage() + ". " + stored + " new events were stored before it ("
                + flushes + " flushes); the events after the last successful flush were not stored", e);
    }
}
