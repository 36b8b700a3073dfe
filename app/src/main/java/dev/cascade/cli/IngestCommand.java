package dev.cascade.cli;

import dev.cascade.core.time.TimeText;
import dev.cascade.core.analytics.CompletenessEstimator;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.core.port.FrameBus;
import dev.cascade.feed.FeedStatus;
import dev.cascade.feed.FrameQueue;
import dev.cascade.feed.IngestPlan;
import dev.cascade.feed.RestPoller;
import dev.cascade.feed.WsSession;
import dev.cascade.ingest.BusSink;
import dev.cascade.ingest.ConnectorSource;
import dev.cascade.ingest.RecordingSink;
import dev.cascade.ingest.Spine;
import dev.cascade.ingest.SpineSink;
import dev.cascade.ingest.StoreSink;
import dev.cascade.replay.RecordedFeedWriter;
import dev.cascade.store.DuckDbStore;
import dev.cascade.store.ReadAccess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Connect to the exchanges' public WebSocket feeds and store liquidations, open interest, funding, "
                + "mark prices and trades; reconnects with backoff and records every outage as a feed gap. Ctrl-C stops cleanly. "
                + "The same ingest as `serve`, without HTTP; query, export, autopsy, liqmap and stress read the store meanwhile. "
                + "With --bus, publish the raw frames to Kafka instead (distributed mode, docs/scaleout.md)."})
public final class IngestCommand implements java.util.concurrent.Callable<Integer> {
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    @Mixin
    StoreOption store;

    @Mixin
    ExchangeOptions venues;

    @Mixin
    RetentionOption retention;

    @Option(names = "--record", paramLabel = "FILE", description = "Also write every raw frame to this recorded-feed file (.jsonl or .jsonl.gz).")
    Path record;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Stop after this long (e.g. 90s, 30m, 24h, 7d); default: until Ctrl-C.")
    String duration;

