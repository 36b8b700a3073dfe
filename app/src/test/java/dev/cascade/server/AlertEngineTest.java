package dev.cascade.server;

import dev.cascade.core.alert.AlertRule;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.AlertRuleRepository;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlertEngineTest {
    /** In-memory repository: the engine's logic is under test here, the SQL one in ServerApiTest. */
    static final class MemoryRules implements AlertRuleRepository {
        final List<AlertRule> rules = new ArrayList<>();

        @Override
        public List<AlertRule> list() {
            return List.copyOf(rules);
        }

        @Override
        public void add(AlertRule rule) {
            rules.add(rule);
        }

        @Override
        public boolean delete(String id) {
            return rules.removeIf(r -> r.id().equals(id));
        }
    }

    private final List<Alert> fired = new ArrayList<>();
    private final AlertEngine engine = new AlertEngine(new MemoryRules(), fired::add, () -> 0L);

    @Test
    void liquidationsOverThresholdFireOncePerWindow() {
        engine.create(AlertRule.Kind.LIQUIDATIONS_OVER, "BTC", 1_000_000 * Fixed.ONE_E6, 1, 0, null);
        long t = 1_000_000_000L;
        engine.onEvent(ServerApiTest.liq(t, PositionSide.LONG, 600_000));
        assertThat(fired).isEmpty();
        engine.onEvent(ServerApiTest.liq(t + 30_000, PositionSide.SHORT, 400_000)); // $1M within 1 min
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).valueUsdE6()).isEqualTo(1_000_000 * Fixed.ONE_E6);
        engine.onEvent(ServerApiTest.liq(t + 40_000, PositionSide.SHORT, 900_000)); // still inside the quiet window
        assertThat(fired).hasSize(1);
        engine.onEvent(ServerApiTest.liq(t + 200_000, PositionSide.SHORT, 500_000)); // window slid: only $500k in it
        assertThat(fired).hasSize(1);
    }

    @Test
    void cascadeNeedsAOneSidedFlush() {
        engine.create(AlertRule.Kind.CASCADE, null, 500_000 * Fixed.ONE_E6, 5, 0, null);
        long t = 2_000_000_000L;
        for (int i = 0; i < 10; i++) { // balanced: $1M but 50/50
            engine.onEvent(ServerApiTest.liq(t + i * 1000L, i % 2 == 0 ? PositionSide.LONG : PositionSide.SHORT, 100_000));
        }
        assertThat(fired).isEmpty();
        for (int i = 0; i < 40; i++) { // then a long flush dominates the window
            engine.onEvent(ServerApiTest.liq(t + 20_000 + i * 1000L, PositionSide.LONG, 100_000));
        }
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).message()).contains("longs");
    }

    @Test
    void openInterestDropFiresAtTheThreshold() {
        engine.create(AlertRule.Kind.OI_DROP, "BTC", 0, 60, 100_000, null); // -10% within 60 min
        long t = 3_000_000_000L;
        engine.onEvent(oi(t, 1000));
        engine.onEvent(oi(t + 600_000, 950));
        assertThat(fired).isEmpty();
        engine.onEvent(oi(t + 1_200_000, 901)); // -9.9%
        assertThat(fired).isEmpty();
        engine.onEvent(oi(t + 1_800_000, 900)); // -10%
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).message()).contains("fell 10.00%");
        engine.onEvent(oi(t + 1_900_000, 850)); // quiet for one window
        assertThat(fired).hasSize(1);
    }

    @Test
    void rulesForAnotherCoinIgnoreTheEvent() {
        engine.create(AlertRule.Kind.LIQUIDATIONS_OVER, "ETH", Fixed.ONE_E6, 1, 0, null);
        engine.onEvent(ServerApiTest.liq(1L, PositionSide.LONG, 1_000_000));
        assertThat(fired).isEmpty();
    }

    @Test
    void oneFeedCarryingThreeExchangesIsFollowedPerExchangeAndNeverFiresOnFlatOpenInterest() {
        // The bundled synthetic feed: one feed id, three venues of different size, each flat. Keyed by feed and symbol,
        // Binance's $45M peak and OKX's $20M sample made a "fall" of 55% every window.
        engine.create(AlertRule.Kind.OI_DROP, "BTC", 0, 30, 100_000, null);
        long t = 4_000_000_000L;
        for (int i = 0; i < 20; i++) {
            long ts = t + i * 60_000L;
            engine.onEvent(oi("synthetic-crash", Exchange.BINANCE, ts, 45));
            engine.onEvent(oi("synthetic-crash", Exchange.BYBIT, ts, 35));
            engine.onEvent(oi("synthetic-crash", Exchange.OKX, ts, 20));
        }
        assertThat(fired).isEmpty();
        engine.onEvent(oi("synthetic-crash", Exchange.OKX, t + 20 * 60_000L, 10)); // OKX alone halves
        assertThat(fired).singleElement().satisfies(a -> assertThat(a.message())
                .startsWith("SYNTHETIC").contains("on okx").contains("fell 50.00%"));
    }

    @Test
    void aggregateBucketsAreNeverAddedToVenueLiquidations() {
        engine.create(AlertRule.Kind.LIQUIDATIONS_OVER, "BTC", 1_000_000 * Fixed.ONE_E6, 5, 0, null);
        long t = 5_000_000_000L;
        engine.onEvent(ServerApiTest.liq(t, PositionSide.LONG, 600_000)); // venue: $600k
        engine.onEvent(aggregate(t + 1000, 900_000)); // CoinGlass's bucket already holds those $600k
        assertThat(fired).as("$600k of venue orders and a $900k aggregate are not $1.5M").isEmpty();
        engine.onEvent(aggregate(t + 2000, 200_000)); // the aggregate flow alone reaches $1.1M
        assertThat(fired).singleElement().satisfies(a -> {
            assertThat(a.message()).startsWith("AGGREGATE");
            assertThat(a.valueUsdE6()).isEqualTo(1_100_000 * Fixed.ONE_E6);
        });
    }

    private static Liquidation aggregate(long ts, long usd) {
        return new Liquidation("coinglass", Exchange.COINGLASS, MarketType.LINEAR, "BTC", "BTC-ALL-AGG", PositionSide.LONG, 0, 0,
                usd * Fixed.ONE_E6, 0, QuantityUnit.USD, PriceKind.NONE, "long", ts, ts, Completeness.AGGREGATE, "cg|" + ts);
    }

    private static OpenInterest oi(String source, Exchange exchange, long ts, long usdMillions) {
        return new OpenInterest(source, exchange, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP", 0,
                usdMillions * 1_000_000 * Fixed.ONE_E6, ts, ts);
    }

    private static OpenInterest oi(long ts, long usdMillions) {
        return new OpenInterest("coinglass", Exchange.COINGLASS, MarketType.LINEAR, "BTC", "BTC-ALL-AGG", 0,
                usdMillions * 1_000_000 * Fixed.ONE_E6, ts, ts);
    }
}
