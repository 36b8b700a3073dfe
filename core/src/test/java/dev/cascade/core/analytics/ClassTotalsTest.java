package dev.cascade.core.analytics;

import dev.cascade.core.model.SourceClass;
import dev.cascade.core.port.QueryStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClassTotalsTest {
    @Test
    void anEmptyWindowHasNoClassAndZeroTotals() {
        ClassTotals t = ClassTotals.of(List.of());
        assertThat(t.isEmpty()).isTrue();
        assertThat(t.get(SourceClass.VENUE)).isEqualTo(SideTotals.ZERO);
        assertThat(new ClassTotals(Map.of()).isEmpty()).isTrue();
    }

    @Test
    void classesAreKeptApartInEnumOrder() {
        ClassTotals t = ClassTotals.of(List.of(
                new QueryStore.LiquidationTotal(SourceClass.AGGREGATE, "COINGLASS", null, "LONG", 3, 5_000_000, false),
                new QueryStore.LiquidationTotal(SourceClass.VENUE, "BINANCE", "BTCUSDT", "SHORT", 1, 2_000_000, true),
                new QueryStore.LiquidationTotal(SourceClass.VENUE, "BYBIT", "BTCUSDT", "LONG", 2, 7_000_000, false)));
        assertThat(t.byClass().keySet()).containsExactly(SourceClass.VENUE, SourceClass.AGGREGATE);
        assertThat(t.get(SourceClass.VENUE)).isEqualTo(new SideTotals(7_000_000, 2_000_000, 2, 1, true));
        assertThat(t.get(SourceClass.AGGREGATE).totalUsd()).isEqualTo(5_000_000);
    }
}
