package dev.cascade.ingest;

import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.port.DurableSink;
import dev.cascade.store.DuckDbStore;
import dev.cascade.store.StoreException;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A store that fails on demand: the real (in-memory) store until {@code failAfter} events were accepted, then every
 * call fails as DuckDB does on a full disk.
 */
public final class FailingStore implements DurableSink {
    public static final String MESSAGE = "flush of test.duckdb failed: No space left on device (simulated)";

    final DuckDbStore real = DuckDbStore.open(null);
    private final long failAfter;
    private final AtomicLong accepted = new AtomicLong();
    final AtomicLong calls = new AtomicLong();

    public FailingStore(long failAfter) {
        this.failAfter = failAfter;
    }

    @Override
    public void accept(MarketEvent e) {
        calls.incrementAndGet();
        if (accepted.get() >= failAfter) {
            throw new StoreException(MESSAGE, null);
        }
        accepted.incrementAndGet();
        real.accept(e);
    }

    @Override
    public long flush() {
        calls.incrementAndGet();
        if (accepted.get() >= failAfter) {
            throw new StoreException(MESSAGE, null);
        }
        return real.flush();
    }

    /** Events the real store holds. */
    public long stored() {
        return real.stats().stored();
    }
}
