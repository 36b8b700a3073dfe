package dev.cascade.store;

import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.sim.map.LiquidationMap;
import dev.cascade.core.sim.map.LiquidationMapEstimator;
import dev.cascade.core.sim.map.StoredLiquidationMap;
import dev.cascade.core.sim.scenario.Scenario;
import dev.cascade.core.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;

import static dev.cascade.store.MapEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Event-level reads as model records, and the whole path store -> liquidation map -> stress, exact. */
class SqlMarketHistoryTest {
    static final long USD = Fixed.ONE_E8;
    DuckDbStore store;
    Connection conn;
    SqlMarketHistory h;

    @BeforeEach
    void setUp() {
        store = DuckDbStore.open(null);
        for (MarketEvent e : MapEvents.events()) {
            store.accept(e);
        }
        store.accept(new Trade("binance-usdm", dev.cascade.core.model.Exchange.BINANCE, dev.cascade.core.model.MarketType.LINEAR,
                "BTCUSDT", "BTC-USDT-PERP", TakerSide.SELL, 49_000 * USD, 2 * Fixed.ONE_E8, 98_000 * Fixed.ONE_E6, "t7", true,
                T0 + 45_000, T0 + 45_010));
        store.flush();
        conn = store.connect();
        h = new SqlMarketHistory(conn);
    }

    @AfterEach
    void tearDown() throws Exception {
        conn.close();
        store.close();
    }

    @Test
    void readsRoundTripTheModelRecordsOfOneCoin() {
        List<OpenInterest> oi = h.openInterestEvents(T0, T0 + 60_001, "BTC");
        // 2 venues x 2 samples + the aggregate's 2; ETH excluded; ordered by time.
        assertThat(oi).hasSize(6);
        assertThat(oi).containsAll(MapEvents.events().stream().filter(e -> e instanceof OpenInterest o
                && o.symbol().startsWith("BTC-")).map(e -> (OpenInterest) e).toList());
        assertThat(oi.get(5).ts()).isEqualTo(T0 + 60_000);
        // The window is [from, to): the end sample is left out.
        assertThat(h.openInterestEvents(T0, T0 + 60_000, "BTC")).hasSize(3);
        List<MarkPrice> marks = h.markPriceEvents(T0, T0 + 60_001, "BTC");
        assertThat(marks).hasSize(4).allMatch(m -> m.markPrice() == 50_000 * USD);
        List<Trade> trades = h.tradeEvents(T0, T0 + 60_001, "BTC", 10);
        assertThat(trades).hasSize(2); // the spot trade and the liquidation fill, both BTC
        Trade fill = trades.get(1);
        assertThat(fill.takerSide()).isEqualTo(TakerSide.SELL);
        assertThat(fill.price()).isEqualTo(49_000 * USD);
        assertThat(fill.liquidation()).isTrue();
        assertThat(fill.exchangeTs()).isEqualTo(T0 + 45_000);
        assertThat(fill.receiveTs()).isEqualTo(T0 + 45_010);
        assertThat(h.openInterestEvents(T0, T0 + 60_001, "ETH")).hasSize(2);
        assertThat(h.latestDataTs("BTC")).isEqualTo(T0 + 60_000);
        assertThat(h.latestDataTs("DOGE")).isEqualTo(-1);
        assertThatThrownBy(() -> h.tradeEvents(T0, T0 + 60_001, "BTC", 1)).hasMessageContaining("more than 1 BTC trades");
        // A coin pattern is a bound value: LIKE wildcards match nothing.
        assertThat(h.openInterestEvents(T0, T0 + 60_001, "%")).isEmpty();
    }

