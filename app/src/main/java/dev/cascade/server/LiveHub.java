package dev.cascade.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Fans live messages out to WebSocket clients without ever making the publisher wait.
 *
 * <p>{@link #publish} only offers the serialized message to one bounded queue (full: the message is not broadcast,
 * and counted; the store still gets it, and every client is told how many it missed in a {@code dropped} notice with
 * cause {@code server-busy} at the head of the next frame). One sender thread wakes every {@code tickMs}, packs everything queued into a
 * JSON array, encodes it to UTF-8 ONCE and hands the same bytes to every client: with 50 clients at 10k msgs/s the
 * per-client cost is a write, not a serialization. Frames go out as binary WebSocket messages holding UTF-8 JSON.
 *
 * <p>Each client may have at most {@code maxInFlight} frames unwritten. A client that reads too slowly hits that
 * limit and further frames to it are skipped (it gets a sample, and a {@code dropped} notice with the count once it
 * catches up); a client with no frame completed for {@code stallMs} is disconnected. Other clients never notice.
 */
public final class LiveHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);

    /** The transport side of one client (a WebSocket session in the server, a fake in tests). */
    public interface Outbound {
        /** Sends one binary frame asynchronously; exactly one of the callbacks runs when it is written or failed. */
        void send(ByteBuffer frame, Runnable written, Consumer<Throwable> failed);

        /** Closes the connection without waiting for the peer (it may not be reading). */
        void disconnect(String reason);
    }

    /** Counters for the health endpoint and tests. {@code dropped} counts messages skipped for slow clients. */
    public record Stats(int clients, long published, long notBroadcast, long frames, long delivered, long dropped,
                        long disconnectedSlow) {
    }

    /** A message to fan out: its kind ("liq", "gap", "alert") and JSON text. */
    public record Message(String kind, String json) {
    }

    /** One encoded frame: the live messages in it, and the server-busy count its notice tells (0: none). */
    private record Frame(ByteBuffer bytes, int messages, long notBroadcast) {
    }

    private final ArrayBlockingQueue<String> incoming;
    private final int maxInFlight;
    private final int maxFrameMessages;
    private final long tickNanos;
    private final long stallNanos;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong notBroadcast = new AtomicLong();
    /** Messages not broadcast since the last frame: every client is told in that frame. */
    private final AtomicLong notBroadcastUntold = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong disconnectedSlow = new AtomicLong();
    /**
     * Live clients at most (five times the 200 the load test holds): each costs a connection, its buffers and a place
     * in every broadcast, idle or not, so their number is bounded like every other resource.
     */
    static final int MAX_CLIENTS = 1000;
    private final int maxClients;
    private final Thread sender;
    private volatile boolean running = true;

    public LiveHub(int queueCapacity, int maxInFlight, int maxFrameMessages, long tickMs, long stallMs) {
        this(queueCapacity, maxInFlight, maxFrameMessages, tickMs, stallMs, MAX_CLIENTS);
    }

    /** {@code maxClients}: connections beyond it are refused at the upgrade ({@link #full}). */
    public LiveHub(int queueCapacity, int maxInFlight, int maxFrameMessages, long tickMs, long stallMs, int maxClients) {
        if (queueCapacity < 1 || maxInFlight < 1 || maxFrameMessages < 1 || tickMs < 1 || stallMs < tickMs || maxClients < 1) {
            throw new IllegalArgumentException("bad hub settings");
        }
        this.maxClients = maxClients;
        this.incoming = new ArrayBlockingQueue<>(queueCapacity);
        this.maxInFlight = maxInFlight;
        this.maxFrameMessages = maxFrameMessages;
        this.tickNanos = tickMs * 1_000_000L;
        this.stallNanos = stallMs * 1_000_000L;
        this.sender = new Thread(this::sendLoop, "live-hub-sender");
        sender.setDaemon(true);
        sender.start();
    }

    /** Defaults: 100k messages waiting, 64 frames in flight per client (~0.3 s), 5000 per frame, 5 ms ticks, 5 s stall. */
    public static LiveHub withDefaults() {
        return new LiveHub(100_000, 64, 5000, 5, 5000);
    }

    /** True when no further client may connect (checked at the upgrade; a place frees up when a client leaves). */
    public boolean full() {
        return clients.size() >= maxClients;
    }

    public void add(String id, Outbound out) {
        clients.put(id, new Client(id, out));
    }

    public void remove(String id) {
        clients.remove(id);
    }

    /** Never blocks. */
    public void publish(Message m) {
        published.incrementAndGet();
        if (!incoming.offer(m.json())) {
            notBroadcast.incrementAndGet();
            notBroadcastUntold.incrementAndGet();
        }
    }

    public Stats stats() {
        return new Stats(clients.size(), published.get(), notBroadcast.get(), frames.get(), delivered.get(), dropped.get(),
                disconnectedSlow.get());
    }

    private void sendLoop() {
        StringBuilder sb = new StringBuilder(1 << 16);
        ArrayDeque<String> batch = new ArrayDeque<>();
        while (running) {
            long now = System.nanoTime();
            while (!incoming.isEmpty() || notBroadcastUntold.get() > 0) {
                batch.clear();
                long missed = notBroadcastUntold.getAndSet(0);
                if (missed > 0) {
                    batch.add(droppedNotice(missed, "server-busy"));
                }
                incoming.drainTo(batch, maxFrameMessages);
                sb.setLength(0);
                sb.append('[');
                for (String s : batch) {
                    if (sb.length() > 1) {
                        sb.append(',');
                    }
                    sb.append(s);
                }
                sb.append(']');
                Frame f = new Frame(ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer(),
                        batch.size() - (missed > 0 ? 1 : 0), missed);
                frames.incrementAndGet();
                for (Client c : clients.values()) {
                    offer(c, f);
                }
            }
            for (Client c : clients.values()) {
                // Removed first, then counted: whoever sees the count also sees the client gone.
                if (c.inFlight.get() > 0 && now - c.lastProgress > stallNanos && drop(c, "too slow: not reading")) {
                    disconnectedSlow.incrementAndGet();
                    LOG.info("live client {} has not read for {} ms: disconnected", c.id, stallNanos / 1_000_000);
                }
            }
            LockSupport.parkNanos(tickNanos);
        }
    }

    /** How many messages a client did not get, and why: it read too slowly, or the hub's queue was full for everyone. */
    static String droppedNotice(long count, String cause) {
        return "{\"type\":\"dropped\",\"count\":" + count + ",\"cause\":\"" + cause + "\"}";
    }

    private void offer(Client c, Frame f) {
        try {
            if (c.inFlight.get() >= maxInFlight) {
                c.skipped.addAndGet(f.messages() + f.notBroadcast()); // its server-busy notice too: told in the client's own
                dropped.addAndGet(f.messages());
                return;
            }
            long skipped = c.skipped.getAndSet(0);
            if (skipped > 0) {
                send(c, new Frame(ByteBuffer.wrap(("[" + droppedNotice(skipped, "slow-client") + "]").getBytes(StandardCharsets.US_ASCII)), 0, 0));
            }
            send(c, f);
        } catch (RuntimeException e) {
            LOG.warn("live client {}: {}", c.id, e.toString());
            drop(c, "send failed");
        }
    }

    private void send(Client c, Frame f) {
        if (c.inFlight.getAndIncrement() == 0) {
            c.lastProgress = System.nanoTime(); // the stall clock runs only while something is unwritten
        }
        c.out.send(f.bytes().duplicate(), () -> {
            c.lastProgress = System.nanoTime();
            c.inFlight.decrementAndGet();
            delivered.addAndGet(f.messages());
        }, err -> {
            LOG.debug("live client {} send failed: {}", c.id, err.toString());
            drop(c, "send failed");
        });
    }

    /** Disconnects the client; false if it was already gone. */
    private boolean drop(Client c, String reason) {
        if (clients.remove(c.id) == null) {
            return false;
        }
        try {
            c.out.disconnect(reason);
        } catch (RuntimeException e) {
            LOG.debug("disconnecting {}: {}", c.id, e.toString());
        }
        return true;
    }

    private static final class Client {
        final String id;
        final Outbound out;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicLong skipped = new AtomicLong();
        volatile long lastProgress = System.nanoTime();

        Client(String id, Outbound out) {
            this.id = id;
            this.out = out;
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
