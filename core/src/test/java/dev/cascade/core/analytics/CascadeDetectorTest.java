package dev.cascade.core.analytics;

import dev.cascade.core.port.QueryStore.LiquidationBucket;
import dev.cascade.core.port.QueryStore.PriceBar;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class CascadeDetectorTest {
    static final long M = 60_000;
    static final long USD = 1_000_000;
    static final long PX = 100_000_000L;

    /** Hand-built: 10 quiet minutes of $100k, a 3-minute long burst with a 2% drop, then a short squeeze up 1%. */
    @Test
    void exactCascadesOnHandBuiltSeries() {
        List<LiquidationBucket> liq = new ArrayList<>();
        List<PriceBar> px = new ArrayList<>();
        long[] longs = new long[30];
        long[] shorts = new long[30];
        long[] close = new long[30];
        for (int i = 0; i < 30; i++) {
            longs[i] = 100_000 * USD;
            close[i] = 100_000 * PX;
        }
        longs[10] = 5_000_000 * USD;
        longs[11] = 20_000_000 * USD;
        longs[12] = 8_000_000 * USD;
        close[10] = 99_500 * PX;
        close[11] = 98_000 * PX;
        close[12] = 98_200 * PX;
        for (int i = 13; i < 30; i++) {
            close[i] = 98_200 * PX;
        }
        shorts[20] = 12_000_000 * USD;
        close[20] = 99_182 * PX;
        for (int i = 21; i < 30; i++) {
            close[i] = 99_182 * PX;
        }
        for (int i = 0; i < 30; i++) {
            liq.add(new LiquidationBucket(i * M, "BINANCE", "LONG", 1, longs[i], false));
            if (shorts[i] > 0) {
                liq.add(new LiquidationBucket(i * M, "BYBIT", "SHORT", 1, shorts[i], false));
            }
            long open = i == 0 ? close[0] : close[i - 1];
            px.add(new PriceBar(i * M, "t", "BINANCE", open, Math.max(open, close[i]), Math.min(open, close[i]), close[i], 1));
        }
        BucketSeries s = BucketSeries.of(0, 30 * M, M, liq, px);
        List<CascadeDetector.Cascade> cs = new CascadeDetector(CascadeDetector.Params.DEFAULT).detect(s);
        assertThat(cs).hasSize(2);
        CascadeDetector.Cascade a = cs.get(0);
        assertThat(a.startTs()).isEqualTo(10 * M);
        assertThat(a.endTs()).isEqualTo(13 * M);
        assertThat(a.totals().longUsd()).isEqualTo(33_000_000 * USD);
        assertThat(a.totals().longCount()).isEqualTo(3); // one long liquidation in each of minutes 10, 11, 12
        assertThat(a.dominantSide()).isEqualTo("LONG");
        assertThat(a.peakTs()).isEqualTo(11 * M);
        assertThat(a.openPrice()).isEqualTo(100_000 * PX);
        assertThat(a.extremePrice()).isEqualTo(98_000 * PX);
        assertThat(a.moveBps()).isEqualTo(-200);
        CascadeDetector.Cascade b = cs.get(1);
        assertThat(b.startTs()).isEqualTo(20 * M);
        assertThat(b.endTs()).isEqualTo(21 * M);
        assertThat(b.dominantSide()).isEqualTo("SHORT");
        assertThat(b.totals().totalUsd()).isEqualTo(12_100_000 * USD);
        assertThat(b.byExchange()).containsEntry("BYBIT", 12_000_000 * USD).containsEntry("BINANCE", 100_000 * USD);
        assertThat(b.moveBps()).isEqualTo(100);  // 98,200 -> 99,182
    }

    @Test
    void burstWithoutPriceMoveIsNotACascade() {
        List<LiquidationBucket> liq = new ArrayList<>();
        List<PriceBar> px = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            liq.add(new LiquidationBucket(i * M, "OKX", "LONG", 1, (i == 15 ? 50_000_000 : 10_000) * USD, false));
            px.add(new PriceBar(i * M, "t", "OKX", 100 * PX, 100 * PX, 100 * PX, 100 * PX, 1));
        }
        BucketSeries s = BucketSeries.of(0, 20 * M, M, liq, px);
        CascadeDetector d = new CascadeDetector(CascadeDetector.Params.DEFAULT);
        assertThat(d.hot(s)[15]).isTrue();
        assertThat(d.detect(s)).isEmpty();
    }

    /** Seeded property test: random background noise plus injected bursts; every burst is found at its exact minutes. */
    @Test
    void findsInjectedCascadesInNoise() {
        long seed = System.nanoTime();
        System.out.println("CascadeDetectorTest.findsInjectedCascadesInNoise seed=" + seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 20; round++) {
            int n = 600;
            long[] longs = new long[n];
            long[] price = new long[n + 1];
            price[0] = 60_000 * PX;
            for (int i = 0; i < n; i++) {
                longs[i] = r.nextLong(50_000, 400_000) * USD;            // background: $50k..$400k a minute
                price[i + 1] = price[i] + r.nextLong(-5, 6) * PX;       // +-$5 drift
            }
            List<int[]> injected = new ArrayList<>();
            int at = 80 + r.nextInt(40);
            while (at + 10 < n) {
                int len = 1 + r.nextInt(6);
                for (int k = at; k < at + len; k++) {
                    longs[k] = r.nextLong(20_000_000, 200_000_000) * USD;
                    price[k + 1] = price[k] - r.nextLong(350, 700) * PX;   // at least -0.58% a minute (above the 0.5% move test)
                }
                injected.add(new int[]{at, at + len});
                at += len + 70 + r.nextInt(60);
            }
            List<LiquidationBucket> liq = new ArrayList<>();
            List<PriceBar> px = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                liq.add(new LiquidationBucket(i * M, "BINANCE", "LONG", 1, longs[i], false));
                px.add(new PriceBar(i * M, "t", "BINANCE", price[i], Math.max(price[i], price[i + 1]), Math.min(price[i], price[i + 1]),
                        price[i + 1], 1));
            }
            List<CascadeDetector.Cascade> cs = new CascadeDetector(CascadeDetector.Params.DEFAULT)
                    .detect(BucketSeries.of(0, n * M, M, liq, px));
            assertThat(cs).as("seed %d round %d", seed, round).hasSize(injected.size());
            for (int k = 0; k < cs.size(); k++) {
                assertThat(cs.get(k).startTs()).as("seed %d", seed).isEqualTo(injected.get(k)[0] * M);
                assertThat(cs.get(k).endTs()).as("seed %d", seed).isEqualTo(injected.get(k)[1] * M);
                assertThat(cs.get(k).moveBps()).isNegative();
            }
        }
    }
}