    @Test
    void storedDataBecomesTheHandComputedMapAndItsStress() {
        StoredLiquidationMap.Estimate e = StoredLiquidationMap.estimate(h, "BTC", T0, T0 + 60_001,
                LiquidationMapEstimator.Params.defaults(100 * USD));
        assertThat(e.instruments()).containsExactly("BINANCE BTC-USDT-PERP", "OKX BTC-USDT-PERP");
        assertThat(e.skipped()).singleElement().asString().startsWith("COINGLASS BTC-ALL-AGG: no trades or mark prices");
        LiquidationMap m = e.map();
        // Binance's interval also holds the 49,000 fill (taker sell, 2 BTC): VWAP 49,000, so its cohorts differ;
        // OKX's are the table of MapEvents exactly.
        // "Now" is the most recently priced instrument (a tie at T0 + 60 s: the first, Binance, whose last interval
        // is priced by its fill at 49,000: VWAP before marks).
        assertThat(m.lastPrice()).isEqualTo(49_000 * USD);
        long okxLong = 0;
        long okxShort = 0;
        for (LiquidationMap.Level l : m.levels()) {
            if (l.entry() == 50_000 * USD) {
                long usd = dev.cascade.core.sim.margin.MarginMath.notional(l.qty(), l.liquidationPrice());
                if (l.isLong()) {
                    okxLong += usd;
                } else {
                    okxShort += usd;
                }
            }
        }
        assertThat(okxLong).isEqualTo(MapEvents.LONG_USD_PER_VENUE * Fixed.ONE_E6);
        assertThat(okxShort).isEqualTo(MapEvents.SHORT_USD_PER_VENUE * Fixed.ONE_E6);
        // Binance: all taker sells -> long share floored at 20%: 20 BTC long, 80 short, entry 49,000.
        // 10x long: 20 x 0.3 = 6 BTC at 49,000 x 0.904 = 44,296; 10x short: 80 x 0.3 = 24 BTC at 49,000 x 1.096 = 53,704.
        assertThat(m.longUsdBetween(44_200 * USD, 44_300 * USD)).isEqualTo(6L * 44_296 * Fixed.ONE_E6);
        assertThat(m.shortUsdBetween(53_700 * USD, 53_800 * USD)).isEqualTo(24L * 53_704 * Fixed.ONE_E6);
        // OKX 10x long at 45,200 is alone in its bin.
        assertThat(m.longUsdBetween(45_200 * USD, 45_300 * USD)).isEqualTo(678_000 * Fixed.ONE_E6);

        Scenario book = ScenarioLoader.builtIn("oct-2025");
        StoredLiquidationMap.Stress fall = StoredLiquidationMap.stress(e, -10, book.engine(), book.table());
        // 2 venues x 5 tiers x 2 sides, less OKX's 50x and 100x longs (exact LPs 49,196 and 49,698): the last price,
        // 49,000, has already crossed them.
        assertThat(fall.population().store().size()).isEqualTo(18);
        assertThat(fall.population().dropped()).isEqualTo(2);
        assertThat(fall.result().shockPrice()).isEqualTo(44_100 * USD);
        // A gap to 44,100 reaches OKX's 10x and 25x longs (45,180, 48,193) and Binance's 10/25/50/100x
        // (from 44,277 up); the book is deep enough that the liquidations barely move it.
        assertThat(fall.result().cascade().longsLiquidated()).isEqualTo(6);
        assertThat(fall.result().cascade().shortsLiquidated()).isZero();
        assertThat(fall.result().cascade().minMark()).isGreaterThan(40_000 * USD);
        assertThat(fall.result().cascade().conservedAfter()).isEqualTo(fall.result().cascade().conservedBefore());
        StoredLiquidationMap.Stress rise = StoredLiquidationMap.stress(e, 10, book.engine(), book.table());
        // To 53,900: Binance's 10/25/50/100x shorts (53,685 and below) and OKX's 25/50/100x (10x at 54,781 survives).
        assertThat(rise.result().shockPrice()).isEqualTo(53_900 * USD);
        assertThat(rise.result().cascade().shortsLiquidated()).isEqualTo(7);
        assertThat(rise.result().cascade().longsLiquidated()).isZero();
        assertThat(rise.result().dropPct()).isEqualTo(-10);
    }

    @Test
    void aStoreWithoutEventLevelDataSaysWhatIsNeeded() {
        assertThatThrownBy(() -> StoredLiquidationMap.estimate(h, "BTC", T0 + 120_000, T0 + 180_000,
                LiquidationMapEstimator.Params.defaults(100 * USD)))
                .isInstanceOf(StoredLiquidationMap.MissingData.class)
                .hasMessageContaining("at least two open-interest samples plus trades or mark prices")
                .hasMessageContaining("Found 0 OI samples");
        assertThatThrownBy(() -> StoredLiquidationMap.estimate(h, "BTC", T0 + 59_000, T0 + 60_001,
                LiquidationMapEstimator.Params.defaults(100 * USD)))
                .isInstanceOf(StoredLiquidationMap.MissingData.class).hasMessageContaining("only one open-interest sample");
    }
}
