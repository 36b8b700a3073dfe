package dev.cascade.scaleout.bus;

import dev.cascade.core.port.FrameBus;
import dev.cascade.core.record.RecordedFrame;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The collector side of distributed mode: raw frames onto the bus topic, keyed by {@link PartitionKeys}, value
 * {@link FrameEnvelope}. The producer is idempotent (acks=all, enable.idempotence): a retried send after a network
 * blip is written once. Thread-safe (KafkaProducer is), so all connectors of one collector share one sink.
 */
public final class KafkaFrameSink implements FrameBus {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaFrameSink.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicReference<Exception> lastFailure = new AtomicReference<>();

    public KafkaFrameSink(BusUrl bus) {
        this.topic = bus.topic();
        Properties p = bus.baseProperties(); // the URL's config=FILE (SASL/TLS), then Cascade's own settings
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // One request in flight per broker: with several, a request refused by a just-created partition
        // (NOT_LEADER_OR_FOLLOWER) can be overtaken by the next one, and its retries then fail with
        // OUT_OF_ORDER_SEQUENCE until the delivery timeout drops the frames (KAFKA-15591; hit here by the tests).
        // Batches are large (linger, 256 KiB), so one in flight costs little.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        // Frames are repetitive JSON: lz4 shrinks them several-fold for little CPU.
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "cascade-collector");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void accept(RecordedFrame frame) {
        sent.increment();
        producer.send(new ProducerRecord<>(topic, PartitionKeys.of(frame), FrameEnvelope.encode(frame)), (meta, e) -> {
            if (e == null) {
                acked.increment();
            } else {
                failed.increment();
                if (lastFailure.getAndSet(e) == null) {
                    LOG.error("bus {}: send failed: {}", topic, e.getMessage());
                }
            }
        });
    }

    /** Blocks until every frame sent so far is acknowledged (or failed); throws if any failed. */
    @Override
    public void flush() {
        producer.flush();
        Exception e = lastFailure.get();
        if (e != null) {
            throw new IllegalStateException(failed.sum() + " frame(s) could not be written to " + topic + ": " + e.getMessage(), e);
        }
    }

    public long sent() {
        return sent.sum();
    }

    public long acked() {
        return acked.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public String topic() {
        return topic;
    }

    /** The bus adapter for {@code kafka://} URLs, found by {@link FrameBus#open}. */
    public static final class Provider implements FrameBus.Provider {
        @Override
        public String scheme() {
            return "kafka";
        }

        @Override
        public FrameBus open(String url) {
            BusUrl bus = BusUrl.parse(url);
            BusTopics.ensure(bus, 0);
            return new KafkaFrameSink(bus);
        }
    }

    @Override
    public void close() {
        try {
            producer.flush();
        } finally {
            producer.close();
        }
    }
}
