package dev.cascade.core.normalize;

import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.LongShortRatio;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountRatiosTest {
    private static final AccountRatios.Row ROW = new AccountRatios.Row("okx",
            new Instrument(Exchange.OKX, MarketType.LINEAR, "BTC-USDT-SWAP", "BTC-USDT-PERP", "BTC", "USDT", 1_000_000L, QuantityUnit.CONTRACTS),
            300_000L, 1_760_000_000_000L, 1_760_000_000_500L);

    @Test
    void sharesFromTheRatioAlone() throws Exception {
        // 3 longs per short: 75% and 25%.
        LongShortRatio r = AccountRatios.ofRatio(ROW, 3 * Fixed.ONE_E8);
        assertThat(r.longShare()).isEqualTo(75_000_000L);
        assertThat(r.shortShare()).isEqualTo(25_000_000L);
        assertThat(r.ratio()).isEqualTo(3 * Fixed.ONE_E8);
        // The smallest ratio there is (1e-8): almost every account short, each share rounded half up.
        LongShortRatio tiny = AccountRatios.ofRatio(ROW, 1);
        assertThat(tiny.longShare()).isEqualTo(1);
        assertThat(tiny.shortShare()).isEqualTo(99_999_999L);
    }

    @Test
    void aRatioOfZeroOrLessLeavesNoShares() {
        for (long ratio : new long[] {0, -1, -Fixed.ONE_E8}) {
            assertThatThrownBy(() -> AccountRatios.ofRatio(ROW, ratio)).as("ratio %d", ratio)
                    .isInstanceOf(MalformedFrameException.class).hasMessageContaining("is not positive");
        }
    }
}
