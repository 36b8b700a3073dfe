package dev.cascade.core.analytics;

import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.QueryStore.FundingSample;
import dev.cascade.core.port.QueryStore.LiquidationBucket;
import dev.cascade.core.port.QueryStore.OiSample;
import dev.cascade.core.port.QueryStore.PriceBar;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The autopsy built from hand-made query results: every headline number exact. */
class AutopsyTest {
    static final long M = 60_000;
    static final long USD = 1_000_000;
    static final long PX = 100_000_000L;
    static final long BP = 100_000_000L;   // 0.01% as e12

    @Test
    void headlineFiguresFromHandBuiltData() {
        int n = 40;
        List<LiquidationBucket> liq = new ArrayList<>();
        List<PriceBar> px = new ArrayList<>();
        List<OiSample> oi = new ArrayList<>();
        List<FundingSample> funding = new ArrayList<>();
        long[] close = new long[n];
        for (int i = 0; i < n; i++) {
            close[i] = i < 20 ? 100_000 : i < 23 ? 100_000 - (i - 19) * 1_000 : 97_000 + Math.min(i - 22, 5) * 100;
        }
        for (int i = 0; i < n; i++) {
            long open = i == 0 ? close[0] : close[i - 1];
            px.add(new PriceBar(i * M, "s", "BINANCE", open * PX, Math.max(open, close[i]) * PX, Math.min(open, close[i]) * PX, close[i] * PX, 1));
            liq.add(new LiquidationBucket(i * M, "BINANCE", "LONG", 1, (i >= 20 && i < 23 ? 10_000_000 : 10_000) * USD, true));
            if (i == 21) {
                liq.add(new LiquidationBucket(i * M, "BYBIT", "SHORT", 4, 2_000_000 * USD, false));
            }
            // OI: 1000 until 20, down 100 a minute to 700 at 22, then +10 a minute.
            long o = i < 20 ? 1000 : i <= 22 ? 1000 - (i - 19) * 100 : 700 + (i - 22) * 10;
            oi.add(new OiSample(i * M, "s", "BINANCE", "BTC-USDT-PERP", o * USD * 1000));
            funding.add(new FundingSample(i * M, "s", "BINANCE", "BTC-USDT-PERP", (i < 20 ? 1 : i < 30 ? -2 : 1) * BP, 8));
        }
        // Aggregator rows are reported apart and never added to venue rows.
        liq.add(new LiquidationBucket(0, "COINGLASS", "LONG", 1, 77 * USD, false));
        List<QueryStore.LiquidationEvent> largest = List.of(
                new QueryStore.LiquidationEvent(21 * M + 5, "s", "BINANCE", "BTC-USDT-PERP", "LONG", 98_000 * PX, 0, 3_000_000 * USD));
        Autopsy.Inputs in = new Autopsy.Inputs(0, n * M, "BTC", M, List.of(new QueryStore.SourceCount("liquidation", "s", 44)),
                liq, px, oi, funding, largest, List.of());
        AutopsyReport r = new Autopsy(CascadeDetector.Params.DEFAULT, Set.of()).build(in);

        assertThat(r.synthetic()).isFalse();
        assertThat(r.aggregate().totals().totalUsd()).isEqualTo(77 * USD);
        AutopsyReport.Venues v = r.venues();
        assertThat(v.totals().longUsd()).isEqualTo(30_000_000 * USD + 37 * 10_000 * USD);
        assertThat(v.totals().shortUsd()).isEqualTo(2_000_000 * USD);
        assertThat(v.totals().lowerBound()).isTrue();
        assertThat(v.byExchange()).extracting(AutopsyReport.ExchangeTotal::exchange).containsExactly("BINANCE", "BYBIT");
        assertThat(v.peakBucket()).isEqualTo(new AutopsyReport.Point(21 * M, 12_000_000 * USD));
        assertThat(v.cascades()).hasSize(1);
        CascadeDetector.Cascade c = v.cascades().get(0);
        assertThat(c.startTs()).isEqualTo(20 * M);
        assertThat(c.endTs()).isEqualTo(23 * M);
        assertThat(c.moveBps()).isEqualTo(-300);     // 100,000 -> 97,000
        // Price: peak 100,000 (first seen at minute 0), low 97,000 at minute 22 -> -3%, 2 minutes after the cascade began.
        assertThat(v.priceDrawdown().peak()).isEqualTo(100_000 * PX);
        assertThat(v.priceDrawdown().trough()).isEqualTo(97_000 * PX);
        assertThat(v.priceDrawdown().troughTs()).isEqualTo(22 * M);
        assertThat(v.priceDrawdown().dropPpm()).isEqualTo(30_000);
        assertThat(v.timeToBottomMs()).isEqualTo(2 * M);
        // OI: 1000k -> 700k (-30%), then +10k a minute to 870k at minute 39: 170/300 of the flush rebuilt.
        assertThat(v.oiDrawdown().drop()).isEqualTo(300_000 * USD);
        assertThat(v.oiDrawdown().dropPpm()).isEqualTo(300_000);
        AutopsyReport.Releveraging rl = v.releveraging();
        assertThat(rl.oiTrough()).isEqualTo(700_000 * USD);
        assertThat(rl.oiEnd()).isEqualTo(870_000 * USD);
        assertThat(rl.rebuildUsd()).isEqualTo(170_000 * USD);
        assertThat(rl.rebuildPpmOfFlush()).isEqualTo(566_667);
        assertThat(rl.fundingBefore()).isEqualTo(BP);
        assertThat(rl.fundingMin()).isEqualTo(-2 * BP);
        assertThat(rl.fundingMinTs()).isEqualTo(20 * M);
        assertThat(rl.fundingEnd()).isEqualTo(BP);
        assertThat(v.largest()).hasSize(1);
        assertThat(r.timeline()).extracting(AutopsyReport.Phase::name)
                .containsExactly("Build-up", "Cascade 1", "Bottom", "Aftermath / re-leveraging");
        assertThat(r.timeline().get(1).description()).contains("$32.00M liquidated").contains("-3.00%");
    }

