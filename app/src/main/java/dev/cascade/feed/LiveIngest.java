package dev.cascade.feed;

import dev.cascade.core.venue.ExchangeConnector;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.core.port.FrameBus;
import dev.cascade.replay.RecordedFeedWriter;
import dev.cascade.store.DuckDbStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wires a live ingest: sessions (one per connector) and REST pollers feed one bounded {@link FrameQueue}; one
 * {@link IngestWriter} normalizes and stores. Used by {@code cascade ingest}, the fault tests and the soak test.
 * With a {@link FrameBus} (distributed mode, {@code cascade ingest --bus kafka://...}) the writer publishes the raw
 * frames to the bus instead; nothing is normalized or stored in this process.
 */
public final class LiveIngest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveIngest.class);

    /** A REST poller to run alongside the sockets. */
    public record PollSpec(String source, java.net.URI base, String path, List<String> symbols, Duration interval) {
    }

    private final ExecutorService httpExecutor;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final ScheduledExecutorService pollScheduler;
    private final FrameQueue queue;
    private final Pipeline pipeline;
    private final IngestWriter writer;
    private final List<WsSession> sessions = new ArrayList<>();
    private final List<OpenInterestPoller> pollers = new ArrayList<>();
    private final Map<String, AtomicLong> rejectLogs = new ConcurrentHashMap<>();

    public LiveIngest(List<ExchangeConnector> connectors, List<PollSpec> polls, SessionSettings settings, FrameQueue queue,
                      Instruments instruments, DuckDbStore store, RecordedFeedWriter recorder, long flushMs) {
        this(connectors, polls, settings, queue, instruments, store, null, recorder, flushMs);
    }

    /** Distributed mode: sessions and pollers as usual, raw frames to {@code bus} (flushed every {@code flushMs}). */
    public LiveIngest(List<ExchangeConnector> connectors, List<PollSpec> polls, SessionSettings settings, FrameQueue queue,
                      Instruments instruments, FrameBus bus, RecordedFeedWriter recorder, long flushMs) {
        this(connectors, polls, settings, queue, instruments, null, java.util.Objects.requireNonNull(bus, "bus"), recorder, flushMs);
    }

    private LiveIngest(List<ExchangeConnector> connectors, List<PollSpec> polls, SessionSettings settings, FrameQueue queue,
                       Instruments instruments, DuckDbStore store, FrameBus bus, RecordedFeedWriter recorder, long flushMs) {
        this.queue = queue;
        AtomicInteger n = new AtomicInteger();
        this.httpExecutor = Executors.newCachedThreadPool(r -> daemon(r, "ws-io-" + n.incrementAndGet()));
        this.client = newClient(httpExecutor, settings.connectTimeout());
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(2, r -> daemon(r, "feed-timer-" + n.incrementAndGet()));
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
        // Pollers block on HTTP: their own thread, so a slow REST call never delays a socket's ping or stale check.
        this.pollScheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "rest-poller"));
        if (bus == null) {
            this.pipeline = new Pipeline(instruments, store, this::rejected);
            this.writer = new IngestWriter(queue, pipeline, store, recorder, flushMs);
        } else {
            // Consumers normalize; this pipeline only keeps the (empty) counts the status lines read.
            this.pipeline = new Pipeline(instruments, e -> {
                throw new IllegalStateException("bus mode normalizes nothing locally");
            }, this::rejected);
            this.writer = IngestWriter.toBus(queue, bus, recorder, flushMs);
        }
        for (ExchangeConnector c : connectors) {
            sessions.add(new WsSession(c, settings, client, queue, scheduler, System::currentTimeMillis));
        }
        for (PollSpec p : polls) {
            pollers.add(new OpenInterestPoller(p.source(), p.base(), p.path(), p.symbols(), p.interval(), client, queue,
                    pollScheduler, System::currentTimeMillis));
        }
    }

    public static HttpClient newClient(ExecutorService executor, Duration connectTimeout) {
        return HttpClient.newBuilder().executor(executor).connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Malformed frames are counted by the pipeline; the log gets the first few per source, then every 1000th. */
    private void rejected(String source, String frame, String reason) {
        long k = rejectLogs.computeIfAbsent(source, x -> new AtomicLong()).incrementAndGet();
        if (k <= 5 || k % 1000 == 0) {
            String head = frame.length() > 120 ? frame.substring(0, 120) + "..." : frame;
            LOG.warn("{}: rejected frame #{} ({}): {}", source, k, reason, head);
        }
    }

    public LiveIngest start() {
        writer.start();
        for (WsSession s : sessions) {
            s.start();
        }
        for (OpenInterestPoller p : pollers) {
            p.start();
        }
        return this;
    }

    public List<WsSession> sessions() {
        return sessions;
    }

    public List<OpenInterestPoller> pollers() {
        return pollers;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public IngestWriter writer() {
        return writer;
    }

    public FrameQueue queue() {
        return queue;
    }

    public HttpClient client() {
        return client;
    }

    /** Stops sockets and pollers (recording open outages as gaps), then drains the queue into the store. */
    @Override
    public void close() {
        for (OpenInterestPoller p : pollers) {
            p.close();
        }
        for (WsSession s : sessions) {
            s.close();
        }
        writer.close();
        scheduler.shutdownNow();
        pollScheduler.shutdownNow();
        httpExecutor.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
