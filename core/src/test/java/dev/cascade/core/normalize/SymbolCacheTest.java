package dev.cascade.core.normalize;

import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.QuantityUnit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SymbolCacheTest {
    private final List<String> resolved = new ArrayList<>();
    private final SymbolCache cache = new SymbolCache(s -> {
        if (s.startsWith("BAD")) {
            throw new MalformedFrameException("no rule for " + s);
        }
        resolved.add(s);
        return new Instrument(Exchange.BINANCE, MarketType.LINEAR, s, s + "-PERP", s, "USDT", 100_000_000L, QuantityUnit.BASE);
    });

    @Test
    void aRangeBecomesItsTextAndARepeatedOneTheSameString() {
        String a = cache.symbol("{\"s\":\"BTCUSDT\"}", 6, 13);
        assertThat(a).isEqualTo("BTCUSDT");
        assertThat(cache.symbol("xxBTCUSDTyy", 2, 9)).isSameAs(a);
        // Same length, other text; a prefix; a longer symbol: each its own text, whatever slot it hashes to.
        assertThat(cache.symbol("ETHUSDT", 0, 7)).isEqualTo("ETHUSDT");
        assertThat(cache.symbol("BTCUSDT", 0, 6)).isEqualTo("BTCUSD");
        assertThat(cache.symbol("BTCUSDTX", 0, 8)).isEqualTo("BTCUSDTX");
        assertThat(cache.symbol("BTCUSDT", 0, 7)).isEqualTo("BTCUSDT");
        assertThat(cache.symbol("", 0, 0)).isEmpty();
        // Every symbol of a long run comes back as its own text, the remembered ones as the same String.
        for (int i = 0; i < 2_000; i++) {
            String text = "S" + i + "USDT";
            String first = cache.symbol(" " + text + " ", 1, text.length() + 1);
            assertThat(first).isEqualTo(text);
            assertThat(cache.symbol(text, 0, text.length())).isSameAs(first);
        }
    }

    @Test
    void instrumentsAreRememberedUpToTheBoundThenStartOver() throws Exception {
        Instrument btc = cache.instrument("BTC");
        assertThat(cache.instrument("BTC")).isSameAs(btc);
        assertThat(resolved).containsExactly("BTC");
        assertThatThrownBy(() -> cache.instrument("BAD1")).isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> cache.instrument("BAD1")).isInstanceOf(MalformedFrameException.class);

        for (int i = 1; i < SymbolCache.MAX_SYMBOLS; i++) {
            cache.instrument("C" + i);
        }
        // MAX_SYMBOLS remembered, BTC among them.
        assertThat(resolved).hasSize(SymbolCache.MAX_SYMBOLS);
        cache.instrument("BTC");
        assertThat(resolved).hasSize(SymbolCache.MAX_SYMBOLS);
        // One more: the memory starts over, so BTC is resolved again.
        cache.instrument("ONE-MORE");
        cache.instrument("BTC");
        assertThat(resolved).hasSize(SymbolCache.MAX_SYMBOLS + 2);
        assertThat(resolved.get(resolved.size() - 1)).isEqualTo("BTC");
    }
}
