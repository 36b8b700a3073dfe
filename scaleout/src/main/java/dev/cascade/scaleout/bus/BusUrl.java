package dev.cascade.scaleout.bus;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

/**
 * A {@code --bus} value: {@code kafka://host:port[,host:port...][/topic][?config=FILE]}. The topic defaults to
 * {@link #DEFAULT_TOPIC}. {@code config} names a Kafka client properties file passed through to every producer,
 * consumer and admin client, for what managed clusters require (SASL/TLS: {@code security.protocol},
 * {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.truststore.location}, ...). Secrets stay in that file;
 * the Kafka clients print password-type settings as [hidden]. The settings Cascade's delivery guarantees rest on
 * (see {@link #RESERVED}) cannot be overridden there.
 */
public record BusUrl(String bootstrapServers, String topic, Path clientConfig) {
    /** Raw frames, envelope v1. A layout change that old consumers cannot skip gets a new topic. */
    public static final String DEFAULT_TOPIC = "cascade.frames.v1";
    /** Client settings the exactly-once storage depends on: set by Cascade, refused in the config file. */
    public static final Set<String> RESERVED = Set.of("bootstrap.servers", "enable.idempotence", "acks", "enable.auto.commit",
            "isolation.level", "group.id", "group.instance.id", "key.serializer", "value.serializer", "key.deserializer",
            "value.deserializer", "auto.offset.reset", "max.in.flight.requests.per.connection");

    public BusUrl(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, null);
    }

    public static BusUrl parse(String url) {
        if (url == null || !url.startsWith("kafka://")) {
            throw new IllegalArgumentException("bus must look like kafka://host:port[/topic], got '" + url + "'");
        }
        String rest = url.substring("kafka://".length());
        Path config = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String kv : rest.substring(q + 1).split("&")) {
                if (kv.startsWith("config=") && kv.length() > "config=".length()) {
                    config = Path.of(kv.substring("config=".length()));
                } else if (!kv.isEmpty()) {
                    throw new IllegalArgumentException("unknown bus URL option '" + kv + "' (known: config=FILE)");
                }
            }
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String topic = slash < 0 || slash == rest.length() - 1 ? DEFAULT_TOPIC : rest.substring(slash + 1);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("bus URL has no host:port: '" + url + "'");
        }
        for (String h : hosts.split(",")) {
            try {
                URI u = new URI("kafka://" + h);
                if (u.getHost() == null || u.getPort() < 0) {
                    throw new IllegalArgumentException("bus host must be host:port, got '" + h + "'");
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("bad bus host '" + h + "': " + e.getMessage(), e);
            }
        }
        if (!topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("bad topic name '" + topic + "' (letters, digits, . _ - only)");
        }
        BusUrl bus = new BusUrl(hosts, topic, config);
        bus.clientProperties(); // a missing file or a reserved key is a usage error now, not a failure later
        return bus;
    }

    /** The pass-through client settings of {@code config=FILE} (empty without one), checked against {@link #RESERVED}. */
    public Properties clientProperties() {
        Properties p = new Properties();
        if (clientConfig == null) {
            return p;
        }
        try (Reader r = Files.newBufferedReader(clientConfig, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the Kafka client config " + clientConfig + ": " + e.getMessage(), e);
        }
        for (String key : p.stringPropertyNames()) {
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException("Kafka client config " + clientConfig + " sets " + key
                        + ", which Cascade sets itself (delivery guarantees depend on it); remove it from the file");
            }
        }
        return p;
    }

    /** {@code clientProperties()} with {@code bootstrap.servers}: the base every client of this bus starts from. */
    public Properties baseProperties() {
        Properties p = clientProperties();
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }
}