    @Option(names = "--bus", paramLabel = "URL",
            description = "Distributed mode: publish every raw frame to this bus, e.g. kafka://127.0.0.1:9092[/TOPIC], instead of "
                    + "normalizing and storing it here (consumers do that: cascade-scaleout consume). Excludes --db. Needs the "
                    + "cascade-scaleout adapters on the classpath (./cascade-scaleout ingest, or ./cascade once they are built).")
    String bus;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        IngestPlan.Plan plan = venues.plan(spec);
        java.time.Duration keepRaw = retention.period(spec);
        long stopAfterMs;
        try {
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
        Instruments instruments = Instruments.withDefaults();
        ConnectorSource connectors = venues.source(plan, instruments, out);

        // Ctrl-C: the hook asks the loop to stop and waits until the store is closed (not just flushed).
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // Embedded: normalize -> DuckDB here (readable meanwhile, see ReadAccess). Distributed (--bus): raw frames -> bus.
        try (DuckDbStore db = bus == null ? DuckDbStore.open(store.db) : null; FrameBus frameBus = bus == null ? null : FrameBus.open(bus);
             RecordedFeedWriter recorder = record == null ? null : new RecordedFeedWriter(record)) {
            if (db != null) {
                db.retainRaw(keepRaw);
            }
            List<SpineSink> sinks = new ArrayList<>();
            if (recorder != null) {
                sinks.add(new RecordingSink(recorder));
            }
            BusSink busSink = frameBus == null ? null : new BusSink(frameBus);
            sinks.add(busSink != null ? busSink : new StoreSink(db));
            Spine spine = new Spine(instruments, sinks, FrameQueue.standard(), 500);
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
            try (ReadAccess.Published readers = db == null ? null : ReadAccess.publish(db, store.db)) {
                spine.start(connectors);
                out.println("connecting to " + plan.connectors().size() + " feeds (" + String.join(",", plan.coins()) + ") -> "
                        + (frameBus == null ? store.db : "bus " + bus)
                        + (record == null ? "" : " + " + record));
                connected = venues.reportFirstAttempts(connectors, out);
                if (connected == 0) {
                    int n = connectors.sessions().size();
                    spec.commandLine().getErr().println("error: no exchange reachable (" + n + " of " + n
                            + " feeds failed, see above); nothing ingested");
                    return CascadeCli.EXIT_FAILED;
                }
                loop(spine, connectors, stop, stopAfterMs, out);
            } finally {
                spine.close();   // drains the queue and flushes: the store, or the bus until every frame is acknowledged
                if (connected > 0 && db != null) {
                    summary(spine, connectors, db, out);
                    estimates(db, runStart, System.currentTimeMillis(), out);
                } else if (connected > 0) {
                    busSummary(spine, connectors, busSink, bus, out);
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down: the hook is running
                }
            }
            if (spine.halted() != null) {
                spec.commandLine().getErr().println("error: ingestion stopped: " + spine.halted().getMessage());
                return CascadeCli.EXIT_FAILED;
            }
            if (spine.lastFailure() != null) {
                spec.commandLine().getErr().println("error: " + spine.failures() + " " + (frameBus == null ? "store" : "bus")
                        + " write(s) failed, the last: " + spine.lastFailure().getMessage());
                return CascadeCli.EXIT_FAILED;
            }
            long rejected = spine.counts().values().stream().mapToLong(Pipeline.FeedCounts::malformed).sum();
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
    private static void busSummary(Spine spine, ConnectorSource connectors, BusSink busSink, String bus, PrintStream out) {
        out.println();
        out.println(Format.pad("feed", 16) + Format.padLeft("frames", 10) + Format.padLeft("gaps", 6) + "  completeness");
        for (WsSession s : connectors.sessions()) {
            out.println(Format.pad(s.status().source(), 16) + Format.padLeft(Long.toString(s.status().frames()), 10)
                    + Format.padLeft(Long.toString(s.status().gaps()), 6) + "  " + s.status().completeness());
        }
        out.printf(Locale.ROOT, "published %d frames to %s%s%n", spine.frames(), bus,
                spine.lastFailure() == null ? " (all acknowledged)" : " (NOT all acknowledged, see the error)");
        for (dev.cascade.core.model.FeedGap g : busSink.gaps()) {
            out.println("gap (sent on the bus): " + g.source() + " " + Instant.ofEpochMilli(g.fromTs()) + " .. "
                    + Instant.ofEpochMilli(g.toTs()) + " " + g.reason());
        }
    }

    private void loop(Spine spine, ConnectorSource connectors, CountDownLatch stop, long stopAfterMs, PrintStream out)
            throws InterruptedException {
        boolean tty = System.console() != null;
        long start = System.currentTimeMillis();
        Map<String, Long> lastFrames = new HashMap<>();
        long lastAt = System.nanoTime();
        int printedLines = 0;
        long tick = 0;
        while (!stop.await(1, TimeUnit.SECONDS) && spine.halted() == null) {
            long now = System.nanoTime();
            double secs = (now - lastAt) / 1e9;
            lastAt = now;
            tick++;
            List<String> lines = statusLines(spine, connectors, lastFrames, secs);
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

    static List<String> statusLines(Spine spine, ConnectorSource connectors, Map<String, Long> lastFrames, double secs) {
        Map<String, Pipeline.FeedCounts> counts = spine.counts();
        List<String> lines = new java.util.ArrayList<>();
        for (WsSession s : connectors.sessions()) {
            FeedStatus st = s.status();
            long frames = st.frames();
            long prev = lastFrames.getOrDefault(st.source(), frames);
            lastFrames.put(st.source(), frames);
            Pipeline.FeedCounts c = counts.get(st.source());
            long last = st.lastFrameAt();
            // "UP" with a refused subscription or a silent stream would hide missing data: say DEGRADED and what.
            String shown = st.shownState();
            boolean degraded = shown.equals("DEGRADED");
            lines.add(String.format(Locale.ROOT, "%-14s %-10s %7.0f msg/s  last %s  gaps %d  bad %d  %s%s%s", st.source(),
                    shown,
                    (frames - prev) / Math.max(secs, 1e-3), last < 0 ? "--:--:--" : HMS.format(Instant.ofEpochMilli(last)),
                    st.gaps(), c == null ? 0 : c.malformed(), completenessNote(st),
                    st.state() == FeedStatus.State.UP || st.lastError() == null ? "" : "  (" + st.lastError() + ")",
                    degraded ? "  (" + st.problems() + ")" : ""));
        }
        for (RestPoller p : connectors.pollers()) {
            lines.add(String.format(Locale.ROOT, "%-14s %-10s %d polls, %d errors, every %d ms%s", p.source() + " " + p.what(), "REST", p.polls(),
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
        try {
            es = db.estimateCompleteness(from, to);
        } catch (RuntimeException e) {
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

    private static void summary(Spine spine, ConnectorSource connectors, DuckDbStore db, PrintStream out) {
        DuckDbStore.Stats stats = db.stats();
        out.println();
        out.println(Format.pad("feed", 16) + Format.padLeft("frames", 10) + Format.padLeft("events", 10) + Format.padLeft("rejected", 10)
                + Format.padLeft("gaps", 6) + "  completeness");
        Map<String, Pipeline.FeedCounts> counts = spine.counts();
        for (WsSession s : connectors.sessions()) {
            Pipeline.FeedCounts c = counts.get(s.status().source());
            out.println(Format.pad(s.status().source(), 16) + Format.padLeft(Long.toString(c == null ? 0 : c.frames()), 10)
                    + Format.padLeft(Long.toString(c == null ? 0 : c.events()), 10)
                    + Format.padLeft(Long.toString(c == null ? 0 : c.malformed()), 10)
                    + Format.padLeft(Long.toString(s.status().gaps()), 6) + "  " + s.status().completeness()
                    + (s.status().completeness().isLowerBound() ? " (totals are a lower bound)" : ""));
        }
        out.printf(Locale.ROOT, "stored %d new events (%d duplicates dropped); receive->stored p99 %.1f ms%n", stats.stored(),
                stats.duplicates(), spine.commitLatency().quantileMs(0.99));
    }
}
