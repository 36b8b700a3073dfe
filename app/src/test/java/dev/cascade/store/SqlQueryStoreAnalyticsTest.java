package dev.cascade.store;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.model.SourceClass;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.QueryStore.LiquidationBucket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The analytics read queries on hand-built events, exact numbers. */
class SqlQueryStoreAnalyticsTest {
    static final long M = 60_000;
    static final long T0 = 1_760_130_000_000L;   // 2025-10-10T21:00:00Z, a minute boundary
    static final long USD = 1_000_000;
    static final long PX = 100_000_000L;

    DuckDbStore store;
    Connection conn;
    QueryStore q;

    @BeforeEach
    void setUp() {
        store = DuckDbStore.open(null);
        liq("binance-usdm", Exchange.BINANCE, "BTC-USDT-PERP", PositionSide.LONG, T0 + 1_000, 110_000, 500, Completeness.SAMPLED_1S_PER_SYMBOL, "a");
        liq("binance-usdm", Exchange.BINANCE, "BTC-USDT-PERP", PositionSide.LONG, T0 + 59_999, 109_000, 1500, Completeness.SAMPLED_1S_PER_SYMBOL, "b");
        liq("bybit-linear", Exchange.BYBIT, "BTC-USDT-PERP", PositionSide.SHORT, T0 + M, 108_000, 700, Completeness.COMPLETE, "c");
        liq("bybit-linear", Exchange.BYBIT, "ETH-USDT-PERP", PositionSide.LONG, T0 + M, 4_000, 9_000, Completeness.COMPLETE, "d");
        liq("coinglass", Exchange.COINGLASS, "BTC-ALL-AGG", PositionSide.LONG, T0, 0, 99_999, Completeness.AGGREGATE, "e");
        oi(Exchange.BINANCE, "binance-usdm", T0 + 10_000, 1000);
        oi(Exchange.BINANCE, "binance-usdm", T0 + 50_000, 1100);   // last in minute 0
        oi(Exchange.BINANCE, "binance-usdm", T0 + M + 5, 900);
        mark(Exchange.BINANCE, T0 + 1, 110_000);
        mark(Exchange.BINANCE, T0 + 20_000, 111_000);
        mark(Exchange.BINANCE, T0 + 40_000, 107_000);
        mark(Exchange.BINANCE, T0 + 59_000, 108_500);
        store.accept(new FundingRate("binance-usdm", Exchange.BINANCE, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP",
                100_000_000L, 8, T0 + 3_600_000, 0, T0 + 5, T0 + 5));
        trade("binance-usdm", Exchange.BINANCE, MarketType.LINEAR, "BTC-USDT-PERP", "1", 300);
        trade("binance-usdm", Exchange.BINANCE, MarketType.LINEAR, "BTC-USDT-PERP", "2", 200);
        trade("binance-spot", Exchange.BINANCE, MarketType.SPOT, "BTC-USDT", "3", 125);
        store.flush();
        conn = store.connect();
        q = new SqlQueryStore(conn);
    }

    @AfterEach
    void tearDown() throws Exception {
        conn.close();
        store.close();
    }

