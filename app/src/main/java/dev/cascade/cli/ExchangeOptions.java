package dev.cascade.cli;

import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.venue.RestPoll;
import dev.cascade.feed.IngestPlan;
import dev.cascade.feed.InstrumentLoader;
import dev.cascade.feed.SessionSettings;
import dev.cascade.feed.WsSession;
import dev.cascade.ingest.ConnectorSource;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The live-exchange flags `ingest` and `serve` share (same names, same defaults), and connecting to them. */
final class ExchangeOptions {
    @Option(names = "--exchanges", split = ",", paramLabel = "NAME",
            description = "Exchanges (default: all six): binance (= binance-usdm,binance-coinm), bybit (linear+inverse, or "
                    + "bybit-linear / bybit-inverse), okx, bitmex, deribit; gate and bitget only when named.")
    List<String> exchanges = IngestPlan.ALL;

    @Option(names = "--symbols", split = ",", paramLabel = "COIN",
            description = "Coins (default: BTC,ETH,SOL,XRP,DOGE); mapped to each venue's perpetuals.")
    List<String> symbols = IngestPlan.DEFAULT_COINS;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Handshake timeout per connection attempt (default: ${DEFAULT-VALUE}).")
    int connectTimeout;

    @Option(names = "--url", paramLabel = "KEY=URL",
            description = "Override a base URL: a venue's name for its WebSocket, name-rest for its REST API (binance-usdm, "
                    + "binance-usdm-rest, binance-coinm, binance-coinm-rest, binance-spot, bybit, bybit-rest, okx, okx-rest, bitmex, "
                    + "bitmex-rest, deribit, gate, gate-rest, bitget), e.g. --url okx=ws://127.0.0.1:9000")
    Map<String, String> urls = new HashMap<>();

    @Option(names = "--no-oi-poll", description = "Do not poll Binance open interest over REST.")
    boolean noOiPoll;

    @Option(names = "--no-ratio-poll", description = "Do not poll the long/short account ratios of Binance, Bybit and OKX over REST.")
    boolean noRatioPoll;

    /** The REST poll kinds the flags leave on. */
    private Set<RestPoll.Kind> polled() {
        Set<RestPoll.Kind> kinds = EnumSet.allOf(RestPoll.Kind.class);
        if (noOiPoll) {
            kinds.remove(RestPoll.Kind.OPEN_INTEREST);
        }
        if (noRatioPoll) {
            kinds.remove(RestPoll.Kind.LONG_SHORT_RATIO);
        }
        return kinds;
    }

    /** The connectors and pollers the flags ask for; a bad flag is a usage error naming it. */
    IngestPlan.Plan plan(CommandLine.Model.CommandSpec spec) {
        try {
            if (connectTimeout < 1 || connectTimeout > 300) {
                throw new IllegalArgumentException("--connect-timeout must be 1..300 seconds");
            }
            return IngestPlan.build(IngestPlan.exchanges(exchanges), IngestPlan.coins(symbols), IngestPlan.urls(urls), polled());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Loads the venues' instrument metadata into {@code instruments} (one line per venue) and makes the source. */
    ConnectorSource source(IngestPlan.Plan plan, Instruments instruments, PrintStream out) {
        ExecutorService loaderExecutor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "instrument-loader");
            t.setDaemon(true);
            return t;
        });
        try {
            InstrumentLoader loader = new InstrumentLoader(ConnectorSource.newClient(loaderExecutor, Duration.ofSeconds(connectTimeout)),
                    instruments);
            for (String line : IngestPlan.loadInstruments(plan, loader)) {
                out.println(line);
            }
        } finally {
            loaderExecutor.shutdownNow();
        }
        SessionSettings settings = new SessionSettings(SessionSettings.DEFAULTS.backoffInitial(), SessionSettings.DEFAULTS.backoffMax(),
                Duration.ofSeconds(connectTimeout), null, null, SessionSettings.DEFAULTS.maxMessageChars());
        return new ConnectorSource(plan.connectors(), plan.polls(), settings);
    }

    /**
     * Waits for each venue's first connection attempt and prints one line per venue: "connected", or why not. Venues
     * that failed keep retrying with backoff. Returns how many connected.
     */
    int reportFirstAttempts(ConnectorSource source, PrintStream out) throws InterruptedException {
        int connected = 0;
        Map<String, String> failures = new LinkedHashMap<>();
        for (WsSession s : source.sessions()) {
            String failure = firstOutcome(s, connectTimeout + 5);
            if (failure == null) {
                connected++;
                out.println(s.status().source() + ": connected");
            } else {
                failures.put(s.status().source(), failure);
            }
        }
        failures.forEach((src, why) -> out.println(src + ": " + why));
        if (!failures.isEmpty() && connected > 0) {
            out.println(failures.size() + " feed(s) down: retrying them with backoff; their outage is recorded as a feed gap");
        }
        out.flush();
        return connected;
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
}
