package dev.cascade.core.port;

import java.util.ServiceLoader;

/**
 * A {@link FrameSink} that publishes to a message bus (distributed mode: {@code --bus kafka://host:port}). Collectors
 * write raw frames to it instead of the local normalizer pipeline. Opened by URL through {@link Provider}s found with
 * {@link ServiceLoader}, so the embedded app carries no bus code: the bus adapters are a separate jar on the classpath.
 */
public interface FrameBus extends FrameSink, AutoCloseable {
    /** Blocks until every frame accepted so far is acknowledged by the bus; throws if any could not be written. */
    void flush();

    @Override
    void close();

    /** Opens buses for one URL scheme (e.g. "kafka"). Registered in META-INF/services/dev.cascade.core.port.FrameBus$Provider. */
    interface Provider {
        String scheme();

        FrameBus open(String url);
    }

    /** Opens the bus at {@code url} with the provider registered for its scheme. */
    static FrameBus open(String url) {
        int colon = url == null ? -1 : url.indexOf("://");
        if (colon <= 0) {
            throw new IllegalArgumentException("bus must be a URL like kafka://127.0.0.1:9092, got '" + url + "'");
        }
        String scheme = url.substring(0, colon);
        for (Provider p : ServiceLoader.load(Provider.class)) {
            if (p.scheme().equals(scheme)) {
                return p.open(url);
            }
        }
        throw new IllegalArgumentException("no bus adapter for '" + scheme + "://' on the classpath (distributed mode needs the "
                + "cascade-scaleout jar)");
    }
}
