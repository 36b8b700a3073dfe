package dev.cascade.core.port;

import dev.cascade.core.record.RecordedFrame;

/**
 * Where raw frames go as a collector (live connector or recorded-file replayer) receives them: the normalizer
 * {@link dev.cascade.core.normalize.Pipeline} in embedded mode, a Kafka topic in distributed mode, a recording file.
 * Implementations must not block long; they may be called from several connector threads.
 */
@FunctionalInterface
public interface FrameSink {
    void accept(RecordedFrame frame);
}
