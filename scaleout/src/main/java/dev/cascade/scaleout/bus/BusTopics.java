package dev.cascade.scaleout.bus;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/** Creates the frames topic if it is missing (partitions = consumer parallelism ceiling). */
public final class BusTopics {
    private BusTopics() {
    }

    public static void ensure(BusUrl bus, int partitions, short replication) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bus.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            NewTopic t = new NewTopic(bus.topic(), partitions, replication)
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
