package dev.cascade.cli;

import dev.cascade.core.time.TimeText;
import dev.cascade.core.analytics.CompletenessEstimator;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.core.port.FrameBus;
import dev.cascade.feed.FeedStatus;
import dev.cascade.feed.FrameQueue;
import dev.cascade.feed.IngestPlan;
import dev.cascade.feed.InstrumentLoader;
import dev.cascade.feed.LiveIngest;
import dev.cascade.feed.OpenInterestPoller;
import dev.cascade.feed.RunCompleteness;
import dev.cascade.feed.SessionSettings;
import dev.cascade.feed.WsSession;
import dev.cascade.replay.RecordedFeedWriter;
import dev.cascade.store.DuckDbStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Connect to the exchanges' public WebSocket feeds and store liquidations, open interest, funding, "
                + "mark prices and trades; reconnects with backoff and records every outage as a feed gap. Ctrl-C stops cleanly. "
                + "With --bus, publish the raw frames to Kafka instead (distributed mode, docs/scaleout.md)."})
public final class IngestCommand implements java.util.concurrent.Callable<Integer> {
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    @Mixin
    StoreOption store;

    @Option(names = "--exchanges", split = ",", paramLabel = "NAME",
            description = "Exchanges (default: all six): binance (= binance-usdm,binance-coinm), bybit (linear+inverse, or "
                    + "bybit-linear / bybit-inverse), okx, bitmex, deribit; gate and bitget only when named.")
    List<String> exchanges = IngestPlan.ALL;

    @Option(names = "--symbols", split = ",", paramLabel = "COIN",
            description = "Coins (default: BTC,ETH,SOL,XRP,DOGE); mapped to each venue's perpetuals.")
    List<String> symbols = IngestPlan.DEFAULT_COINS;

    @Option(names = "--record", paramLabel = "FILE", description = "Also write every raw frame to this recorded-feed file (.jsonl or .jsonl.gz).")
    Path record;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Stop after this long (e.g. 90s, 30m, 24h, 7d); default: until Ctrl-C.")
    String duration;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Handshake timeout per connection attempt (default: ${DEFAULT-VALUE}).")
    int connectTimeout;

    @Option(names = "--url", paramLabel = "KEY=URL",
            description = "Override a base URL: a venue's name for its WebSocket, name-rest for its REST API (binance-usdm, "
                    + "binance-usdm-rest, binance-coinm, binance-coinm-rest, bybit, okx, okx-rest, bitmex, bitmex-rest, deribit, gate, "
                    + "gate-rest, bitget), e.g. --url okx=ws://127.0.0.1:9000")
    Map<String, String> urls = new HashMap<>();

    @Option(names = "--no-oi-poll", description = "Do not poll Binance open interest over REST.")
    boolean noOiPoll;