    @Test
    void bucketGrowsWithTheWindow() {
        assertThat(Autopsy.bucketFor(0, 3 * 24 * 60 * M)).isEqualTo(M);
        assertThat(Autopsy.bucketFor(0, 3 * 24 * 60 * M + M)).isEqualTo(5 * M);
        assertThat(Autopsy.bucketFor(0, 30 * 24 * 60 * M)).isEqualTo(15 * M);
        assertThat(CascadeDetector.Params.DEFAULT.scaledTo(15).minBucketUsd()).isEqualTo(15 * CascadeDetector.Params.DEFAULT.minBucketUsd());
    }

    @Test
    void aLoneMidnightAggregateRowIsADayWhenTheWindowCoversWhereA4HourRowWouldFollow() {
        long day = 86_400_000L;
        long h4 = 4 * 3_600_000L;
        List<LiquidationBucket> lone = List.of(new LiquidationBucket(18_766 * day, "COINGLASS", "LONG", 1, 1, false));
        // The crash day alone: a 4-hour series would have had a row at 04:00 inside the window.
        assertThat(Autopsy.aggregateBucket(lone, 18_767 * day)).isEqualTo(day);
        // Only the first 4 hours after the row: a daily and a 4-hour row cannot be told apart; CoinGlass's export is 4h.
        assertThat(Autopsy.aggregateBucket(lone, 18_766 * day + h4)).isEqualTo(h4);
        List<LiquidationBucket> fourHourly = List.of(new LiquidationBucket(18_766 * day, "COINGLASS", "LONG", 1, 1, false),
                new LiquidationBucket(18_766 * day + h4, "COINGLASS", "LONG", 1, 1, false));
        assertThat(Autopsy.aggregateBucket(fourHourly, 18_767 * day)).isEqualTo(h4);
        List<LiquidationBucket> daily = List.of(new LiquidationBucket(18_766 * day, "COINGLASS", "LONG", 1, 1, false),
                new LiquidationBucket(18_767 * day, "COINGLASS", "SHORT", 1, 1, false));
        assertThat(Autopsy.aggregateBucket(daily, 18_768 * day)).isEqualTo(day);
    }
}
