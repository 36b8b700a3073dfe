package dev.cascade.ingest;

import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.port.DurableSink;

/** The store as a sink: live and history events alike are stored; a flush makes them durable and queryable. */
public final class StoreSink implements SpineSink {
    private final DurableSink store;

    public StoreSink(DurableSink store) {
        this.store = store;
    }

    @Override
    public void event(MarketEvent event, long receiveNanos) {
        store.accept(event);
    }

    @Override
    public void history(MarketEvent event) {
        store.accept(event);
    }

    @Override
    public void flush() {
        store.flush();
    }
}
