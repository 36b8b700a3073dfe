package dev.cascade.scaleout.bus;

import java.net.URI;
import java.net.URISyntaxException;

/** A {@code --bus} value: {@code kafka://host:port[,host:port...][/topic]}. The topic defaults to {@link #DEFAULT_TOPIC}. */
public record BusUrl(String bootstrapServers, String topic) {
    /** Raw frames, envelope v1. A layout change that old consumers cannot skip gets a new topic. */
    public static final String DEFAULT_TOPIC = "cascade.frames.v1";

    public static BusUrl parse(String url) {
        if (url == null || !url.startsWith("kafka://")) {
            throw new IllegalArgumentException("bus must look like kafka://host:port[/topic], got '" + url + "'");
        }
        String rest = url.substring("kafka://".length());
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
        return new BusUrl(hosts, topic);
    }
}
