package dev.cascade.core.normalize;

import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SizesTest {
    private static final long PRICE = 2_500L * Fixed.ONE_E8;

    @Test
    void aQuantoSizeIsNeverValuedAsLinearOrInverse() {
        // BitMEX ETHUSD: 0.000001 XBT per USD of price per contract, e8 = 100.
        Instrument quanto = new Instrument(Exchange.BITMEX, MarketType.QUANTO, "ETHUSD", "ETH-USD-PERP", "ETH", "USD", 100,
                QuantityUnit.CONTRACTS);
        assertThatThrownBy(() -> Sizes.baseQuantity(quanto, 40 * Fixed.ONE_E8, PRICE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ETHUSD is a quanto contract");
        assertThatThrownBy(() -> Sizes.notionalUsd(quanto, 40 * Fixed.ONE_E8, 0, PRICE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quanto");
        // 40 contracts x 0.000001 XBT x 2,500 x 113,330 = $11,333.
        assertThat(Sizes.quantoUsd(quanto, 40 * Fixed.ONE_E8, PRICE, 113_330L * Fixed.ONE_E8)).isEqualTo(11_333L * Fixed.ONE_E6);
    }
}
