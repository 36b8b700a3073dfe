package dev.cascade.feed;

import dev.cascade.core.venue.RestPoll;
import dev.cascade.core.venue.binance.BinanceVenue;
import dev.cascade.core.venue.bitmex.BitmexVenue;
import dev.cascade.core.venue.gate.GateVenue;
import dev.cascade.core.venue.okx.OkxVenue;
import dev.cascade.ingest.ConnectorSource;
import dev.cascade.ingest.Spine;
import dev.cascade.ingest.StoreSink;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.feed.fake.FakeRest;
import dev.cascade.store.DuckDbStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * REST pieces against 127.0.0.1 fakes: Binance OI polling with rate-limit backoff, the long/short ratio polls of three
 * venues, and the instrument loaders.
 */
class RestPollingTest {
    /** Pollers feeding a spine that stores into {@code store}; closing stops the pollers' scheduler and drains the spine. */
    private static final class Rig implements AutoCloseable {
        final FrameQueue queue = FrameQueue.standard();
        final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        final java.util.concurrent.ExecutorService exec = Executors.newCachedThreadPool();
        final HttpClient client = ConnectorSource.newClient(exec, Duration.ofSeconds(2));
        final Spine spine;
        private Map<String, dev.cascade.core.normalize.Pipeline.FeedCounts> counts;

        Rig(DuckDbStore store) {
            spine = new Spine(Instruments.withDefaults(), List.of(new StoreSink(store)), queue, 20).start();
        }

        RestPoller poller(PollSpec spec) {
            return new RestPoller(spec, client, queue, scheduler, System::currentTimeMillis);
        }