    @Option(names = "--bus", paramLabel = "URL",
            description = "Distributed mode: publish every raw frame to this bus, e.g. kafka://127.0.0.1:9092[/TOPIC], instead of "
                    + "normalizing and storing it here (consumers do that: cascade-scaleout consume). Excludes --db. Needs the "
                    + "cascade-scaleout adapters on the classpath (./cascade-scaleout ingest, or ./cascade once they are built).")
    String bus;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        IngestPlan.Plan plan;
        long stopAfterMs;
        try {
            if (connectTimeout < 1 || connectTimeout > 300) {
                throw new IllegalArgumentException("--connect-timeout must be 1..300 seconds");
            }
            plan = IngestPlan.build(IngestPlan.exchanges(exchanges), IngestPlan.coins(symbols), IngestPlan.urls(urls), !noOiPoll);
            stopAfterMs = duration == null ? -1 : TimeText.durationMs("--duration", duration);
            if (bus != null && spec.commandLine().getParseResult().hasMatchedOption("--db")) {
                throw new IllegalArgumentException("--bus and --db exclude each other: with --bus the consumers store the events");
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (bus != null) {
            String missing = missingBusAdapter(bus);
            if (missing != null) {
                spec.commandLine().getErr().println("error: " + missing);
                return CascadeCli.EXIT_USAGE;
            }
        }
        PrintStream out = System.out;
        SessionSettings settings = new SessionSettings(SessionSettings.DEFAULTS.backoffInitial(), SessionSettings.DEFAULTS.backoffMax(),
                Duration.ofSeconds(connectTimeout), null, null, SessionSettings.DEFAULTS.maxMessageChars());
        Instruments instruments = Instruments.withDefaults();
        var loaderExecutor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "instrument-loader");
            t.setDaemon(true);
            return t;
        });
        try {
            InstrumentLoader loader = new InstrumentLoader(LiveIngest.newClient(loaderExecutor, Duration.ofSeconds(connectTimeout)), instruments);
            for (String line : IngestPlan.loadInstruments(plan, loader)) {
                out.println(line);
            }
        } finally {
            loaderExecutor.shutdownNow();
        }

        // Ctrl-C: the hook asks the loop to stop and waits until the store is closed (not just flushed).
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // Embedded: normalize -> DuckDB here. Distributed (--bus): raw frames -> bus; no store is opened.
        try (DuckDbStore db = bus == null ? DuckDbStore.open(store.db) : null; FrameBus frameBus = bus == null ? null : FrameBus.open(bus);
             RecordedFeedWriter recorder = record == null ? null : new RecordedFeedWriter(record)) {
            FrameQueue queue = FrameQueue.standard();
            LiveIngest ingest = frameBus == null
                    ? new LiveIngest(plan.connectors(), plan.polls(), settings, queue, instruments, db, recorder, 500)
                    : new LiveIngest(plan.connectors(), plan.polls(), settings, queue, instruments, frameBus, recorder, 500);
            Thread hook = new Thread(() -> {
                stop.countDown();
                try {
                    stopped.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "ingest-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            int connected = 0;
            long runStart = System.currentTimeMillis();
            try {
                ingest.start();
                out.println("connecting to " + plan.connectors().size() + " feeds (" + String.join(",", plan.coins()) + ") -> "
                        + (frameBus == null ? store.db : "bus " + bus)
                        + (record == null ? "" : " + " + record));
                Map<String, String> failures = new java.util.LinkedHashMap<>();
                for (WsSession s : ingest.sessions()) {
                    String failure = firstOutcome(s, connectTimeout + 5);
                    if (failure == null) {
                        connected++;
                        out.println(s.status().source() + ": connected");
                    } else {
                        failures.put(s.status().source(), failure);
                    }
                }
                failures.forEach((src, why) -> out.println(src + ": " + why));
                if (connected == 0) {
                    spec.commandLine().getErr().println("error: no exchange reachable (" + failures.size() + " of "
                            + ingest.sessions().size() + " feeds failed, see above); nothing ingested");
                    return CascadeCli.EXIT_FAILED;
                }
                if (!failures.isEmpty()) {
                    out.println(failures.size() + " feed(s) down: retrying them with backoff; their outage is recorded as a feed gap");
                }
                loop(ingest, stop, stopAfterMs, out);
            } finally {
                ingest.close();   // drains the queue and flushes: the store, or the bus until every frame is acknowledged
                if (db != null) {
                    db.flush();
                }
                if (recorder != null) {
                    recorder.flush();
                }
                if (connected > 0 && db != null) {
                    summary(ingest, db, out);
                    estimates(db, runStart, System.currentTimeMillis(), out);
                } else if (connected > 0) {
                    busSummary(ingest, bus, out);
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down: the hook is running
                }
            }
            if (ingest.writer().failure() != null) {
                spec.commandLine().getErr().println("error: " + (frameBus == null ? "store" : "bus") + " writer failed: "
                        + ingest.writer().failure().getMessage());
                return CascadeCli.EXIT_FAILED;
            }
            long rejected = ingest.pipeline().counts().values().stream().mapToLong(Pipeline.FeedCounts::malformed).sum();
            return rejected > 0 ? CascadeCli.EXIT_INPUT_REJECTED : CascadeCli.EXIT_OK;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open recorded-feed file " + record + ": " + e.getMessage(), e);
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Null if a bus adapter for the URL's scheme is on the classpath, else what to do about it. The app carries no bus
     * code: adapters are found with ServiceLoader in the cascade-scaleout jar.
     */
    static String missingBusAdapter(String url) {
        int sep = url.indexOf("://");
        if (sep <= 0) {
            return "--bus must be a URL like kafka://127.0.0.1:9092, got '" + url + "'";
        }
        String scheme = url.substring(0, sep);
        boolean found = ServiceLoader.load(FrameBus.Provider.class).stream().anyMatch(p -> p.get().scheme().equals(scheme));
        if (found) {
            return null;
        }
        return "no bus adapter for '" + scheme + "://' on the classpath. The Kafka bus is in the cascade-scaleout module: run "
                + "'./cascade-scaleout ingest --bus " + url + " ...', or put it on the classpath: java -cp "
                + "app/target/cascade-app.jar:scaleout/target/cascade-scaleout.jar dev.cascade.cli.CascadeCli ingest --bus " + url
                + " (build both with: mvn -DskipTests package)";
    }

    /** Distributed mode: what each feed sent to the bus, and the gaps (which stay here: envelope v1 carries frames only). */
    private static void busSummary(LiveIngest ingest, String bus, PrintStream out) {
        out.println();
        out.println(Format.pad("feed", 16) + Format.padLeft("frames", 10) + Format.padLeft("gaps", 6) + "  completeness");
        for (WsSession s : ingest.sessions()) {
            out.println(Format.pad(s.status().source(), 16) + Format.padLeft(Long.toString(s.status().frames()), 10)
                    + Format.padLeft(Long.toString(s.status().gaps()), 6) + "  " + s.status().completeness());
        }
        out.printf(Locale.ROOT, "published %d frames to %s%s%n", ingest.writer().frames(), bus,
                ingest.writer().failure() == null ? " (all acknowledged)" : " (NOT all acknowledged, see the error)");
        for (dev.cascade.core.model.FeedGap g : ingest.writer().busGaps()) {
            out.println("gap (sent on the bus): " + g.source() + " " + Instant.ofEpochMilli(g.fromTs()) + " .. "
                    + Instant.ofEpochMilli(g.toTs()) + " " + g.reason());
        }
    }

    private static String firstOutcome(WsSession s, int seconds) throws InterruptedException {
        try {
            return s.firstAttempt().get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return "no answer within " + seconds + " s";
        } catch (ExecutionException e) {
            return e.getCause().toString();
        }
    }

    private void loop(LiveIngest ingest, CountDownLatch stop, long stopAfterMs, PrintStream out) throws InterruptedException {
        boolean tty = System.console() != null;
        long start = System.currentTimeMillis();
        Map<String, Long> lastFrames = new HashMap<>();
        long lastAt = System.nanoTime();
        int printedLines = 0;
        long tick = 0;
        while (!stop.await(1, TimeUnit.SECONDS)) {
            if (ingest.writer().failure() != null) {
                out.println("error: writer failed: " + ingest.writer().failure());
                return;
            }
            long now = System.nanoTime();
            double secs = (now - lastAt) / 1e9;
            lastAt = now;
            tick++;
            List<String> lines = statusLines(ingest, lastFrames, secs);
            if (tty) {
                if (printedLines > 0) {
                    out.print("\033[" + printedLines + "A");
                }
                for (String l : lines) {
                    out.print("\033[2K" + l + "\n");
                }
                printedLines = lines.size();
            } else if (tick % 10 == 0) {
                lines.forEach(out::println);
            }
            out.flush();
            if (stopAfterMs >= 0 && System.currentTimeMillis() - start >= stopAfterMs) {
                return;
            }
        }
    }

    static List<String> statusLines(LiveIngest ingest, Map<String, Long> lastFrames, double secs) {
        Map<String, Pipeline.FeedCounts> counts = ingest.pipeline().counts();
        List<String> lines = new java.util.ArrayList<>();
        for (WsSession s : ingest.sessions()) {
            FeedStatus st = s.status();
            long frames = st.frames();
            long prev = lastFrames.getOrDefault(st.source(), frames);
            lastFrames.put(st.source(), frames);
            Pipeline.FeedCounts c = counts.get(st.source());
            long last = st.lastFrameAt();
            // "UP" with a refused subscription or a silent stream would hide missing data: say DEGRADED and what.
            boolean degraded = st.state() == FeedStatus.State.UP && st.degraded();
            lines.add(String.format(Locale.ROOT, "%-14s %-10s %7.0f msg/s  last %s  gaps %d  bad %d  %s%s%s", st.source(),
                    degraded ? "DEGRADED" : st.state(),
                    (frames - prev) / Math.max(secs, 1e-3), last < 0 ? "--:--:--" : HMS.format(Instant.ofEpochMilli(last)),
                    st.gaps(), c == null ? 0 : c.malformed(), completenessNote(st),
                    st.state() == FeedStatus.State.UP || st.lastError() == null ? "" : "  (" + st.lastError() + ")",
                    degraded ? "  (" + st.problems() + ")" : ""));
        }
        for (OpenInterestPoller p : ingest.pollers()) {
            lines.add(String.format(Locale.ROOT, "%-14s %-10s %d polls, %d errors, every %d ms%s", p.source() + " OI", "REST", p.polls(),
                    p.errors(), p.currentDelayMs(), p.lastError() == null ? "" : "  (" + p.lastError() + ")"));
        }
        return lines;
    }

    private static String completenessNote(FeedStatus st) {
        return switch (st.completeness()) {
            case COMPLETE -> "[complete]";
            case SAMPLED_1S_PER_SYMBOL -> "[lower bound: 1/s/symbol]";
            case PARTIAL -> "[lower bound: partial]";
            case ENGINE_ORDERS -> "[engine orders]";
            default -> "[" + st.completeness() + "]";
        };
    }

    /** Observed liquidations of this run per source, and the ESTIMATED true total of the undercounting ones. */
    private static void estimates(DuckDbStore db, long from, long to, PrintStream out) {
        List<CompletenessEstimator.Estimate> es;
        try (java.sql.Connection c = db.connect()) {
            es = RunCompleteness.estimate(c, from, to);
        } catch (java.sql.SQLException e) {
            out.println("(no completeness estimate: " + e.getMessage() + ")");
            return;
        }
        if (es.isEmpty()) {
            return;
        }
        out.println("liquidations this run: observed, and an ESTIMATE of the true total where a feed undercounts (docs/ingest.md)");
        for (CompletenessEstimator.Estimate e : es) {
            out.println(Format.pad(e.source(), 16) + Format.padLeft(Format.usdShort(e.observedUsd()), 12) + "  "
                    + (e.isEstimate() ? "estimate " + Format.usdShort(e.estimatedUsd()) + "  (" + e.label() + ")" : e.label()));
        }
    }

    private static void summary(LiveIngest ingest, DuckDbStore db, PrintStream out) {
        DuckDbStore.Stats stats = db.stats();
        out.println();
        out.println(Format.pad("feed", 16) + Format.padLeft("frames", 10) + Format.padLeft("events", 10) + Format.padLeft("rejected", 10)
                + Format.padLeft("gaps", 6) + "  completeness");
        Map<String, Pipeline.FeedCounts> counts = ingest.pipeline().counts();
        for (WsSession s : ingest.sessions()) {
            Pipeline.FeedCounts c = counts.get(s.status().source());
            out.println(Format.pad(s.status().source(), 16) + Format.padLeft(Long.toString(c == null ? 0 : c.frames()), 10)
                    + Format.padLeft(Long.toString(c == null ? 0 : c.events()), 10)
                    + Format.padLeft(Long.toString(c == null ? 0 : c.malformed()), 10)
                    + Format.padLeft(Long.toString(s.status().gaps()), 6) + "  " + s.status().completeness()
                    + (s.status().completeness().isLowerBound() ? " (totals are a lower bound)" : ""));
        }
        out.printf(Locale.ROOT, "stored %d new events (%d duplicates dropped); receive->stored p99 %.1f ms%n", stats.stored(),
                stats.duplicates(), ingest.writer().commitLatency().quantileMs(0.99));
    }
}
