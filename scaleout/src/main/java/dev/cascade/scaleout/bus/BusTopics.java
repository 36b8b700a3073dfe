package dev.cascade.scaleout.bus;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * Creates the frames topic if it is missing. Partitions cap consumer parallelism (one consumer per partition at
 * most); replication is left to the cluster's default.
 */
public final class BusTopics {
    private BusTopics() {
    }

    /** {@code partitions <= 0}: the broker's default. */
    public static void ensure(BusUrl bus, int partitions) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bus.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            NewTopic t = new NewTopic(bus.topic(), partitions > 0 ? Optional.of(partitions) : Optional.empty(), Optional.empty())
                    // Raw frames are the system of record for replays: keep them until deleted by policy, not 7 days.
                    .configs(Map.of("retention.ms", "-1", "compression.type", "producer"));
            admin.createTopics(List.of(t)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + bus.topic() + " on " + bus.bootstrapServers() + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topic " + bus.topic(), e);
        }
    }
}