        /** Stops polling, stores what was polled and returns the normalizer counts per feed (idempotent). */
        Map<String, dev.cascade.core.normalize.Pipeline.FeedCounts> stop() throws InterruptedException {
            if (counts == null) {
                scheduler.shutdownNow();
                scheduler.awaitTermination(2, TimeUnit.SECONDS);
                spine.flushNow();
                counts = spine.counts();
                spine.close();
                exec.shutdownNow();
            }
            return counts;
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    @Test
    void openInterestPollerStoresEachPollAndBacksOffOnRateLimits() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (FakeRest rest = new FakeRest(pq -> {
            int k = n.incrementAndGet();
            if (k == 3) {
                return new FakeRest.Reply(429, "{\"code\":-1003,\"msg\":\"Too many requests\"}", Map.of());
            }
            String sym = pq.substring(pq.indexOf("symbol=") + 7);
            // The weight header crosses the soft limit on the 5th call: the poller must slow down, not stop.
            return new FakeRest.Reply(200, "{\"openInterest\":\"10659.509\",\"symbol\":\"" + sym + "\",\"time\":" + (1589437530011L + k) + "}",
                    Map.of("x-mbx-used-weight-1m", k == 5 ? "2000" : "10"));
        }); DuckDbStore store = DuckDbStore.open(null); Rig rig = new Rig(store)) {
            RestPoll oi = RestPoll.openInterest("/fapi/v1/openInterest", BinanceVenue::usdmSymbol, Duration.ofMillis(50));
            RestPoller poller = rig.poller(new PollSpec("binance-usdm", rest.base(), oi, oi.queries(List.of("BTC", "ETH"))));
            poller.start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (poller.rateLimited() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            long delayAfterLimits = poller.currentDelayMs();
            while (poller.polls() < 6 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            poller.close();
            rig.stop();
            assertThat(poller.rateLimited()).isEqualTo(2);
            assertThat(delayAfterLimits).isGreaterThan(50);
            assertThat(poller.polls()).isGreaterThanOrEqualTo(6);
            assertThat(rest.requests).allMatch(r -> r.startsWith("/fapi/v1/openInterest?symbol="));
            try (Connection c = store.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), min(oi_base_e8) FROM open_interest WHERE source = 'binance-usdm'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(poller.polls());
                assertThat(rs.getLong(2)).isEqualTo(Fixed.parse("10659.509", Fixed.E8));
            }
        }
    }

    /**
     * The long/short account ratio polls of Binance, Bybit and OKX as the registry defines them, against one fake REST
     * server answering each venue's path in its documented shape: every row is stored once with its period (the polls
     * repeat, the rows do not), and hostile answers (an error body, garbage, a body past the size bound) are counted,
     * never stored, never fatal.
     */
    @Test
    void longShortRatioPollsOfThreeVenuesAreStoredOnceWithTheirPeriod() throws Exception {
        long t = 1_760_130_000_000L;
        AtomicInteger okxCalls = new AtomicInteger();
        try (FakeRest rest = new FakeRest(pq -> {
            if (pq.startsWith("/futures/data/globalLongShortAccountRatio?symbol=BTCUSDT&period=5m")) {
                return FakeRest.Reply.ok("[{\"symbol\":\"BTCUSDT\",\"longShortRatio\":\"1.8105\",\"longAccount\":\"0.6442\","
                        + "\"shortAccount\":\"0.3558\",\"timestamp\":" + t + "},{\"symbol\":\"BTCUSDT\",\"longShortRatio\":\"1.5\","
                        + "\"longAccount\":\"0.6\",\"shortAccount\":\"0.4\",\"timestamp\":" + (t + 300_000) + "}]");
            } else if (pq.startsWith("/futures/data/globalLongShortAccountRatio")) {
                return FakeRest.Reply.ok("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}"); // ETHUSDT: the venue's error
            } else if (pq.startsWith("/v5/market/account-ratio?category=linear&symbol=BTCUSDT&period=5min")) {
                return FakeRest.Reply.ok("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"list\":[{\"symbol\":\"BTCUSDT\",\"buyRatio\":\"0.5777\","
                        + "\"sellRatio\":\"0.4223\",\"timestamp\":\"" + t + "\"}],\"nextPageCursor\":\"\"},\"retExtInfo\":{},\"time\":" + t + "}");
            } else if (pq.startsWith("/v5/market/account-ratio")) {
                return FakeRest.Reply.ok("x".repeat(RestPoller.MAX_BODY_BYTES + 10)); // past the bound: not read on
            } else if (pq.startsWith("/api/v5/rubik/stat/contracts/long-short-account-ratio-contract?instId=BTC-USDT-SWAP&period=5m")) {
                okxCalls.incrementAndGet();
                return FakeRest.Reply.ok("{\"code\":\"0\",\"msg\":\"\",\"data\":[[\"" + t + "\",\"1.1739\"],[\"" + (t - 300_000) + "\",\"0.9\"]]}");
            } else if (pq.startsWith("/api/v5/rubik")) {
                return FakeRest.Reply.ok("<html>gateway timeout</html>");
            }
            return new FakeRest.Reply(404, "{}", Map.of());
        }); DuckDbStore store = DuckDbStore.open(null); Rig rig = new Rig(store)) {
            List<RestPoller> pollers = new java.util.ArrayList<>();
            for (String feed : List.of("binance-usdm", "bybit-linear", "okx")) {
                for (RestPoll p : dev.cascade.core.venue.Venues.feed(feed).polls()) {
                    if (p.kind() == RestPoll.Kind.LONG_SHORT_RATIO) {
                        // The registry's poll, every 50 ms instead of every minute.
                        RestPoll fast = new RestPoll(p.kind(), p.path(), p.queryOf(), Duration.ofMillis(50), p.wrapped());
                        pollers.add(rig.poller(new PollSpec(feed, rest.base(), fast, fast.queries(List.of("BTC", "ETH")))));
                    }
                }
            }
            assertThat(pollers).hasSize(3);
            pollers.forEach(RestPoller::start);
            long deadline = System.currentTimeMillis() + 30_000;
            while (okxCalls.get() < 3 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            pollers.forEach(RestPoller::close);
            Map<String, dev.cascade.core.normalize.Pipeline.FeedCounts> counts = rig.stop();
            assertThat(okxCalls.get()).as("OKX polled repeatedly").isGreaterThanOrEqualTo(3);
            RestPoller bybit = pollers.get(1);
            assertThat(bybit.errors()).as("the oversized ETH answers").isPositive();
            assertThat(bybit.lastError()).contains("larger than");
            assertThat(counts.get("binance-usdm").malformed()).as("Binance's error answers, counted").isPositive();
            assertThat(counts.get("binance-usdm").lastError()).contains("Invalid symbol");
            assertThat(counts.get("okx").malformed()).as("OKX's garbage answers, counted").isPositive();
            try (Connection c = store.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT source, symbol, period_ms, ts, long_share_e8, short_share_e8, ratio_e8 "
                         + "FROM long_short_ratio ORDER BY source, ts")) {
                List<String> rows = new java.util.ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3) + " " + (rs.getLong(4) - t) + " "
                            + rs.getLong(5) + " " + rs.getLong(6) + " " + rs.getLong(7));
                }
                assertThat(rows).containsExactly(
                        "binance-usdm BTC-USDT-PERP 300000 0 64420000 35580000 181050000",
                        "binance-usdm BTC-USDT-PERP 300000 300000 60000000 40000000 150000000",
                        "bybit-linear BTC-USDT-PERP 300000 0 57770000 42230000 136798484",
                        "okx BTC-USDT-PERP 300000 -300000 47368421 52631579 90000000", // 0.9 / 1.9, 1 / 1.9
                        "okx BTC-USDT-PERP 300000 0 53999724 46000276 117390000"); // 1.1739 / 2.1739, 1 / 2.1739
            }
        }
    }

    @Test
    void instrumentLoadersFillTheCatalogFromEachVenuesFormat() throws Exception {
        try (FakeRest rest = new FakeRest(pq -> {
            if (pq.startsWith("/api/v5/public/instruments")) {
                return FakeRest.Reply.ok("{\"code\":\"0\",\"msg\":\"\",\"data\":["
                        + "{\"instType\":\"SWAP\",\"instId\":\"PEPE-USDT-SWAP\",\"uly\":\"PEPE-USDT\",\"ctVal\":\"10000000\",\"ctMult\":\"1\",\"ctValCcy\":\"PEPE\",\"ctType\":\"linear\",\"settleCcy\":\"USDT\"},"
                        + "{\"instType\":\"SWAP\",\"instId\":\"SOL-USD-SWAP\",\"uly\":\"SOL-USD\",\"ctVal\":\"10\",\"ctMult\":\"1\",\"ctValCcy\":\"USD\",\"ctType\":\"inverse\",\"settleCcy\":\"SOL\"}]}");
            } else if (pq.startsWith("/dapi/v1/exchangeInfo")) {
                return FakeRest.Reply.ok("{\"timezone\":\"UTC\",\"symbols\":[{\"symbol\":\"BTCUSD_PERP\",\"pair\":\"BTCUSD\",\"contractType\":\"PERPETUAL\","
                        + "\"baseAsset\":\"BTC\",\"quoteAsset\":\"USD\",\"contractSize\":100},{\"symbol\":\"ADAUSD_250926\",\"pair\":\"ADAUSD\","
                        + "\"baseAsset\":\"ADA\",\"quoteAsset\":\"USD\",\"contractSize\":10}]}");
            } else if (pq.startsWith("/api/v4/futures/usdt/contracts")) {
                return FakeRest.Reply.ok("[{\"name\":\"SOL_USDT\",\"type\":\"direct\",\"quanto_multiplier\":\"1\",\"mark_price\":\"180.1\"},"
                        + "{\"name\":\"PEPE_USDT\",\"type\":\"direct\",\"quanto_multiplier\":\"10000000\"}]");
            } else if (pq.startsWith("/api/v1/instrument/active")) {
                return FakeRest.Reply.ok("[{\"symbol\":\"XBTUSD\",\"rootSymbol\":\"XBT\",\"typ\":\"FFWCSX\",\"quoteCurrency\":\"USD\",\"isInverse\":true,\"isQuanto\":false,\"multiplier\":-100000000},"
                        + "{\"symbol\":\"SOLUSDT\",\"rootSymbol\":\"SOL\",\"typ\":\"FFWCSX\",\"quoteCurrency\":\"USDT\",\"isInverse\":false,\"isQuanto\":false,\"underlyingToPositionMultiplier\":10000},"
                        + "{\"symbol\":\"ETHUSD\",\"rootSymbol\":\"ETH\",\"typ\":\"FFWCSX\",\"quoteCurrency\":\"USD\",\"settlCurrency\":\"XBt\",\"isInverse\":false,\"isQuanto\":true,\"multiplier\":100},"
                        + "{\"symbol\":\".BXBT\",\"rootSymbol\":\"XBT\",\"typ\":\"MRCXXX\",\"quoteCurrency\":\"USD\",\"isInverse\":false,\"isQuanto\":false}]");
            }
            return new FakeRest.Reply(404, "{}", Map.of());
        })) {
            Instruments cat = new Instruments();
            var exec = Executors.newCachedThreadPool();
            InstrumentLoader loader = new InstrumentLoader(ConnectorSource.newClient(exec, Duration.ofSeconds(2)), cat);
            assertThat(loader.load(rest.base(), OkxVenue.VENUE.catalog())).isEqualTo(2);
            assertThat(loader.load(rest.base(), BinanceVenue.COINM.catalog())).isEqualTo(2);
            assertThat(loader.load(rest.base(), BitmexVenue.VENUE.catalog())).isEqualTo(3); // the index .BXBT is skipped
            assertThat(loader.load(rest.base(), GateVenue.VENUE.catalog())).isEqualTo(2);
            assertThat(cat.find(Exchange.GATE, "PEPE_USDT")).isEqualTo(new Instrument(Exchange.GATE, MarketType.LINEAR,
                    "PEPE_USDT", "PEPE-USDT-PERP", "PEPE", "USDT", 10_000_000 * Fixed.ONE_E8, QuantityUnit.CONTRACTS));
            assertThat(cat.find(Exchange.OKX, "PEPE-USDT-SWAP")).isEqualTo(new Instrument(Exchange.OKX, MarketType.LINEAR,
                    "PEPE-USDT-SWAP", "PEPE-USDT-PERP", "PEPE", "USDT", 10_000_000 * Fixed.ONE_E8, QuantityUnit.CONTRACTS));
            assertThat(cat.find(Exchange.OKX, "SOL-USD-SWAP").market()).isEqualTo(MarketType.INVERSE);
            assertThat(cat.find(Exchange.OKX, "SOL-USD-SWAP").contractValue()).isEqualTo(10 * Fixed.ONE_E8);
            assertThat(cat.find(Exchange.BINANCE, "ADAUSD_250926").symbol()).isEqualTo("ADA-USD-250926");
            assertThat(cat.find(Exchange.BINANCE, "ADAUSD_250926").contractValue()).isEqualTo(10 * Fixed.ONE_E8);
            assertThat(cat.find(Exchange.BITMEX, "XBTUSD").sizeUnit()).isEqualTo(QuantityUnit.USD);
            assertThat(cat.find(Exchange.BITMEX, "SOLUSDT").contractValue()).isEqualTo(Fixed.ONE_E8 / 10_000);
            // The live loader keeps quanto contracts: ETHUSD is 100 XBt = 0.000001 XBT per contract per USD of price.
            assertThat(cat.find(Exchange.BITMEX, "ETHUSD").market()).isEqualTo(MarketType.QUANTO);
            assertThat(cat.find(Exchange.BITMEX, "ETHUSD").contractValue()).isEqualTo(100);
            assertThat(cat.find(Exchange.BITMEX, ".BXBT")).isNull();
            exec.shutdownNow();
        }
    }

    @Test
    void aLoaderFailureIsOneClearLine() throws Exception {
        try (FakeRest rest = new FakeRest(pq -> new FakeRest.Reply(503, "down", Map.of()))) {
            var exec = Executors.newCachedThreadPool();
            InstrumentLoader loader = new InstrumentLoader(ConnectorSource.newClient(exec, Duration.ofSeconds(2)), new Instruments());
            assertThatThrownBy(() -> loader.load(rest.base(), OkxVenue.VENUE.catalog())).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("HTTP 503 from http://127.0.0.1:");
            exec.shutdownNow();
        }
    }
}
