package dev.cascade.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Fans live messages out to WebSocket clients without ever making the publisher wait.
 *
 * <p>{@link #publish} only offers the (already serialized) message to each client's bounded queue. One sender thread
 * wakes every {@code tickMs}, and for each client with nothing in flight sends everything queued as one JSON array
 * frame; the next frame goes only after the transport reports the previous one written. So a slow reader first fills
 * its own queue (further messages to it are dropped and counted: it gets a sample, plus a {@code dropped} notice), and
 * a client whose frame has been stuck longer than {@code stallMs} is disconnected. Other clients and ingestion never
 * notice.
 */
public final class LiveHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);

    /** The transport side of one client (a WebSocket session in the server, a fake in tests). */
    public interface Outbound {
        /** Sends a text frame asynchronously; exactly one of the callbacks runs when it is written or failed. */
        void send(String text, Runnable written, Consumer<Throwable> failed);

        /** Closes the connection without waiting for the peer (it may not be reading). */
        void disconnect(String reason);
    }

    /** Counters for the health endpoint and tests. */
    public record Stats(int clients, long published, long delivered, long dropped, long disconnectedSlow) {
    }

    private final int queueCapacity;
    private final int maxBatch;
    private final long tickNanos;
    private final long stallNanos;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong disconnectedSlow = new AtomicLong();
    private final Thread sender;
    private volatile boolean running = true;

    public LiveHub(int queueCapacity, int maxBatch, long tickMs, long stallMs) {
        if (queueCapacity < 1 || maxBatch < 1 || tickMs < 1 || stallMs < tickMs) {
            throw new IllegalArgumentException("bad hub settings");
        }
        this.queueCapacity = queueCapacity;
        this.maxBatch = maxBatch;
        this.tickNanos = tickMs * 1_000_000L;
        this.stallNanos = stallMs * 1_000_000L;
        this.sender = new Thread(this::sendLoop, "live-hub-sender");
        sender.setDaemon(true);
        sender.start();
    }

    /** Defaults: 8192 queued messages per client, frames of at most 2000, 5 ms ticks, 5 s stall limit. */
    public static LiveHub withDefaults() {
        return new LiveHub(8192, 2000, 5, 5000);
    }

    /**
     * Registers a client; {@code accepts} filters messages by their kind and size (server-side size filter).
     */
    public void add(String id, Outbound out, Predicate<Message> accepts) {
        clients.put(id, new Client(id, out, accepts, queueCapacity));
    }

    public void remove(String id) {
        clients.remove(id);
    }

    /** A message to fan out: its JSON text plus what filters look at. */
    public record Message(String kind, long usdE6, String json) {
    }

    /** Never blocks: a full client queue drops the message for that client only. */
    public void publish(Message m) {
        published.incrementAndGet();
        for (Client c : clients.values()) {
            if (!c.accepts.test(m)) {
                continue;
            }
            if (!c.queue.offer(m.json())) {
                c.droppedSinceLastFrame.incrementAndGet();
                dropped.incrementAndGet();
            }
        }
    }

    public Stats stats() {
        return new Stats(clients.size(), published.get(), delivered.get(), dropped.get(), disconnectedSlow.get());
    }

    private void sendLoop() {
        while (running) {
            long now = System.nanoTime();
            for (Client c : clients.values()) {
                try {
                    c.pump(now);
                } catch (RuntimeException e) {
                    LOG.warn("live client {}: {}", c.id, e.toString());
                    drop(c, "send failed");
                }
            }
            LockSupport.parkNanos(tickNanos);
        }
    }

    private void drop(Client c, String reason) {
        if (clients.remove(c.id) != null) {
            try {
                c.out.disconnect(reason);
            } catch (RuntimeException e) {
                LOG.debug("disconnecting {}: {}", c.id, e.toString());
            }
        }
    }

    private final class Client {
        final String id;
        final Outbound out;
        final Predicate<Message> accepts;
        final ArrayBlockingQueue<String> queue;
        final AtomicBoolean inFlight = new AtomicBoolean();
        final AtomicLong droppedSinceLastFrame = new AtomicLong();
        volatile long inFlightSince;

        Client(String id, Outbound out, Predicate<Message> accepts, int capacity) {
            this.id = id;
            this.out = out;
            this.accepts = accepts;
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        void pump(long now) {
            if (inFlight.get()) {
                if (now - inFlightSince > stallNanos) {
                    disconnectedSlow.incrementAndGet();
                    LOG.info("live client {} has not read for {} ms: disconnected", id, stallNanos / 1_000_000);
                    drop(this, "too slow: not reading");
                }
                return;
            }
            if (queue.isEmpty() && droppedSinceLastFrame.get() == 0) {
                return;
            }
            StringBuilder sb = new StringBuilder(4096).append('[');
            int n = 0;
            long skipped = droppedSinceLastFrame.getAndSet(0);
            if (skipped > 0) {
                sb.append("{\"type\":\"dropped\",\"count\":").append(skipped).append('}');
                n++;
            }
            String s;
            int taken = 0;
            while (taken < maxBatch && (s = queue.poll()) != null) {
                if (n++ > 0) {
                    sb.append(',');
                }
                sb.append(s);
                taken++;
            }
            sb.append(']');
            int count = taken;
            inFlightSince = now;
            inFlight.set(true);
            out.send(sb.toString(), () -> {
                delivered.addAndGet(count);
                inFlight.set(false);
            }, err -> {
                LOG.debug("live client {} send failed: {}", id, err.toString());
                drop(this, "send failed");
            });
        }
    }

    @Override
    public void close() {
        running = false;
        sender.interrupt();
        for (Client c : clients.values()) {
            drop(c, "server stopping");
        }
    }
}
