package dev.cascade.core.port;

import dev.cascade.core.model.MarketEvent;

/** Where normalized events go: the embedded store, a Kafka producer, a test list. Implementations must not block long. */
@FunctionalInterface
public interface EventSink {
    void accept(MarketEvent event);
}
