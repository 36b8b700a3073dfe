package dev.cascade.store;

import dev.cascade.core.analytics.CompletenessEstimator.Estimate;
import dev.cascade.core.analytics.CompletenessEstimator.Method;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.QuantityUnit;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunCompletenessTest {
    private static final long M = 1_000_000L * 1_000_000L; // $1M in e6

    private static Liquidation liq(String source, Exchange ex, Completeness c, long usd, long t, String key) {
        return new Liquidation(source, ex, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP", PositionSide.LONG, 0, 0, usd, 0,
                QuantityUnit.BASE, PriceKind.BANKRUPTCY, "SELL", t, t, c, key);
    }

    @Test
    void estimatesTheSampledSourceFromTheCompleteOnesOiDropRatio() throws Exception {
        try (DuckDbStore store = DuckDbStore.open(null)) {
            // Bybit (complete): $100M liquidated while its BTC OI fell from $1000M to $900M.
            store.accept(liq("bybit-linear", Exchange.BYBIT, Completeness.COMPLETE, 60 * M, 1_000, "b1"));
            store.accept(liq("bybit-linear", Exchange.BYBIT, Completeness.COMPLETE, 40 * M, 1_500, "b2"));
            store.accept(new OpenInterest("bybit-linear", Exchange.BYBIT, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP", 0, 1000 * M, 900, 900));
            store.accept(new OpenInterest("bybit-linear", Exchange.BYBIT, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP", 0, 900 * M, 1900, 1900));
            // Binance (1/s sampled): showed $20M; its REST OI is in coin (30,000 BTC -> 27,000 BTC) at a $100,000 mark: -$300M.
            store.accept(liq("binance-usdm", Exchange.BINANCE, Completeness.SAMPLED_1S_PER_SYMBOL, 20 * M, 1_200, "n1"));
            store.accept(new OpenInterest("binance-usdm", Exchange.BINANCE, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP", 30_000 * 100_000_000L, 0, 950, 950));
            store.accept(new OpenInterest("binance-usdm", Exchange.BINANCE, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP", 27_000 * 100_000_000L, 0, 1950, 1950));
            store.accept(new MarkPrice("binance-usdm", Exchange.BINANCE, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP", 100_000 * 100_000_000L, 0, 1000, 1000));
            // Outside the window: ignored.
            store.accept(liq("binance-usdm", Exchange.BINANCE, Completeness.SAMPLED_1S_PER_SYMBOL, 999 * M, 5_000, "n2"));
            store.flush();
            List<Estimate> e = store.estimateCompleteness(0, 2_000);
            assertThat(e).hasSize(2);
            Estimate binance = e.get(0);
            assertThat(binance.source()).isEqualTo("binance-usdm");
            assertThat(binance.observedUsd()).isEqualTo(20 * M);
            assertThat(binance.method()).isEqualTo(Method.OI_DROP_RATIO);
            assertThat(binance.estimatedUsd()).isEqualTo(300 * M); // $100M per $100M of OI drop, times $300M
            assertThat(binance.isEstimate()).isTrue();
            assertThat(e.get(1).method()).isEqualTo(Method.OBSERVED_COMPLETE);
        }
    }
}
