package dev.cascade.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.core.model.SourceClass;
import dev.cascade.core.port.DashboardQueries;
import dev.cascade.core.port.QueryStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class WireJsonTest {
    private static final ObjectMapper READ = new ObjectMapper();
    /** Largest integer a JavaScript number (an IEEE double) holds exactly. */
    private static final long JS_SAFE = (1L << 53) - 1;

    private static JsonNode json(Object o) throws Exception {
        return READ.readTree(WireJson.write(o));
    }

    @Test
    void moneyNamedWithItsScaleIsAnExactDecimalStringUnderTheNameWithoutTheSuffix() throws Exception {
        // $19,123,456,789.123456: above 2^53 micro-dollars, a JS number would round it.
        DashboardQueries.LiquidationRow row = new DashboardQueries.LiquidationRow(-8_765_432_109_876_543_210L, 1_760_000_000_000L,
                "bybit-linear", "BYBIT", "BTC-USDT-PERP", "LONG", 12_345_678_901_234L, 1L, 19_123_456_789_123_456L, "COMPLETE");
        JsonNode n = json(row);
        assertThat(n.get("eventId").isTextual()).isTrue();
        assertThat(n.get("eventId").asText()).isEqualTo("-8765432109876543210");
        assertThat(n.get("notionalUsd").asText()).isEqualTo("19123456789.123456");
        assertThat(n.get("price").asText()).isEqualTo("123456.78901234");
        assertThat(n.get("quantity").asText()).isEqualTo("0.00000001");
        assertThat(n.has("notionalUsdE6")).isFalse();
        assertThat(n.get("ts").isIntegralNumber()).isTrue(); // times stay numbers: far below 2^53
        assertThat(n.get("sourceClass").asText()).isEqualTo("VENUE");
    }

    @Test
    void coreRecordsWithoutSuffixAndArraysAreEncodedByTheSameRules() throws Exception {
        JsonNode n = json(TotalsDocument.of(0, 1, List.of(
                new QueryStore.LiquidationTotal(SourceClass.AGGREGATE, "COINGLASS", null, "LONG", 12, 306_463_463_540_000L, false))));
        assertThat(n.at("/rows/0/notionalUsd").asText()).isEqualTo("306463463.54");
        assertThat(n.at("/totals/0/totalUsd").asText()).isEqualTo("306463463.54");
        assertThat(n.at("/totals/0/label").asText()).startsWith("AGGREGATE");
        JsonNode arr = json(Map.of("bin", new Bin(new long[]{1_500_000, 0}, List.of(-2_000_001L))));
        assertThat(arr.at("/bin/byTierUsd/0").asText()).isEqualTo("1.5");
        assertThat(arr.at("/bin/byTierUsd/1").asText()).isEqualTo("0");
        assertThat(arr.at("/bin/deltaUsd/0").asText()).isEqualTo("-2.000001");
    }

    record Bin(long[] byTierUsdE6, List<Long> deltaUsdE6) {
    }

    @Test
    void everyLongRoundTripsExactlyThroughTheWireWhereAJavaScriptNumberWouldNot() throws Exception {
        long seed = System.nanoTime();
        System.out.println("WireJsonTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        int unsafe = 0;
        for (int i = 0; i < 2_000; i++) {
            long v = r.nextLong();
            long id = r.nextLong();
            JsonNode n = json(new DashboardQueries.SideBucket(0, SourceClass.VENUE, v, 0, 0, 0));
            assertThat(new java.math.BigDecimal(n.get("longUsd").asText()).movePointRight(6).longValueExact()).as("seed %d", seed).isEqualTo(v);
            JsonNode row = json(new DashboardQueries.LiquidationRow(id, 0, "s", "BYBIT", "X", "LONG", 0, 0, 0, "COMPLETE"));
            assertThat(Long.parseLong(row.get("eventId").asText())).as("seed %d", seed).isEqualTo(id);
            unsafe += Math.abs(id) > JS_SAFE ? 1 : 0;
        }
        assertThat(unsafe).as("most random 64-bit ids are beyond a JS number's exact range").isGreaterThan(1_900);
    }
}
