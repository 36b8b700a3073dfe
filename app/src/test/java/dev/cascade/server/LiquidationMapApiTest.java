package dev.cascade.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.money.Fixed;
import dev.cascade.store.MapEvents;
import dev.cascade.wire.WireAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** /api/liquidation-map and /api/stress on the hand-computed stored data of {@link MapEvents}, exact. */
class LiquidationMapApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long E6 = Fixed.ONE_E6;
    private static TestServer ts;

    @BeforeAll
    static void start() throws Exception {
        ts = new TestServer(null, null, LiveHub.withDefaults(), false);
        for (MarketEvent e : MapEvents.events()) {
            ts.spine.publish(e);
        }
        ts.spine.flushNow();
    }

    @AfterAll
    static void stop() {
        ts.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ts.url(path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void theMapIsTheHandComputedOneLabelledAsAModel() throws Exception {
        JsonNode m = ok("/api/liquidation-map?coin=BTC");
        assertThat(m.get("model").asText()).isEqualTo("oi-flow-leverage-tiers");
        assertThat(m.get("label").asText()).contains("MODEL").contains("assumed leverage mix");
        assertThat(m.get("synthetic").asBoolean()).as("venue feeds only").isFalse();
        assertThat(m.get("label").asText()).startsWith("MODEL");
        assertThat(m.get("toTs").asLong()).isEqualTo(MapEvents.T0 + 60_001); // the latest stored price + 1 ms
        assertThat(m.get("fromTs").asLong()).isEqualTo(MapEvents.T0 + 60_001 - 7 * 86_400_000L);
        assertThat(WireAssert.fixed(m.get("lastPrice"), 8)).isEqualTo(50_000 * Fixed.ONE_E8);
        assertThat(m.get("instruments").toString()).isEqualTo("[\"BINANCE BTC-USDT-PERP\",\"OKX BTC-USDT-PERP\"]");
        assertThat(m.get("skipped").get(0).asText()).startsWith("COINGLASS BTC-ALL-AGG: no trades or mark prices");
        assertThat(WireAssert.fixed(m.get("longUsd"), 6)).isEqualTo(2 * MapEvents.LONG_USD_PER_VENUE * E6);
        assertThat(WireAssert.fixed(m.get("shortUsd"), 6)).isEqualTo(2 * MapEvents.SHORT_USD_PER_VENUE * E6);
        JsonNode tenX = m.get("tiers").get(1);
        assertThat(tenX.get("leverage").asDouble()).isEqualTo(10);
        assertThat(WireAssert.fixed(tenX.get("longUsd"), 6)).isEqualTo(2 * 678_000 * E6);
        assertThat(WireAssert.fixed(tenX.get("shortUsd"), 6)).isEqualTo(2 * 822_000 * E6);
        // Ten bins (5 long, 5 short levels, both venues in the same bins), ascending; 10x long at 45,200.
        assertThat(m.get("bins")).hasSize(10);
        JsonNode b = m.get("bins").get(1);
        assertThat(WireAssert.fixed(b.get("priceLow"), 8)).isEqualTo(45_200 * Fixed.ONE_E8);
        assertThat(WireAssert.fixed(b.get("longUsd"), 6)).isEqualTo(2 * 678_000 * E6);
        assertThat(WireAssert.fixed(b.get("longByTierUsd").get(1), 6)).isEqualTo(2 * 678_000 * E6);
        assertThat(m.get("assumptions").get(0).asText()).contains("5x 20, 10x 30, 25x 25, 50x 15, 100x 10");
        // Wider bins merge levels: 40,000-49,999 holds every long.
        JsonNode wide = ok("/api/liquidation-map?coin=BTC&priceBucket=10000&from=" + MapEvents.T0 + "&to=" + (MapEvents.T0 + 60_001));
        assertThat(WireAssert.fixed(wide.get("bins").get(0).get("priceLow"), 8)).isEqualTo(40_000 * Fixed.ONE_E8);
        assertThat(WireAssert.fixed(wide.get("bins").get(0).get("longUsd"), 6)).isEqualTo(2 * MapEvents.LONG_USD_PER_VENUE * E6);
        assertThat(ok("/api/liquidation-map?coin=ETH").get("instruments").get(0).asText()).isEqualTo("BYBIT ETH-USDT-PERP");
    }

    @Test
    void stressRunsTheCascadeOnTheStoredMap() throws Exception {
        JsonNode fall = ok("/api/stress?shockPct=-10");
        assertThat(fall.get("coin").asText()).isEqualTo("BTC");
        assertThat(fall.get("shockPct").asDouble()).isEqualTo(-10);
        assertThat(fall.get("positions").asInt()).isEqualTo(20);
        assertThat(WireAssert.fixed(fall.get("startPrice"), 8)).isEqualTo(50_000 * Fixed.ONE_E8);
        assertThat(WireAssert.fixed(fall.get("shockPrice"), 8)).isEqualTo(45_000 * Fixed.ONE_E8);
        // Exact liquidation prices 45,180 (10x), 48,192 (25x), 49,196 (50x), 49,698 (100x) are reached; 5x is not.
        assertThat(fall.get("longsLiquidated").asInt()).isEqualTo(8);
        assertThat(fall.get("shortsLiquidated").asInt()).isZero();
        assertThat(WireAssert.fixed(fall.get("liquidatedUsd"), 6)).isEqualTo(WireAssert.fixed(fall.get("longLiquidatedUsd"), 6)).isPositive();
        assertThat(WireAssert.fixed(fall.get("extremeMark"), 8)).isLessThanOrEqualTo(45_000 * Fixed.ONE_E8);
        assertThat(fall.get("moneyConserved").asBoolean()).isTrue();
        assertThat(WireAssert.fixed(fall.get("insuranceFundStartUsd"), 6)).isPositive();
        assertThat(fall.get("adlFills").asLong()).isZero();
        assertThat(fall.get("pricePath").size()).isEqualTo(fall.get("steps").asInt()).isPositive();
        assertThat(fall.get("assumptions").toString()).contains("oct-2025").contains("no book depth");
        JsonNode rise = ok("/api/stress?shockPct=10&coin=BTC");
        assertThat(WireAssert.fixed(rise.get("shockPrice"), 8)).isEqualTo(55_000 * Fixed.ONE_E8);
        assertThat(rise.get("shortsLiquidated").asInt()).isEqualTo(8);
        assertThat(rise.get("longsLiquidated").asInt()).isZero();
        assertThat(WireAssert.fixed(rise.get("extremeMark"), 8)).isGreaterThanOrEqualTo(55_000 * Fixed.ONE_E8);
    }

    @Test
    void missingDataAndBadParametersAre400WithAMessage() throws Exception {
        HttpResponse<String> r = get("/api/stress?shockPct=-10&coin=SOL");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("no mark prices or trades for SOL").contains("open-interest samples");
        HttpResponse<String> early = get("/api/liquidation-map?from=" + (MapEvents.T0 - 60_000) + "&to=" + (MapEvents.T0 + 1));
        assertThat(early.statusCode()).isEqualTo(400);
        assertThat(early.body()).contains("only one open-interest sample");
        assertThat(get("/api/stress?shockPct=0").body()).contains("must not be 0");
        assertThat(get("/api/liquidation-map?priceBucket=abc").statusCode()).isEqualTo(400);
    }
}
