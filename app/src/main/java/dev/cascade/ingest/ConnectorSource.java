package dev.cascade.ingest;

import dev.cascade.core.venue.ExchangeConnector;
import dev.cascade.feed.FeedStatus;
import dev.cascade.feed.FrameQueue;
import dev.cascade.feed.RestPoller;
import dev.cascade.feed.PollSpec;
import dev.cascade.feed.SessionSettings;
import dev.cascade.feed.WsSession;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live exchange connectors as a source: one {@link WsSession} per connector (reconnects with backoff, records
 * outages as feed gaps) and the REST open-interest pollers, all feeding the spine's queue with backpressure.
 */
public final class ConnectorSource implements SpineSource {
    private final List<ExchangeConnector> connectors;
    private final List<PollSpec> polls;
    private final SessionSettings settings;
    private final ExecutorService httpExecutor;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final ScheduledExecutorService pollScheduler;
    private final List<WsSession> sessions = new ArrayList<>();
    private final List<RestPoller> pollers = new ArrayList<>();

    public ConnectorSource(List<ExchangeConnector> connectors, List<PollSpec> polls, SessionSettings settings) {
        this.connectors = List.copyOf(connectors);
        this.polls = List.copyOf(polls);
        this.settings = settings;
        AtomicInteger n = new AtomicInteger();
        this.httpExecutor = Executors.newCachedThreadPool(r -> daemon(r, "ws-io-" + n.incrementAndGet()));
        this.client = newClient(httpExecutor, settings.connectTimeout());
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(2, r -> daemon(r, "feed-timer-" + n.incrementAndGet()));
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
        // Pollers block on HTTP: their own thread, so a slow REST call never delays a socket's ping or stale check.
        this.pollScheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "rest-poller"));
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

    @Override
    public synchronized void start(FrameQueue queue) {
        if (!sessions.isEmpty() || !pollers.isEmpty()) {
            throw new IllegalStateException("connectors already started");
        }
        for (ExchangeConnector c : connectors) {
            sessions.add(new WsSession(c, settings, client, queue, scheduler, System::currentTimeMillis));
        }
        for (PollSpec p : polls) {
            pollers.add(new RestPoller(p, client, queue, pollScheduler, System::currentTimeMillis));
        }
        sessions.forEach(WsSession::start);
        pollers.forEach(RestPoller::start);
    }

    /** The sessions, one per connector (empty before {@link #start}). */
    public synchronized List<WsSession> sessions() {
        return List.copyOf(sessions);
    }

    public synchronized List<RestPoller> pollers() {
        return List.copyOf(pollers);
    }

    public HttpClient client() {
        return client;
    }

    @Override
    public synchronized List<SourceStatus> status() {
        List<SourceStatus> out = new ArrayList<>();
        for (WsSession s : sessions) {
            FeedStatus st = s.status();
            String shown = st.shownState();
            // A degraded link names its refused subscriptions and silent streams, as the CLI status line does.
            out.add(new SourceStatus(st.source(), "websocket", shown, st.frames(), st.gaps(),
                    st.completeness().name(), st.completeness().isLowerBound(), st.lastFrameAt(),
                    st.state() == FeedStatus.State.UP ? null : st.lastError(), shown.equals("DEGRADED") ? st.problems() : null));
        }
        for (RestPoller p : pollers) {
            out.add(new SourceStatus(p.source() + " OI", "rest", p.lastError() == null ? "POLLING" : "ERRORS", p.polls(), 0,
                    null, false, -1, p.lastError(), p.polls() + " polls, " + p.errors() + " errors, every " + p.currentDelayMs() + " ms"));
        }
        return out;
    }

    /** Stops pollers and sockets (recording open outages as gaps); what they queued is still written by the spine. */
    @Override
    public void close() {
        List<RestPoller> ps;
        List<WsSession> ss;
        synchronized (this) {
            ps = List.copyOf(pollers);
            ss = List.copyOf(sessions);
        }
        ps.forEach(RestPoller::close);
        ss.forEach(WsSession::close);
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
