package dev.cascade.core.port;

import dev.cascade.core.record.RecordedFrame;

import java.util.List;

/**
 * A resumable source of raw frames (a Kafka consumer group in distributed mode). What travels is the raw frame, not
 * the normalized event, so consumers run the same normalizers as the embedded path and a normalizer fix applies to
 * history on re-consumption.
 *
 * <p>Protocol: {@link #poll} frames, take the {@link #position} they end at, push them through the normalizers into a
 * {@link DurableSink}, and {@link #commit} that position only once the sink has flushed them. A consumer that dies
 * between flush and commit gets the same frames again after a restart; the store's event-id dedupe makes that
 * harmless (at-least-once delivery, exactly-once storage). Not thread-safe: one thread polls and commits.
 *
 * @param <P> a position: what the source would resume after (Kafka: the next offset of each partition)
 */
public interface EventSource<P> extends AutoCloseable {
    /** Frames that arrived since the last poll, waiting up to {@code maxWaitMs} for the first; empty if none came. */
    List<RecordedFrame> poll(long maxWaitMs);

    /** Where the source stands after every frame polled so far (a snapshot: later polls do not change it). */
    P position();

    /** Everything up to {@code position} (from {@link #position}) is durable downstream: a restarted source resumes after it. */
    void commit(P position);

    /**
     * Sources whose frames may move to another consumer (a Kafka group rebalance) run {@code checkpoint} just before
     * they give partitions away, so the next owner starts where this one stopped instead of re-reading its tail.
     * The checkpoint waits until everything polled so far is durable and then commits its position.
     */
    default void beforeReassign(Runnable checkpoint) {
    }

    /**
     * Whether the source has read everything there was when it last looked. A Kafka consumer is not caught up before
     * the group assigns it partitions (which can take seconds) nor while it lags behind their ends: a consumer told to
     * stop after some idle time counts that time only once caught up, so it never stops before reading what is there.
     */
    default boolean caughtUp() {
        return true;
    }

    /** Frames that could not be decoded (bad envelope, unknown version), counted and skipped. */
    long undecodable();

    @Override
    void close();
}
