package dev.cascade.scaleout.bus;

import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.port.EventSource;
import dev.cascade.core.record.RecordedFrame;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.Properties;

/**
 * The consumer side of distributed mode: one member of a consumer group on the bus topic. Its position is the next
 * offset of each partition it has read from; offsets are committed only by {@link #commit}, which the consumer's spine
 * source calls once the store has flushed the frames up to that position (never auto-commit), so a killed consumer is
 * re-sent what it had not made durable. Not thread-safe (KafkaConsumer is not): one thread polls and commits.
 */
public final class KafkaFrameSource implements EventSource<Map<TopicPartition, OffsetAndMetadata>> {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaFrameSource.class);
    private static final int MAX_LOGGED = 20;

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private Runnable beforeReassign = () -> { };
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private long undecodable;
    private long received;

    public KafkaFrameSource(BusUrl bus, String groupId) {
        this(bus, groupId, null);
    }

    /**
     * @param instanceId static group membership id, or null. A consumer restarted with the same id takes its
     *                   partitions back at once instead of waiting for the dead member's session to time out.
     */
    public KafkaFrameSource(BusUrl bus, String groupId, String instanceId) {
        this.topic = bus.topic();
        Properties p = bus.baseProperties(); // the URL's config=FILE (SASL/TLS), then Cascade's own settings
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "cascade-consumer-" + groupId);
        // A crashed member's partitions move after 10 s (default 45 s); heartbeats come from the client's own thread.
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
        if (instanceId != null) {
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        }
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                // Called inside poll(), after every frame returned by earlier polls was handed to the pipeline.
                if (!partitions.isEmpty()) {
                    beforeReassign.run();
                }
                partitions.forEach(nextOffsets::remove);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                // Lost (session expired), not revoked: another member may already own them, so committing would fail.
                partitions.forEach(nextOffsets::remove);
            }
        });
    }

    @Override
    public void beforeReassign(Runnable checkpoint) {
        this.beforeReassign = checkpoint;
    }

    @Override
    public List<RecordedFrame> poll(long maxWaitMs) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(maxWaitMs));
        List<RecordedFrame> out = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> r : records) {
            received++;
            nextOffsets.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
            try {
                out.add(FrameEnvelope.decode(r.value()));
            } catch (MalformedFrameException e) {
                if (undecodable++ < MAX_LOGGED) {
                    LOG.warn("{}-{}@{} (key {}): skipped: {}", r.topic(), r.partition(), r.offset(), r.key(), e.getMessage());
                }
            }
        }
        return out;
    }

    /**
     * True once the group has assigned this member partitions and it has read each to its end (the last stable
     * offset, as of the latest fetch). The lags are the consumer's own bookkeeping: no broker call.
     */
    @Override
    public boolean caughtUp() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return false;
        }
        for (TopicPartition tp : assigned) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isEmpty() || lag.getAsLong() > 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> position() {
        Map<TopicPartition, OffsetAndMetadata> p = new HashMap<>();
        nextOffsets.forEach((tp, next) -> p.put(tp, new OffsetAndMetadata(next)));
        return p;
    }

    /**
     * Commits {@code position} for the partitions this member still owns (one given away since has been committed by
     * the hand-over checkpoint). A commit refused because the group is rebalancing is logged and skipped: the
     * hand-over checkpoint commits it, and at worst the next owner is re-sent frames the store already holds.
     */
    @Override
    public void commit(Map<TopicPartition, OffsetAndMetadata> position) {
        Map<TopicPartition, OffsetAndMetadata> owned = new HashMap<>(position);
        owned.keySet().retainAll(consumer.assignment());
        if (owned.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(owned);
        } catch (RebalanceInProgressException | CommitFailedException e) {
            LOG.info("{}: commit skipped while the group rebalances ({})", topic, e.getMessage());
        }
    }

    @Override
    public long undecodable() {
        return undecodable;
    }

    public long received() {
        return received;
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        // Close without committing: whatever was polled after the last commit is re-sent to the next member.
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
