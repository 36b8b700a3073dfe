package dev.cascade.feed;

import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.venue.ExchangeConnector;
import dev.cascade.ingest.ConnectorSource;
import dev.cascade.ingest.Spine;
import dev.cascade.ingest.StoreSink;
import dev.cascade.store.DuckDbStore;

import java.util.List;

/** `cascade ingest` as the tests run it: connectors into the ingest spine, the spine into a store. */
final class TestIngest implements AutoCloseable {
    final ConnectorSource source;
    final Spine spine;

    TestIngest(List<ExchangeConnector> connectors, SessionSettings settings, FrameQueue queue, DuckDbStore store, long flushMs) {
        this.source = new ConnectorSource(connectors, List.of(), settings);
        this.spine = new Spine(Instruments.withDefaults(), List.of(new StoreSink(store)), queue, flushMs).start(source);
    }

    List<WsSession> sessions() {
        return source.sessions();
    }

    /** Stops the connectors, writes and flushes what they queued. */
    @Override
    public void close() {
        spine.close();
    }
}
