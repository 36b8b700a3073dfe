package dev.cascade.scaleout.bus;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the frames topic if it is missing, and returns once every partition has a leader. Partitions cap consumer
 * parallelism (one consumer per partition at most); replication is left to the cluster's default.
 */
public final class BusTopics {
    private static final long READY_TIMEOUT_MS = 30_000;

    private BusTopics() {
    }

    /** {@code partitions <= 0}: the broker's default. */
    public static void ensure(BusUrl bus, int partitions) {
        Properties p = bus.baseProperties(); // the URL's config=FILE (SASL/TLS), then Cascade's own settings
        try (Admin admin = Admin.create(p)) {
            NewTopic t = new NewTopic(bus.topic(), partitions > 0 ? Optional.of(partitions) : Optional.empty(), Optional.empty())
                    // Raw frames are the system of record for replays: keep them until deleted by policy, not 7 days.
                    .configs(Map.of("retention.ms", "-1", "compression.type", "producer"));
            try {
                admin.createTopics(List.of(t)).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + bus.topic() + " on " + bus.bootstrapServers() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            }
            awaitLeaders(admin, bus);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topic " + bus.topic(), e);
        }
    }

    /**
     * Producing to a partition whose leader is not elected yet fails with NotLeaderOrFollower; seen here, an
     * idempotent producer's retries then hit OutOfOrderSequence until the delivery timeout. So wait for leaders first.
     */
    private static void awaitLeaders(Admin admin, BusUrl bus) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription d = admin.describeTopics(List.of(bus.topic())).allTopicNames().get(5, TimeUnit.SECONDS).get(bus.topic());
                if (d != null && !d.partitions().isEmpty()
                        && d.partitions().stream().allMatch(pi -> pi.leader() != null && !pi.leader().isEmpty())) {
                    return;
                }
                last = "partitions without a leader";
            } catch (ExecutionException | TimeoutException e) {
                last = e.getCause() == null ? e.toString() : e.getCause().getMessage();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("topic " + bus.topic() + " on " + bus.bootstrapServers() + " not ready after "
                + READY_TIMEOUT_MS / 1000 + "s: " + last);
    }
}