    @Test
    void minuteBucketsBySideAndExchange() {
        assertThat(q.liquidationBuckets(T0, T0 + 2 * M, M, "BTC")).containsExactly(
                new LiquidationBucket(T0, "BINANCE", "LONG", 2, 2000 * USD, true),
                new LiquidationBucket(T0, "COINGLASS", "LONG", 1, 99_999 * USD, false),
                new LiquidationBucket(T0 + M, "BYBIT", "SHORT", 1, 700 * USD, false));
        assertThat(q.liquidationBuckets(T0, T0 + 2 * M, 2 * M, "ETH")).containsExactly(
                new LiquidationBucket(T0, "BYBIT", "LONG", 1, 9_000 * USD, false));
        assertThat(q.liquidationBuckets(T0, T0 + 2 * M, M, null)).hasSize(4);
        // A wildcard in the coin is not a wildcard.
        assertThat(q.liquidationBuckets(T0, T0 + 2 * M, M, "%")).isEmpty();
        assertThatThrownBy(() -> q.liquidationBuckets(T0, T0 + M, 0, "BTC")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void seriesQueries() {
        assertThat(q.openInterest(T0, T0 + 2 * M, M, "BTC")).containsExactly(
                new QueryStore.OiSample(T0, "binance-usdm", "BINANCE", "BTC-USDT-PERP", 1100 * USD),
                new QueryStore.OiSample(T0 + M, "binance-usdm", "BINANCE", "BTC-USDT-PERP", 900 * USD));
        assertThat(q.markPriceBars(T0, T0 + 2 * M, M, "BTC")).containsExactly(
                new QueryStore.PriceBar(T0, "binance-usdm", "BINANCE", 110_000 * PX, 111_000 * PX, 107_000 * PX, 108_500 * PX, 4));
        assertThat(q.funding(T0, T0 + M, "BTC")).containsExactly(
                new QueryStore.FundingSample(T0 + 5, "binance-usdm", "BINANCE", "BTC-USDT-PERP", 100_000_000L, 8));
        assertThat(q.largestLiquidations(T0, T0 + 2 * M, "BTC", 2)).extracting(QueryStore.LiquidationEvent::notionalUsd)
                .containsExactly(1500 * USD, 700 * USD);   // the CoinGlass bucket is not a single liquidation
        assertThat(q.tradeVolume(T0, T0 + M, "BTC")).containsExactly(
                new QueryStore.VolumeTotal("BINANCE", "LINEAR", 2, 500 * USD),
                new QueryStore.VolumeTotal("BINANCE", "SPOT", 1, 125 * USD));
        assertThat(q.sources(T0, T0 + 2 * M)).contains(new QueryStore.SourceCount("liquidation", "coinglass", 1),
                new QueryStore.SourceCount("mark_price", "binance-usdm", 4), new QueryStore.SourceCount("trade", "binance-spot", 1));
    }

    @Test
    void standardWindowsLikeCoinGlass() {
        // Events at T0 .. T0+1m; windows end at T0 + 2m. The 1h window holds everything; the BYBIT ETH row is filtered by coin.
        List<dev.cascade.core.analytics.WindowTotals.Window> w = dev.cascade.core.analytics.WindowTotals.standard(q, T0 + 2 * M, "BTC");
        assertThat(w).extracting(dev.cascade.core.analytics.WindowTotals.Window::label).containsExactly("1h", "4h", "12h", "24h");
        // The CoinGlass bucket already sums venue liquidations: it is reported beside the venue rows, never added to them.
        assertThat(w.get(0).totals().byClass()).containsOnlyKeys(SourceClass.VENUE, SourceClass.AGGREGATE);
        dev.cascade.core.analytics.SideTotals t = w.get(0).totals().get(SourceClass.VENUE);
        assertThat(t.longUsd()).isEqualTo(2000 * USD);
        assertThat(t.shortUsd()).isEqualTo(700 * USD);
        assertThat(t.count()).isEqualTo(3);
        assertThat(t.lowerBound()).isTrue();
        assertThat(w.get(0).totals().get(SourceClass.AGGREGATE))
                .isEqualTo(new dev.cascade.core.analytics.SideTotals(99_999 * USD, 0, 1, 0, false));
        assertThat(w.get(3).totals()).isEqualTo(w.get(0).totals());
        // A window ending before the Bybit minute: the short is out.
        assertThat(dev.cascade.core.analytics.WindowTotals.of(q, T0 - 3_600_000L, T0 + M, "BTC").totals().get(SourceClass.VENUE).shortUsd()).isZero();
    }

    private void liq(String source, Exchange ex, String symbol, PositionSide side, long ts, long price, long usd, Completeness c, String key) {
        store.accept(new Liquidation(source, ex, MarketType.LINEAR, symbol, symbol, side, price * PX, 0, usd * USD, 0, QuantityUnit.BASE,
                PriceKind.AVERAGE_FILL, side.name(), ts, ts, c, key));
    }

    private void oi(Exchange ex, String source, long ts, long usd) {
        store.accept(new OpenInterest(source, ex, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP", 0, usd * USD, ts, ts));
    }

    private void mark(Exchange ex, long ts, long price) {
        store.accept(new MarkPrice("binance-usdm", ex, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP", price * PX, 0, ts, ts));
    }

    private void trade(String source, Exchange ex, MarketType m, String symbol, String id, long usd) {
        store.accept(new Trade(source, ex, m, symbol, symbol, TakerSide.SELL, 100_000 * PX, 0, usd * USD, id, false, T0 + 7, T0 + 7));
    }
}
