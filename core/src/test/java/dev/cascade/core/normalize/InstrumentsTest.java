package dev.cascade.core.normalize;

import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.QuantityUnit;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstrumentsTest {
    private final AtomicInteger derived = new AtomicInteger();
    private final Instruments.Rule rule = s -> {
        derived.incrementAndGet();
        return new Instrument(Exchange.BYBIT, MarketType.LINEAR, s, s + "-PERP", s, "USDT", 100_000_000L, QuantityUnit.BASE);
    };

    @Test
    void aDerivedInstrumentIsKeptUntilTheCatalogIsFull() throws Exception {
        Instruments catalog = new Instruments();
        Instrument first = catalog.resolve(Exchange.BYBIT, "S0", rule);
        assertThat(catalog.find(Exchange.BYBIT, "S0")).isEqualTo(first);
        assertThat(catalog.find(Exchange.OKX, "S0")).as("kept under its venue only").isNull();
        catalog.resolve(Exchange.BYBIT, "S0", rule);
        assertThat(derived).hasValue(1);

        for (int i = 1; i < Instruments.MAX_DERIVED; i++) {
            catalog.resolve(Exchange.BYBIT, "S" + i, rule);
        }
        assertThat(catalog.size()).isEqualTo(Instruments.MAX_DERIVED);
        // Full: a new symbol is still derived, every time, but not kept.
        catalog.resolve(Exchange.BYBIT, "NEW", rule);
        catalog.resolve(Exchange.BYBIT, "NEW", rule);
        assertThat(derived).hasValue(Instruments.MAX_DERIVED + 2);
        assertThat(catalog.find(Exchange.BYBIT, "NEW")).isNull();
        assertThat(catalog.size()).isEqualTo(Instruments.MAX_DERIVED);
    }

    @Test
    void aPairNeedsABaseBeforeItsQuote() throws Exception {
        assertThat(Instruments.splitPair("BTCUSDT")).containsExactly("BTC", "USDT");
        assertThat(Instruments.splitPair("XBTUSD")).containsExactly("BTC", "USD");
        assertThat(Instruments.splitPair("AUSDC")).containsExactly("A", "USDC");
        for (String quoteOnly : new String[] {"USDT", "USD", "USDC", ""}) {
            assertThatThrownBy(() -> Instruments.splitPair(quoteOnly)).as(quoteOnly).isInstanceOf(MalformedFrameException.class)
                    .hasMessageContaining("cannot split symbol");
        }
    }
}
