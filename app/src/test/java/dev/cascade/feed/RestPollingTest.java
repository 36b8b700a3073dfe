package dev.cascade.feed;

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

/** REST pieces against 127.0.0.1 fakes: Binance OI polling with rate-limit backoff, and the instrument loaders. */
class RestPollingTest {
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
        }); DuckDbStore store = DuckDbStore.open(null)) {
            FrameQueue q = FrameQueue.standard();
            ScheduledExecutorService sched = Executors.newSingleThreadScheduledExecutor();
            var exec = Executors.newCachedThreadPool();
            HttpClient client = ConnectorSource.newClient(exec, Duration.ofSeconds(2));
            Spine w = new Spine(Instruments.withDefaults(), List.of(new StoreSink(store)), q, 20).start();
            OpenInterestPoller poller = new OpenInterestPoller("binance-usdm", rest.base(), "/fapi/v1/openInterest",
                    List.of("BTCUSDT", "ETHUSDT"), Duration.ofMillis(50), client, q, sched, System::currentTimeMillis);
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
            sched.shutdownNow();
            sched.awaitTermination(2, TimeUnit.SECONDS);
            w.close();
            exec.shutdownNow();
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
