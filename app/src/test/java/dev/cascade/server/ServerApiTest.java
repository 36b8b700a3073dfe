package dev.cascade.server;

import dev.cascade.core.alert.AlertRule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;
import dev.cascade.report.AutopsyJson;
import dev.cascade.wire.WireAssert;
import dev.cascade.wire.WireJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST API against a real server over the bundled data (real CoinGlass figures) plus a few live events. */
class ServerApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static TestServer ts;
    /** Live liquidations published by the test, far from the bundled 2025 data. */
    private static final long LIVE_T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final int LIVE_N = 25;

    @BeforeAll
    static void start() throws IOException {
        ts = new TestServer(null, null, LiveHub.withDefaults(), true);
        for (int i = 0; i < LIVE_N; i++) {
            ts.spine.publish(liq(LIVE_T0 + i * 1000L, i % 3 == 0 ? PositionSide.SHORT : PositionSide.LONG, 10_000 + i));
        }
        // SOL trades on 31 Dec 2025 (before the live liquidations, so the market clock and BTC's data stay as they were), hour 0: Binance spot $1,000 and perp $3,000, Deribit perp $10,000 (no Deribit spot);
        // hour 1: Bybit spot $500 and perp $2,000; hour 2: nothing.
        ts.spine.publish(trade("binance-spot", Exchange.BINANCE, MarketType.SPOT, VOLUME_T0 + 600_000, 1_000));
        ts.spine.publish(trade("binance-usdm", Exchange.BINANCE, MarketType.LINEAR, VOLUME_T0 + 1_200_000, 3_000));
        ts.spine.publish(trade("deribit", Exchange.DERIBIT, MarketType.INVERSE, VOLUME_T0 + 1_800_000, 10_000));
        ts.spine.publish(trade("bybit-spot", Exchange.BYBIT, MarketType.SPOT, VOLUME_T0 + 3_900_000, 500));
        ts.spine.publish(trade("bybit-linear", Exchange.BYBIT, MarketType.LINEAR, VOLUME_T0 + 5_400_000, 2_000));
        // Long/short account ratios of SOL the same day: Binance every 5 minutes, OKX once.
        for (int i = 0; i < 3; i++) {
            ts.spine.publish(new dev.cascade.core.model.LongShortRatio("binance-usdm", Exchange.BINANCE, MarketType.LINEAR, "SOLUSDT",
                    "SOL-USDT-PERP", 300_000L, 64_420_000L, 35_580_000L, 181_050_000L + i, VOLUME_T0 + i * 300_000L, VOLUME_T0 + i * 300_000L));
        }
        ts.spine.publish(new dev.cascade.core.model.LongShortRatio("okx", Exchange.OKX, MarketType.LINEAR, "SOL-USDT-SWAP",
                "SOL-USDT-PERP", 300_000L, 60_000_000L, 40_000_000L, 150_000_000L, VOLUME_T0, VOLUME_T0));
        ts.spine.flushNow();
    }

    private static final long VOLUME_T0 = Instant.parse("2025-12-31T00:00:00Z").toEpochMilli();

    static dev.cascade.core.model.Trade trade(String source, Exchange exchange, MarketType market, long ts, long usd) {
        String symbol = market == MarketType.SPOT ? "SOL-USDT" : "SOL-USDT-PERP";
        return new dev.cascade.core.model.Trade(source, exchange, market, "SOLUSDT", symbol, dev.cascade.core.model.TakerSide.BUY,
                100 * Fixed.ONE_E8, Fixed.ONE_E8 * usd / 100, usd * Fixed.ONE_E6, source + ts, false, ts, ts);
    }

    @AfterAll
    static void stop() {
        ts.close();
    }

    static Liquidation liq(long ts, PositionSide side, long usd) {
        long usdE6 = usd * Fixed.ONE_E6;
        return new Liquidation("bybit-linear", Exchange.BYBIT, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP", side,
                100_000 * Fixed.ONE_E8, Fixed.ONE_E8 * usd / 100_000, usdE6, Fixed.ONE_E8 * usd / 100_000, QuantityUnit.BASE,
                PriceKind.BANKRUPTCY, side == PositionSide.LONG ? "Buy" : "Sell", ts, ts, Completeness.COMPLETE,
                "test|" + ts + "|" + side + "|" + usd);
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(ts.url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static void badRequest(String path, String messagePart) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").asText()).as(path).contains(messagePart);
    }

    /** Sum of the bundled CSV's long and short USD for 4h buckets starting in [from, to), computed here from the CSV text. */
    static BigDecimal[] csvSums(long from, long to) throws IOException {
        Path csv = TestServer.root().resolve("../shared/data/coinglass_BTC_liq_4h_20250518_20251114.csv").normalize();
        BigDecimal l = BigDecimal.ZERO;
        BigDecimal s = BigDecimal.ZERO;
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            long t = Long.parseLong(f[0]);
            if (t >= from && t < to) {
                l = l.add(new BigDecimal(f[2]));
                s = s.add(new BigDecimal(f[3]));
            }
        }
        return new BigDecimal[]{l, s};
    }

    @Test
    void totalsForTheOctober2025CrashMatchTheCsv() throws Exception {
        long from = Instant.parse("2025-10-10T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2025-10-12T00:00:00Z").toEpochMilli();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(TestServer.root().resolve("../shared/data")), "shared data present");
        BigDecimal[] expected = csvSums(from, to);
        // Only the real CoinGlass rows: data/ also holds a labelled synthetic crash feed.
        JsonNode body = ok("/api/totals?from=2025-10-10&to=2025-10-12&by=side&coin=BTC&exchange=coinglass");
        BigDecimal longs = null;
        BigDecimal shorts = null;
        for (JsonNode row : body.get("rows")) {
            assertThat(row.get("sourceClass").asText()).isEqualTo("AGGREGATE");
            BigDecimal usd = Fixed.toBigDecimal(WireAssert.fixed(row.get("notionalUsd"), Fixed.E6), Fixed.E6);
            if (row.get("side").asText().equals("LONG")) {
                longs = usd;
            } else {
                shorts = usd;
            }
        }
        assertThat(longs).isEqualByComparingTo(expected[0].setScale(6, java.math.RoundingMode.HALF_UP));
        assertThat(shorts).isEqualByComparingTo(expected[1].setScale(6, java.math.RoundingMode.HALF_UP));
        assertThat(longs).isGreaterThan(new BigDecimal("100000000")).isGreaterThan(shorts); // a long flush, > $100M in CoinGlass's subset
    }

    @Test
    void cardsAreRelativeToTheMarketClock() throws Exception {
        JsonNode body = ok("/api/totals/cards");
        assertThat(body.get("now").asLong()).isEqualTo(LIVE_T0 + (LIVE_N - 1) * 1000L);
        JsonNode card = body.get("cards").get(0);
        assertThat(card.get("window").asText()).isEqualTo("1h");
        assertThat(card.get("totals")).hasSize(1);
        JsonNode h1 = card.get("totals").get(0);
        assertThat(h1.get("sourceClass").asText()).isEqualTo("VENUE");
        assertThat(h1.get("count").asLong()).isEqualTo(LIVE_N);
        long expected = 0;
        for (int i = 0; i < LIVE_N; i++) {
            expected += (10_000L + i) * Fixed.ONE_E6;
        }
        assertThat(WireAssert.fixed(h1.get("totalUsd"), 6)).isEqualTo(expected);
    }

    @Test
    void aNoCacheRequestIsAnsweredFromTheStoreWhileTheSharedAnswerIsStillFresh() throws Exception {
        String path = "/api/totals?from=2025-11-20&to=2025-11-21&by=none"; // a day no other test writes to
        assertThat(ok(path).get("totals")).as("nothing stored that day yet").isEmpty();
        assertThat(ok(path).get("totals")).as("the shared answer").isEmpty();
        ts.spine.publish(liq(Instant.parse("2025-11-20T12:00:00Z").toEpochMilli(), PositionSide.LONG, 50_000));
        ts.spine.flushNow();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(ts.url(path))).header("Cache-Control", "no-cache").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode totals = JSON.readTree(r.body()).get("totals");
        assertThat(totals).hasSize(1);
        assertThat(totals.get(0).get("count").asLong()).isEqualTo(1);
        assertThat(WireAssert.fixed(totals.get(0).get("totalUsd"), 6)).isEqualTo(50_000 * Fixed.ONE_E6);
    }

    @Test
    void cacheControlNoCacheOrNoStoreInAnyCaseAndPositionBypassesTheSharedAnswers() {
        assertThat(ApiRoutes.bypassesCache("no-cache")).isTrue();
        assertThat(ApiRoutes.bypassesCache("max-age=0, No-Store")).isTrue();
        assertThat(ApiRoutes.bypassesCache(" NO-CACHE ,max-stale")).isTrue();
        assertThat(ApiRoutes.bypassesCache(null)).isFalse();
        assertThat(ApiRoutes.bypassesCache("max-age=0")).isFalse();
        assertThat(ApiRoutes.bypassesCache("no-cachex, no-transform")).isFalse();
    }

    @Test
    void theOneHourCardIsExactlyWhatTotalsAnswersForTheLastHour() throws Exception {
        // Events one second apart up to "now": the event at now is in both, the window edges are the same.
        JsonNode cards = ok("/api/totals/cards");
        for (JsonNode card : cards.get("cards")) {
            JsonNode totals = ok("/api/totals?by=side&window=" + card.get("window").asText());
            assertThat(card.get("from").asLong()).isEqualTo(totals.get("from").asLong());
            assertThat(card.get("to").asLong()).isEqualTo(totals.get("to").asLong()).isEqualTo(cards.get("now").asLong() + 1);
            assertThat(card.get("totals")).isEqualTo(totals.get("totals"));
        }
        assertThat(cards.at("/cards/0/totals/0/count").asLong()).isEqualTo(LIVE_N);
    }

    @Test
    void aWindowWithVenueAndAggregateRowsGivesOneLabelledTotalPerClassAndNoSum() throws Exception {
        // 10-11 Oct 2025 in the bundled data: CoinGlass buckets (real, an aggregate) and the synthetic crash feed, whose
        // events were generated to sum to those same buckets. Adding them was the $840.7M of the old `query`.
        JsonNode body = ok("/api/totals?from=2025-10-10&to=2025-10-12&by=side&coin=BTC");
        Set<String> classes = new HashSet<>();
        for (JsonNode row : body.get("rows")) {
            classes.add(row.get("sourceClass").asText());
        }
        assertThat(classes).containsExactlyInAnyOrder("SYNTHETIC", "AGGREGATE");
        assertThat(body.get("rows")).hasSize(4); // LONG and SHORT of each class, never merged
        JsonNode totals = body.get("totals");
        assertThat(totals).hasSize(2);
        long sumOfRows = 0;
        for (JsonNode t : totals) {
            long classSum = 0;
            for (JsonNode row : body.get("rows")) {
                if (row.get("sourceClass").equals(t.get("sourceClass"))) {
                    classSum += WireAssert.fixed(row.get("notionalUsd"), 6);
                }
            }
            assertThat(WireAssert.fixed(t.get("totalUsd"), 6)).isEqualTo(classSum);
            assertThat(t.get("label").asText()).startsWith(t.get("sourceClass").asText());
            sumOfRows += classSum;
        }
        assertThat(body.toString()).doesNotContain(WireJson.decimal(sumOfRows, 6));
    }

    @Test
    void historyPagesThroughEveryRowOnceNewestFirst() throws Exception {
        Set<Long> seen = new HashSet<>();
        long lastTs = Long.MAX_VALUE;
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = ok("/api/liquidations?from=2026-01-01&to=2026-01-02&limit=7&exchange=bybit" + (cursor == null ? "" : "&cursor=" + cursor));
            for (JsonNode row : page.get("rows")) {
                assertThat(row.get("eventId").isTextual()).as("ids travel as strings").isTrue();
                assertThat(seen.add(Long.parseLong(row.get("eventId").asText()))).isTrue();
                assertThat(row.get("ts").asLong()).isLessThanOrEqualTo(lastTs);
                lastTs = row.get("ts").asLong();
            }
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(seen).hasSize(LIVE_N);
        assertThat(pages).isEqualTo(4);
        JsonNode big = ok("/api/liquidations?from=2026-01-01&to=2026-01-02&minUsd=10020");
        assertThat(big.get("rows")).hasSize(5);
    }

    @Test
    void seriesAutopsyMapAndStressAnswerFromStoredData() throws Exception {
        JsonNode oi = ok("/api/open-interest?from=2025-10-06&to=2025-10-20&bucket=4h&coin=BTC");
        assertThat(oi.get("series").get(0).get("source").asText()).isEqualTo("coinglass");
        assertThat(oi.get("series").get(0).get("points").size()).isEqualTo(14 * 6);
        JsonNode funding = ok("/api/funding?from=2025-10-01&to=2025-10-02&bucket=8h&coin=BTC");
        assertThat(funding.get("series").size()).isGreaterThanOrEqualTo(2); // binance 8h settlements + coinglass OI-weighted
        // The modeled map over the bundled synthetic crash (the venues' OI and mark prices); the CoinGlass aggregate has
        // no price path and is skipped. Its window ends at the latest stored BTC price (11 Oct 2025 03:59:45).
        JsonNode map = ok("/api/liquidation-map?coin=BTC&priceBucket=500");
        assertThat(map.get("model").asText()).isEqualTo("oi-flow-leverage-tiers");
        // Modelled from the generated feed: the map says both, SYNTHETIC first.
        assertThat(map.get("label").asText()).startsWith("SYNTHETIC inputs (synthetic-crash").contains("MODEL");
        assertThat(map.get("synthetic").asBoolean()).isTrue();
        assertThat(map.get("toTs").asLong()).isEqualTo(Instant.parse("2025-10-11T03:59:45.001Z").toEpochMilli());
        assertThat(map.get("instruments")).hasSize(3);
        assertThat(map.get("skipped").get(0).asText()).startsWith("COINGLASS BTC-ALL-AGG");
        long last = WireAssert.fixed(map.get("lastPrice"), 8);
        long longs = 0;
        for (JsonNode b : map.get("bins")) {
            assertThat(WireAssert.fixed(b.get("priceLow"), 8) % (500 * Fixed.ONE_E8)).isZero();
            if (WireAssert.fixed(b.get("longUsd"), 6) > 0) {
                assertThat(WireAssert.fixed(b.get("priceLow"), 8)).isLessThan(last); // longs below the last price
            }
            if (WireAssert.fixed(b.get("shortUsd"), 6) > 0) {
                assertThat(WireAssert.fixed(b.get("priceLow"), 8) + 500 * Fixed.ONE_E8).isGreaterThan(last);
            }
            longs += WireAssert.fixed(b.get("longUsd"), 6);
        }
        assertThat(longs).isEqualTo(WireAssert.fixed(map.get("longUsd"), 6)).isPositive();
        JsonNode stress = ok("/api/stress?shockPct=-10&coin=BTC");
        assertThat(stress.get("model").asText()).isEqualTo("oi-flow-leverage-tiers+cascade-engine");
        assertThat(WireAssert.fixed(stress.get("startPrice"), 8)).isEqualTo(last);
        assertThat(WireAssert.fixed(stress.get("longLiquidatedUsd"), 6)).isPositive().isLessThan(WireAssert.fixed(map.get("longUsd"), 6));
        assertThat(WireAssert.fixed(stress.get("shortLiquidatedUsd"), 6)).isZero();
        assertThat(stress.get("moneyConserved").asBoolean()).isTrue();
        assertThat(stress.get("pricePath").size()).isEqualTo(stress.get("steps").asInt());
    }

    @Test
    void autopsyIsTheCoreReportOfTheCrashWindow() throws Exception {
        long from = Instant.parse("2025-10-10T12:00:00Z").toEpochMilli();
        long to = Instant.parse("2025-10-11T12:00:00Z").toEpochMilli();
        JsonNode doc = ok("/api/autopsy?from=2025-10-10T12:00Z&to=2025-10-11T12:00Z&coin=BTC");
        // The API answers the very document `cascade autopsy --format json` writes for the same store and window.
        JsonNode direct = JSON.readTree(AutopsyJson.render(AutopsyService.over(ts.queries.queryStore()).autopsy(from, to, "BTC")));
        assertThat(doc).isEqualTo(direct);
        assertThat(doc.get("units").get("usd").asText()).contains("e6");
        // Event-level rows come from the bundled SYNTHETIC crash feed and must say so.
        assertThat(doc.get("synthetic").asBoolean()).isTrue();
        assertThat(doc.get("warning").asText()).startsWith("SYNTHETIC");
        JsonNode r = doc.get("report");
        assertThat(r.get("syntheticSources").get(0).asText()).isEqualTo("synthetic-crash");
        // Aggregate section: the real CoinGlass 4h bucket of 10 Oct 20:00, exact to the micro-dollar, as integers.
        JsonNode largest = r.get("aggregate").get("largestBucket");
        assertThat(largest.get("ts").asLong()).isEqualTo(Instant.parse("2025-10-10T20:00:00Z").toEpochMilli());
        assertThat(largest.get("longUsd").isIntegralNumber()).isTrue();
        assertThat(largest.get("longUsd").asLong()).isEqualTo(235_601_013_093_890L); // 235601013.09389 in the file
        assertThat(largest.get("shortUsd").asLong()).isEqualTo(107_461_506_041_990L);
        assertThat(r.get("aggregate").get("oiDrawdown").get("dropPpm").asLong()).isEqualTo(226_524L); // -22.65%
        // Event level: the one cascade of the synthetic crash, its price move and the bottom.
        JsonNode v = r.get("venues");
        assertThat(v.get("cascades")).hasSize(1);
        JsonNode c = v.get("cascades").get(0);
        assertThat(c.get("startTs").asLong()).isEqualTo(Instant.parse("2025-10-10T20:50:00Z").toEpochMilli());
        assertThat(c.get("endTs").asLong()).isEqualTo(Instant.parse("2025-10-10T21:31:00Z").toEpochMilli());
        assertThat(c.get("peakTs").asLong()).isEqualTo(Instant.parse("2025-10-10T21:15:00Z").toEpochMilli());
        assertThat(c.get("dominantSide").asText()).isEqualTo("LONG");
        assertThat(c.get("moveBps").asLong()).isNegative();
        assertThat(c.get("byExchange").size()).isEqualTo(3);
        assertThat(v.get("priceDrawdown").get("troughTs").asLong()).isEqualTo(Instant.parse("2025-10-10T21:20:00Z").toEpochMilli());
        assertThat(v.get("timeToBottomMs").asLong()).isEqualTo(30 * 60_000L);
        assertThat(v.get("releveraging").get("fundingKnown").asBoolean()).isTrue();
        assertThat(v.get("series").get("ts").size()).isEqualTo(24 * 60);
        List<String> phases = new java.util.ArrayList<>();
        r.get("timeline").forEach(p -> phases.add(p.get("name").asText()));
        assertThat(phases).containsExactly("Build-up", "Cascade 1", "Bottom", "Aftermath / re-leveraging");
        // The OpenAPI schema names exactly the fields the API sends.
        JsonNode schemas = ok("/openapi.json").get("components").get("schemas");
        assertThat(fields(schemas.get("AutopsyDocument"))).isEqualTo(fields(doc));
        assertThat(fields(schemas.get("AutopsyReport"))).isEqualTo(fields(r));
        assertThat(fields(schemas.get("AutopsyAggregate"))).isEqualTo(fields(r.get("aggregate")));
        assertThat(fields(schemas.get("AutopsyVenues"))).isEqualTo(fields(v));
        assertThat(fields(schemas.get("Cascade"))).isEqualTo(fields(c));
        assertThat(fields(schemas.get("Releveraging"))).isEqualTo(fields(v.get("releveraging")));
        assertThat(fields(schemas.at("/AutopsyReport/properties/volume"))).isEqualTo(fields(r.get("volume")));
        assertThat(fields(schemas.at("/AutopsyReport/properties/volume/properties/buckets/items"))).isEqualTo(fields(r.at("/volume/buckets/0")));
        // A window with nothing stored is an empty report, not an error.
        JsonNode empty = ok("/api/autopsy?from=2019-01-01&to=2019-01-02&coin=BTC").get("report");
        assertThat(empty.get("venues").isNull()).isTrue();
        assertThat(empty.get("timeline")).isEmpty();
    }

    /** Property names of an object node, or of an OpenAPI object schema. */
    private static Set<String> fields(JsonNode node) {
        JsonNode props = node.has("properties") && node.has("type") ? node.get("properties") : node;
        Set<String> names = new java.util.TreeSet<>();
        props.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void everyParameterIsValidatedWith400AndAMessage() throws Exception {
        badRequest("/api/totals?window=2x", "not a duration");
        badRequest("/api/totals?from=yesterday", "not a time");
        badRequest("/api/totals?from=2025-10-12&to=2025-10-10", "after");
        badRequest("/api/totals?by=price", "unknown dimension");
        badRequest("/api/totals?side=UP", "LONG or SHORT");
        badRequest("/api/totals?exchange=nasdaq", "unknown exchange");
        badRequest("/api/totals?coin=BTC';DROP%20TABLE%20liquidation;--", "letters or digits");
        badRequest("/api/totals?exchagne=binance", "unknown parameter");
        badRequest("/api/liquidations?limit=0", "between 1 and 1000");
        badRequest("/api/liquidations?cursor=abc", "cursor");
        badRequest("/api/liquidations?minUsd=lots", "decimal");
        badRequest("/api/liquidations/buckets?bucket=1s", "bucket");
        badRequest("/api/autopsy", "window");
        badRequest("/api/autopsy?from=2025-10-10&coin=BT-C", "letters or digits");
        badRequest("/api/autopsy?from=2025-10-10&to=2025-10-09", "after");
        badRequest("/api/autopsy?from=2025-10-10&symbol=BTC", "unknown parameter");
        badRequest("/api/stress", "shockPct is required");
        badRequest("/api/stress?shockPct=-150", "between");
        badRequest("/api/liquidation-map?timeBucket=1m", "unknown parameter");
        badRequest("/api/liquidation-map?priceBucket=0", "between");
        badRequest("/api/liquidation-map?window=1m", "window");
        badRequest("/api/liquidation-map?coin=DOGE", "no mark prices or trades for DOGE");
        badRequest("/api/liquidation-map?from=2026-01-01&to=2026-01-02", "no event-level data");
        badRequest("/api/stress?shockPct=1000", "between");
        badRequest("/api/stress?shockPct=-10&coin=DOGE", "no mark prices or trades for DOGE");
        assertThat(get("/api/nothing-here").statusCode()).isEqualTo(404);
        // The store survived the injection attempt above.
        assertThat(ok("/api/liquidations?from=2026-01-01&limit=1").get("rows")).hasSize(1);
    }

    static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ts.url(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void writeEndpointsNeedTheToken() throws Exception {
        String body = "{\"kind\":\"LIQUIDATIONS_OVER\",\"thresholdUsd\":\"5000000\",\"windowMinutes\":5}";
        assertThat(send("POST", "/api/alerts/rules", null, body).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/alerts/rules", "wrong-token-0123456789", body).statusCode()).isEqualTo(401);
        HttpResponse<String> created = send("POST", "/api/alerts/rules", TestServer.TOKEN, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).get("id").asText();
        assertThat(send("GET", "/api/alerts/rules", null, null).statusCode()).as("reading rules needs the token").isEqualTo(401);
        assertThat(send("GET", "/api/alerts/rules", TestServer.TOKEN, null).body()).contains(id);
        assertThat(JSON.readTree(created.body()).get("thresholdUsd").asText()).as("money as a decimal string").isEqualTo("5000000");
        // Persisted in the store: a fresh repository over the same database sees it.
        assertThat(new dev.cascade.store.SqlAlertRuleRepository(ts.store.connect()).list()).extracting(AlertRule::id).contains(id);
        assertThat(send("DELETE", "/api/alerts/rules/" + id, null, null).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/api/alerts/rules/" + id, TestServer.TOKEN, null).statusCode()).isEqualTo(204);
        assertThat(send("DELETE", "/api/alerts/rules/" + id, TestServer.TOKEN, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/alerts/rules", TestServer.TOKEN, null).body()).doesNotContain(id);
        assertThat(send("POST", "/api/alerts/rules", TestServer.TOKEN, "{\"kind\":\"OI_DROP\"}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/alerts/rules", TestServer.TOKEN, "{\"kind\":\"LIQUIDATIONS_OVER\",\"thresholdUsd\":\"1\",\"webhookUrl\":\"file:///etc/passwd\"}")
                .statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/alerts/rules", TestServer.TOKEN, "not json").statusCode()).isEqualTo(400);
    }

    /**
     * A rule's body is one JSON object, read strictly: a field given twice (the last one used to win, so
     * {"kind":"CASCADE","kind":"OI_DROP"} made an OI_DROP rule) and anything after the object (it was ignored) are a
     * 400 naming the problem; the parser's limits are reported in words, never with its class or setting names; a
     * JSON number keeps every digit (it went through a double).
     */
    @Test
    void aRuleBodyIsOneStrictJsonObject() throws Exception {
        String[][] refused = {
                {"{\"kind\":\"CASCADE\",\"thresholdUsd\":\"1000\",\"kind\":\"OI_DROP\",\"oiDropPct\":\"5\"}", "kind"},
                {"{\"kind\":\"CASCADE\",\"thresholdUsd\":\"1000\"} {\"kind\":\"OI_DROP\"}", "after"},
                {"{\"kind\":\"CASCADE\",\"thresholdUsd\":\"1000\"}xyz", "after"},
                {"[".repeat(5000) + "]".repeat(5000), "nest"},
                {"{\"kind\":\"CASCADE\",\"thresholdUsd\":" + "9".repeat(5000) + "}", "digits"},
                {"{/*c*/\"kind\":\"CASCADE\"}", "JSON"},
                {"{\"kind\":", "JSON"}};
        for (String[] c : refused) {
            HttpResponse<String> r = send("POST", "/api/alerts/rules", TestServer.TOKEN, c[0]);
            String what = c[0].substring(0, Math.min(80, c[0].length())) + " -> " + r.body();
            assertThat(r.statusCode()).as(what).isEqualTo(400);
            String message = JSON.readTree(r.body()).path("error").asText();
            assertThat(message).as(what).contains(c[1]).doesNotContain("`", "Feature", "Constraints", "com.fasterxml");
        }
        HttpResponse<String> exact = send("POST", "/api/alerts/rules", TestServer.TOKEN,
                "{\"kind\":\"LIQUIDATIONS_OVER\",\"thresholdUsd\":987654321.12345649}"); // as a double: ...1234565, rounded up
        assertThat(exact.statusCode()).as(exact.body()).isEqualTo(201);
        assertThat(JSON.readTree(exact.body()).get("thresholdUsd").asText()).isEqualTo("987654321.123456");
        send("DELETE", "/api/alerts/rules/" + JSON.readTree(exact.body()).get("id").asText(), TestServer.TOKEN, null);
    }

    /**
     * A rule is created from JSON only: a form post or plain text (what an HTML form on another site can send without a
     * CORS preflight) is a 415 before the body is read, even with the token (it used to be parsed as JSON anyway).
     */
    @Test
    void aRuleIsCreatedFromJsonOnly() throws Exception {
        String body = "{\"kind\":\"LIQUIDATIONS_OVER\",\"thresholdUsd\":\"5000000\"}";
        for (String type : new String[]{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ts.url("/api/alerts/rules")))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).header("Authorization", "Bearer " + TestServer.TOKEN);
            if (!type.isEmpty()) {
                b.header("Content-Type", type);
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(type + " -> " + r.body()).isEqualTo(415);
            assertThat(JSON.readTree(r.body()).path("error").asText()).contains("application/json");
        }
        HttpResponse<String> charset = HTTP.send(HttpRequest.newBuilder(URI.create(ts.url("/api/alerts/rules")))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Authorization", "Bearer " + TestServer.TOKEN)
                .header("Content-Type", "Application/JSON; charset=utf-8").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(charset.statusCode()).as(charset.body()).isEqualTo(201);
        send("DELETE", "/api/alerts/rules/" + JSON.readTree(charset.body()).get("id").asText(), TestServer.TOKEN, null);
    }

    @Test
    void anAlertRuleFiresToTheWebhookAndTheLiveStream() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + ts.server.port() + "/ws/liquidations"),
                WsCollector.ofText(frames::add)).get(5, TimeUnit.SECONDS);
        try {
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            HttpResponse<String> created = send("POST", "/api/alerts/rules", TestServer.TOKEN,
                    "{\"kind\":\"CASCADE\",\"coin\":\"BTC\",\"thresholdUsd\":\"1000000\",\"windowMinutes\":5,\"webhookUrl\":\"" + hook + "\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = JSON.readTree(created.body()).get("id").asText();
            long t0 = Instant.parse("2025-12-01T00:00:00Z").toEpochMilli(); // before LIVE_T0: leaves the market clock alone
            for (int i = 0; i < 12; i++) { // 12 x $100k longs in 12 s: a one-sided $1.2M flush
                ts.spine.publish(liq(t0 + i * 1000L, PositionSide.LONG, 100_000));
            }
            String hookBody = received.poll(10, TimeUnit.SECONDS);
            assertThat(hookBody).isNotNull().contains(id).contains("\"kind\":\"CASCADE\"").contains("100% longs");
            assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("fires once per window").isNull();
            boolean alertSeen = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!alertSeen && System.nanoTime() < deadline) {
                String f = frames.poll(1, TimeUnit.SECONDS);
                alertSeen = f != null && f.contains("\"type\":\"alert\"") && f.contains(id);
            }
            assertThat(alertSeen).as("alert delivered on the WebSocket").isTrue();
            assertThat(ok("/api/alerts/recent").toString()).contains(id);
            send("DELETE", "/api/alerts/rules/" + id, TestServer.TOKEN, null);
        } finally {
            ws.abort();
            receiver.stop(0);
        }
    }

    @Test
    void gapMarkersReachTheStreamTheStoreAndFeedHealth() throws Exception {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + ts.server.port() + "/ws/liquidations"),
                WsCollector.ofText(frames::add)).get(5, TimeUnit.SECONDS);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ts.server.hub().stats().clients() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long from = LIVE_T0 - 60_000;
            ts.spine.publish(new dev.cascade.core.model.FeedGap("okx", from, from + 30_000, "reconnect after stall"));
            String gapFrame = null;
            while (gapFrame == null && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(5)) {
                String f = frames.poll(1, TimeUnit.SECONDS);
                if (f != null && f.contains("\"type\":\"gap\"")) {
                    gapFrame = f;
                }
            }
            assertThat(gapFrame).isNotNull().contains("\"source\":\"okx\"").contains("reconnect after stall");
            ts.spine.flushNow();
            JsonNode feeds = ok("/api/feeds");
            assertThat(feeds.get("recentGaps").toString()).contains("okx").contains("reconnect after stall");
            boolean counted = false;
            for (JsonNode f : feeds.get("feeds")) {
                counted |= f.get("source").asText().equals("okx") && f.get("gaps").asInt() == 1;
            }
            assertThat(counted).as("feed health counts the gap").isTrue();
        } finally {
            ws.abort();
        }
    }

    /** The synthetic crash's busiest two hours: minute-level BTC liquidations at their fill prices. */
    private static final String CRASH = "from=2025-10-10T20:00Z&to=2025-10-10T22:00Z&coin=BTC";

    @Test
    void heatmapBinsTheStoredLiquidationsByMinuteAndPrice() throws Exception {
        JsonNode h = ok("/api/liquidations/heatmap?" + CRASH + "&timeBin=1m&priceBin=500");
        long from = Instant.parse("2025-10-10T20:00:00Z").toEpochMilli();
        assertThat(h.get("timeBinMs").asLong()).isEqualTo(60_000);
        assertThat(h.get("priceBin").asText()).isEqualTo("500");
        assertThat(h.get("timeBins").asInt()).isEqualTo(120);
        JsonNode cells = h.at("/realized/cells");
        assertThat(cells.size()).isGreaterThan(50);
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal max = BigDecimal.ZERO;
        BigDecimal low = new BigDecimal(h.get("priceLow").asText());
        BigDecimal high = new BigDecimal(h.get("priceHigh").asText());
        for (JsonNode c : cells) {
            long t = c.get("bucketStart").asLong();
            assertThat(t).isBetween(from, from + 119 * 60_000L);
            assertThat(t % 60_000).isZero();
            BigDecimal p = new BigDecimal(c.get("priceLow").asText());
            assertThat(p.remainder(BigDecimal.valueOf(500)).signum()).as("price bin edge " + p).isZero();
            assertThat(p).isBetween(low, high.subtract(BigDecimal.valueOf(500)));
            BigDecimal usd = new BigDecimal(c.get("longUsd").asText()).add(new BigDecimal(c.get("shortUsd").asText()));
            total = total.add(usd);
            max = max.max(usd);
        }
        assertThat(new BigDecimal(h.at("/realized/totalUsd").asText())).isEqualByComparingTo(total);
        assertThat(new BigDecimal(h.at("/realized/maxCellUsd").asText())).isEqualByComparingTo(max);
        // The same liquidations the per-minute buckets count, without the aggregator rows (which carry no price).
        BigDecimal buckets = BigDecimal.ZERO;
        for (JsonNode b : ok("/api/liquidations/buckets?" + CRASH + "&bucket=1m").get("buckets")) {
            if (!b.get("sourceClass").asText().equals("AGGREGATE")) {
                buckets = buckets.add(new BigDecimal(b.get("longUsd").asText())).add(new BigDecimal(b.get("shortUsd").asText()));
            }
        }
        assertThat(total).isEqualByComparingTo(buckets);
        assertThat(h.at("/realized/syntheticSources").toString()).contains("synthetic-crash");
        // The modeled levels: a separate, labelled layer on the same price bins.
        JsonNode m = h.get("model");
        assertThat(m.isNull()).as("model layer: " + h.get("modelNote")).isFalse();
        assertThat(m.get("label").asText()).contains("MODEL");
        assertThat(m.get("binWidth").asText()).isEqualTo("500");
        assertThat(m.get("levels").size()).isPositive();
        for (JsonNode l : m.get("levels")) {
            assertThat(new BigDecimal(l.get("priceLow").asText()).remainder(BigDecimal.valueOf(500)).signum()).isZero();
        }
        // Automatic bins: stated, 1-2-5 steps, within the grid bound.
        JsonNode auto = ok("/api/liquidations/heatmap?" + CRASH + "&model=false");
        assertThat(auto.get("model").isNull()).isTrue();
        assertThat(auto.get("modelNote").asText()).contains("model=false");
        assertThat(auto.get("timeBinMs").asLong()).isEqualTo(60_000);
        assertThat(auto.get("priceBin").asText()).matches("[125]0*(\\.0*)?|0\\.0*[125]");
        assertThat(auto.get("timeBins").asLong() * auto.get("priceBins").asLong()).isLessThanOrEqualTo(HeatmapResource.MAX_GRID);
    }

    @Test
    void heatmapRefusesUnboundedOrBadParameters() throws Exception {
        badRequest("/api/liquidations/heatmap?" + CRASH + "&priceBin=0.01&timeBin=1m", "too many cells");
        badRequest("/api/liquidations/heatmap?" + CRASH + "&priceBin=0", "priceBin");
        badRequest("/api/liquidations/heatmap?" + CRASH + "&timeBin=10s", "timeBin");
        badRequest("/api/liquidations/heatmap?" + CRASH + "&model=yes", "model");
        badRequest("/api/liquidations/heatmap?from=2025-09-01&to=2025-10-11&coin=BTC", "31 days");
        badRequest("/api/liquidations/heatmap?from=2025-10-10T20:00Z&coin=BTC'--", "coin");
        // A window without priced liquidations: an empty grid, not an error (aggregator rows carry no price).
        JsonNode empty = ok("/api/liquidations/heatmap?from=2021-05-19&to=2021-05-20&coin=BTC&model=false");
        assertThat(empty.at("/realized/cells").size()).isZero();
        assertThat(empty.get("priceBins").asInt()).isZero();
    }

    @Test
    void exchangeBucketsSplitTheSideBucketsByExchange() throws Exception {
        java.util.Map<String, BigDecimal> bySide = new java.util.TreeMap<>();
        for (JsonNode b : ok("/api/liquidations/buckets?" + CRASH + "&bucket=5m").get("buckets")) {
            bySide.merge(b.get("bucketStart").asLong() + b.get("sourceClass").asText(),
                    new BigDecimal(b.get("longUsd").asText()).add(new BigDecimal(b.get("shortUsd").asText())), BigDecimal::add);
        }
        java.util.Map<String, BigDecimal> byExchange = new java.util.TreeMap<>();
        Set<String> exchanges = new java.util.TreeSet<>();
        for (JsonNode b : ok("/api/liquidations/exchange-buckets?" + CRASH + "&bucket=5m").get("buckets")) {
            exchanges.add(b.get("exchange").asText());
            byExchange.merge(b.get("bucketStart").asLong() + b.get("sourceClass").asText(),
                    new BigDecimal(b.get("longUsd").asText()).add(new BigDecimal(b.get("shortUsd").asText())), BigDecimal::add);
        }
        assertThat(exchanges).hasSizeGreaterThanOrEqualTo(3);
        assertThat(byExchange.keySet()).isEqualTo(bySide.keySet());
        bySide.forEach((k, v) -> assertThat(byExchange.get(k)).as(k).isEqualByComparingTo(v));
        JsonNode one = ok("/api/liquidations/exchange-buckets?" + CRASH + "&bucket=5m&exchange=coinglass");
        one.get("buckets").forEach(b -> assertThat(b.get("exchange").asText()).isEqualTo("COINGLASS"));
    }

    @Test
    void fundingComesAtTheDataResolutionWithItsIntervalAndPer8h() throws Exception {
        JsonNode f = ok("/api/funding?coin=BTC&from=2025-01-01&to=2025-01-05");
        assertThat(f.get("bucketMs").asLong()).isZero();
        JsonNode binance = null;
        for (JsonNode s : f.get("series")) {
            if (s.get("source").asText().equals("binance-usdm")) {
                binance = s;
            }
        }
        assertThat(binance).as(f.toString()).isNotNull();
        JsonNode pts = binance.get("points");
        assertThat(pts.size()).isEqualTo(12); // 8-hour settlements over four days, not resampled
        for (int i = 1; i < pts.size(); i++) {
            // Binance stamps each settlement a few milliseconds after the hour.
            assertThat(pts.get(i).get("ts").asLong() - pts.get(i - 1).get("ts").asLong()).isBetween(8 * 3_600_000L - 60_000, 8 * 3_600_000L + 60_000);
        }
        assertThat(pts.get(0).get("intervalHours").asInt()).isEqualTo(8);
        assertThat(pts.get(0).get("ratePer8h").asText()).isEqualTo(pts.get(0).get("rate").asText());
        // Bucketed on request, as before.
        assertThat(ok("/api/funding?coin=BTC&from=2025-01-01&to=2025-01-05&bucket=1d").get("bucketMs").asLong()).isEqualTo(86_400_000L);
    }

    @Test
    void everyRegisteredRouteIsDocumentedInOpenApi() throws Exception {
        JsonNode doc = ok("/openapi.json");
        JsonNode paths = doc.get("paths");
        for (CascadeServer.Route r : ts.server.routes()) {
            String documented = r.path(); // Javalin {id} and OpenAPI {id} coincide
            assertThat(paths.has(documented)).as(r.path() + " documented").isTrue();
            assertThat(paths.get(documented).has(r.method())).as(r.method() + " " + r.path() + " documented").isTrue();
        }
        int documentedOps = 0;
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            documentedOps += paths.get(it.next()).size();
        }
        assertThat(documentedOps).as("no documented route missing from the server").isEqualTo(ts.server.routes().size());
        assertThat(doc.get("x-websocket").has("/ws/liquidations")).isTrue();
    }

    @Test
    void theOpenApiSchemasNameExactlyTheFieldsTheServerSends() throws Exception {
        JsonNode schemas = ok("/openapi.json").get("components").get("schemas");
        JsonNode totals = ok("/api/totals?from=2025-10-10&to=2025-10-12&by=exchange,side");
        assertThat(fields(schemas.get("Totals"))).isEqualTo(fields(totals));
        assertThat(fields(schemas.get("Total"))).isEqualTo(fields(totals.at("/rows/0")));
        assertThat(fields(schemas.get("ClassTotal"))).isEqualTo(fields(totals.at("/totals/0")));
        JsonNode cards = ok("/api/totals/cards");
        assertThat(fields(schemas.get("Cards"))).isEqualTo(fields(cards));
        assertThat(fields(schemas.at("/Cards/properties/cards/items"))).isEqualTo(fields(cards.at("/cards/0")));
        JsonNode page = ok("/api/liquidations?from=2026-01-01&to=2026-01-02&limit=1");
        assertThat(fields(schemas.get("Liquidation"))).isEqualTo(fields(page.at("/rows/0")));
        JsonNode buckets = ok("/api/liquidations/buckets?from=2026-01-01&to=2026-01-02&bucket=1h");
        assertThat(fields(schemas.get("Buckets"))).isEqualTo(fields(buckets));
        assertThat(fields(schemas.at("/Buckets/properties/buckets/items"))).isEqualTo(fields(buckets.at("/buckets/0")));
        JsonNode byExchange = ok("/api/liquidations/exchange-buckets?from=2026-01-01&to=2026-01-02&bucket=1h");
        assertThat(fields(schemas.get("ExchangeBuckets"))).isEqualTo(fields(byExchange));
        assertThat(fields(schemas.at("/ExchangeBuckets/properties/buckets/items"))).isEqualTo(fields(byExchange.at("/buckets/0")));
        JsonNode heat = ok("/api/liquidations/heatmap?" + CRASH + "&priceBin=1000");
        assertThat(fields(schemas.get("Heatmap"))).isEqualTo(fields(heat));
        assertThat(fields(schemas.at("/Heatmap/properties/realized"))).isEqualTo(fields(heat.get("realized")));
        assertThat(fields(schemas.at("/Heatmap/properties/realized/properties/cells/items"))).isEqualTo(fields(heat.at("/realized/cells/0")));
        assertThat(fields(schemas.at("/Heatmap/properties/model"))).isEqualTo(fields(heat.get("model")));
        assertThat(fields(schemas.at("/Heatmap/properties/model/properties/levels/items"))).isEqualTo(fields(heat.at("/model/levels/0")));
        // The live messages, as the hub sends them.
        JsonNode liq = JSON.readTree(EventJson.liquidation(liq(LIVE_T0, PositionSide.LONG, 1), 1));
        assertThat(fields(schemas.get("LiveLiquidation"))).isEqualTo(fields(liq));
        JsonNode alert = JSON.readTree(EventJson.alert(new Alert("r", dev.cascade.core.alert.AlertRule.Kind.CASCADE, 1, "m", 1, 2)));
        assertThat(fields(schemas.get("LiveAlert"))).isEqualTo(fields(alert));
        Set<String> restAlert = new java.util.TreeSet<>(fields(alert));
        restAlert.remove("type");
        assertThat(fields(schemas.get("Alert"))).as("REST alerts carry the webhook's fields").isEqualTo(restAlert);
    }

    @Test
    void volumeSetsDerivativesAgainstSpotPerHourLikeForLike() throws Exception {
        JsonNode v = ok("/api/volume?from=2025-12-31T00:00Z&to=2025-12-31T03:00Z&bucket=1h&coin=SOL");
        assertThat(v.get("bucketMs").asLong()).isEqualTo(3_600_000L);
        assertThat(v.get("spotExchanges").toString()).isEqualTo("[\"BINANCE\",\"BYBIT\"]");
        assertThat(v.get("buckets")).hasSize(3);
        JsonNode h0 = v.at("/buckets/0");
        assertThat(h0.get("derivativesUsd").asText()).isEqualTo("13000"); // 3,000 Binance + 10,000 Deribit
        assertThat(h0.get("spotUsd").asText()).isEqualTo("1000");
        assertThat(h0.get("matchedDerivativesUsd").asText()).isEqualTo("3000"); // Deribit has no spot feed
        assertThat(h0.get("ratio").asText()).isEqualTo("3");
        assertThat(v.at("/buckets/1/ratio").asText()).isEqualTo("4"); // 2,000 / 500
        assertThat(v.at("/buckets/2/ratio").isNull()).as("no spot traded in hour 2").isTrue();
        assertThat(v.at("/total/derivativesUsd").asText()).isEqualTo("15000");
        assertThat(v.at("/total/spotUsd").asText()).isEqualTo("1500");
        assertThat(v.at("/total/ratio").asText()).isEqualTo("3.333333"); // 5,000 / 1,500, e6
        assertThat(v.get("note").isNull()).isTrue();
        JsonNode none = ok("/api/volume?from=2025-12-30T00:00Z&to=2025-12-30T02:00Z");
        assertThat(none.get("spotExchanges")).isEmpty();
        assertThat(none.get("note").asText()).contains("no spot data");
        assertThat(ok("/api/volume?from=2025-12-31T00:00Z&to=2025-12-31T03:00Z&coin=ETH").at("/total/derivativesUsd").asText()).isEqualTo("0");
        badRequest("/api/volume?bucket=10s", "bucket");
        badRequest("/api/volume?window=400d&bucket=1m", "bucket");
        badRequest("/api/volume?exchange=binance", "exchange");
        JsonNode schemas = ok("/openapi.json").get("components").get("schemas");
        assertThat(fields(schemas.get("Volume"))).isEqualTo(fields(v));
        assertThat(fields(schemas.at("/Volume/properties/buckets/items"))).isEqualTo(fields(h0));
        assertThat(fields(schemas.at("/Volume/properties/byExchange/items"))).isEqualTo(fields(v.at("/byExchange/0")));
        assertThat(fields(schemas.at("/Volume/properties/total"))).isEqualTo(fields(v.get("total")));
    }

    @Test
    void longShortRatiosComeAsOneSeriesPerFeedContractAndPeriod() throws Exception {
        JsonNode d = ok("/api/long-short?from=2025-12-31T00:00Z&to=2025-12-31T01:00Z&coin=SOL");
        assertThat(d.get("series")).hasSize(2);
        JsonNode binance = d.at("/series/0");
        assertThat(binance.get("source").asText()).isEqualTo("binance-usdm");
        assertThat(binance.get("periodMs").asLong()).isEqualTo(300_000L);
        assertThat(binance.get("points")).hasSize(3);
        assertThat(binance.at("/points/0/longShare").asText()).isEqualTo("0.6442");
        assertThat(binance.at("/points/2/ratio").asText()).isEqualTo("1.81050002");
        assertThat(d.at("/series/1/points/0/shortShare").asText()).isEqualTo("0.4");
        assertThat(ok("/api/long-short?from=2025-12-31T00:00Z&to=2025-12-31T01:00Z&coin=BTC").get("series")).isEmpty();
        badRequest("/api/long-short?bucket=1h", "bucket");
        badRequest("/api/long-short?coin=B%25TC", "coin");
        JsonNode schemas = ok("/openapi.json").get("components").get("schemas");
        assertThat(fields(schemas.get("LongShort"))).isEqualTo(fields(d));
        assertThat(fields(schemas.at("/LongShort/properties/series/items"))).isEqualTo(fields(binance));
        assertThat(fields(schemas.at("/LongShort/properties/series/items/properties/points/items"))).isEqualTo(fields(binance.at("/points/0")));
    }

    @Test
    void refusesToBindBeyondLoopbackUnlessAsked() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ts.server.start("0.0.0.0", 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--allow-remote");
    }
}
