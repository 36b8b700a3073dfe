package dev.cascade.core.money;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FixedTest {
    @Test
    void parsesDecimalTextExactly() {
        assertThat(Fixed.parse("9910", Fixed.E8)).isEqualTo(991_000_000_000L);
        assertThat(Fixed.parse("0.014", Fixed.E8)).isEqualTo(1_400_000L);
        assertThat(Fixed.parse("-0.00012359", Fixed.E12)).isEqualTo(-123_590_000L);
        assertThat(Fixed.parse("0.007831", Fixed.E8)).isEqualTo(783_100L);
        assertThat(Fixed.parse("+1.5", Fixed.E6)).isEqualTo(1_500_000L);
        assertThat(Fixed.parse("1e-5", Fixed.E8)).isEqualTo(1_000L);
        assertThat(Fixed.parse("2.5E3", Fixed.E6)).isEqualTo(2_500_000_000L);
    }

    @Test
    void roundsDigitsBeyondTheScaleHalfUp() {
        // OKX sends 16-digit rates and 19-digit OI; the digit after the kept scale decides.
        assertThat(Fixed.parse("0.0001875391284828", Fixed.E12)).isEqualTo(187_539_128L);
        assertThat(Fixed.parse("0.0001875391285", Fixed.E12)).isEqualTo(187_539_129L);
        assertThat(Fixed.parse("22161.1301000000309", Fixed.E8)).isEqualTo(2_216_113_010_000L);
        assertThat(Fixed.parse("-0.000000015", Fixed.E8)).isEqualTo(-2L);
    }

    @Test
    void rejectsWhatIsNotANumber() {
        assertThatThrownBy(() -> Fixed.parse("", Fixed.E8)).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Fixed.parse("12a", Fixed.E8)).isInstanceOf(NumberFormatException.class).hasMessageContaining("12a");
        assertThatThrownBy(() -> Fixed.parse("1.2.3", Fixed.E8)).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Fixed.parse("-", Fixed.E8)).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Fixed.parse("99999999999999999999", Fixed.E8)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void mulDivMatchesBigDecimalOnRandomValues() {
        long seed = Long.getLong("prop.seed", System.nanoTime());
        System.out.println("FixedTest.mulDivMatchesBigDecimalOnRandomValues seed=" + seed + " (rerun with -Dprop.seed=" + seed + ")");
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 200_000; i++) {
            // Prices up to 10M with 8 decimals, quantities up to 1M with 8 decimals: products far beyond a long.
            long price = r.nextLong(1, 1_000_000_000_000_000L);
            long qty = r.nextLong(1, 100_000_000_000_000L) * (r.nextBoolean() ? 1 : -1);
            BigDecimal exact = BigDecimal.valueOf(price).multiply(BigDecimal.valueOf(qty))
                    .divide(BigDecimal.TEN.pow(10)).setScale(0, RoundingMode.HALF_UP);
            if (exact.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                continue;
            }
            assertThat(Fixed.mulDiv(price, qty, 10)).as("price=%d qty=%d seed=%d", price, qty, seed).isEqualTo(exact.longValueExact());
        }
    }

    /** Every scale the 128-bit path takes (shift-then-divide up to 10^13, limb steps beyond), overflow included. */
    @Test
    void mulDivMatchesBigDecimalAtEveryScale() {
        long seed = Long.getLong("prop.seed", System.nanoTime());
        System.out.println("FixedTest.mulDivMatchesBigDecimalAtEveryScale seed=" + seed + " (rerun with -Dprop.seed=" + seed + ")");
        SplittableRandom r = new SplittableRandom(seed);
        BigDecimal max = BigDecimal.valueOf(Long.MAX_VALUE);
        for (int i = 0; i < 200_000; i++) {
            int scale = r.nextInt(0, 19);
            long a = r.nextLong() >> r.nextInt(0, 40);
            long b = r.nextLong() >> r.nextInt(0, 40);
            if (a == Long.MIN_VALUE || b == Long.MIN_VALUE) {
                continue;
            }
            BigDecimal exact = BigDecimal.valueOf(a).multiply(BigDecimal.valueOf(b)).movePointLeft(scale).setScale(0, RoundingMode.HALF_UP);
            if (exact.abs().compareTo(max) > 0) {
                assertThatThrownBy(() -> Fixed.mulDiv(a, b, scale)).as("a=%d b=%d scale=%d", a, b, scale)
                        .isInstanceOf(ArithmeticException.class);
            } else {
                assertThat(Fixed.mulDiv(a, b, scale)).as("a=%d b=%d scale=%d", a, b, scale).isEqualTo(exact.longValueExact());
            }
        }
    }

    @Test
    void mulDivRoundsHalfUpAndDetectsOverflow() {
        assertThat(Fixed.mulDiv(15, 1, 1)).isEqualTo(2);
        assertThat(Fixed.mulDiv(14, 1, 1)).isEqualTo(1);
        assertThat(Fixed.mulDiv(-15, 1, 1)).isEqualTo(-2);
        // $1B of BTC at 100k: 10,000 BTC.
        assertThat(Fixed.mulDiv(10_000_000_000_000L, 1_000_000_000_000L, 10)).isEqualTo(1_000_000_000_000_000L);
        assertThatThrownBy(() -> Fixed.mulDiv(Long.MAX_VALUE, Long.MAX_VALUE, 1)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void divScaledAndRescale() {
        // $100 of COIN-M BTC at 9496.5 = 0.01053020 BTC (e8, half up)
        assertThat(Fixed.divScaled(100 * Fixed.ONE_E8, Fixed.E8, Fixed.parse("9496.5", Fixed.E8))).isEqualTo(1_053_020L);
        assertThat(Fixed.rescale(123_456_789L, 8, 6)).isEqualTo(1_234_568L);
        assertThat(Fixed.rescale(-123_456_750L, 8, 6)).isEqualTo(-1_234_568L);
        assertThat(Fixed.rescale(5L, 6, 8)).isEqualTo(500L);
        assertThat(Fixed.format(9_542_710_000_000L, 8)).isEqualTo("95427.1");
        assertThat(BigInteger.valueOf(Fixed.pow10(18))).isEqualTo(BigInteger.TEN.pow(18));
    }
}
