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
    void parsesExponentFormsThatNeedRounding() {
        // More fraction digits than the scale once the exponent is applied: the extra digits round half up.
        assertThat(Fixed.parse("1.2345e-6", Fixed.E8)).isEqualTo(123L);
        assertThat(Fixed.parse("1.2355e-6", Fixed.E8)).isEqualTo(124L);
        assertThat(Fixed.parse("1.5e-8", Fixed.E8)).as("exactly half a unit").isEqualTo(2L);
        assertThat(Fixed.parse("1.4999e-8", Fixed.E8)).isEqualTo(1L);
        assertThat(Fixed.parse("-1.5e-8", Fixed.E8)).as("half away from zero").isEqualTo(-2L);
        assertThat(Fixed.parse("4e-9", Fixed.E8)).isEqualTo(0L);
        // Digits beyond the scale before the exponent: the exact slow path.
        assertThat(Fixed.parse("1.234567891e-3", Fixed.E8)).isEqualTo(123_457L);
        assertThat(Fixed.parse("1.234567844e-4", Fixed.E8)).isEqualTo(12_346L);
        assertThat(Fixed.parse("-1.234567895e1", Fixed.E8)).isEqualTo(-1_234_567_895L);
        assertThat(Fixed.parse("1.000000001e2", Fixed.E8)).isEqualTo(10_000_000_010L);
    }

    @Test
    void parsesAtScaleZero() {
        assertThat(Fixed.parse("123", 0)).isEqualTo(123L);
        assertThat(Fixed.parse("2.5", 0)).isEqualTo(3L);
        assertThat(Fixed.parse("2.49", 0)).isEqualTo(2L);
        assertThat(Fixed.parse("-2.5", 0)).isEqualTo(-3L);
    }

    @Test
    void digitsBeyondTheScaleNeverOverflowWhatFits() {
        // Long.MAX_VALUE at e8, with a digit after it that rounds down: the extra digit must not enter the mantissa.
        assertThat(Fixed.parse("92233720368.547758071", Fixed.E8)).isEqualTo(Long.MAX_VALUE);
        assertThat(Fixed.parse("92233720368.5477580749999", Fixed.E8)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> Fixed.parse("92233720368.547758075", Fixed.E8)).isInstanceOf(ArithmeticException.class);
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

    /**
     * Results between 2^63 and 2^96 overflow a long though the top 32 bits of the 128-bit quotient are zero; the
     * largest results that fit come back exact.
     */
    @Test
    void mulDivOverflowsOnResultsOfEveryWidthBeyondALong() {
        for (int scale : new int[] {1, 8, 10, 13, 14, 18}) {
            BigInteger div = BigInteger.TEN.pow(scale);
            for (int bits = 64; bits <= 100; bits += 4) {
                // a * b / 10^scale lands near 2^bits.
                long a = Long.MAX_VALUE;
                BigInteger want = BigInteger.ONE.shiftLeft(bits).multiply(div).divide(BigInteger.valueOf(a));
                if (want.bitLength() > 63) {
                    continue;
                }
                long b = want.longValueExact();
                int s = scale;
                assertThatThrownBy(() -> Fixed.mulDiv(a, b, s)).as("a=%d b=%d scale=%d", a, b, s)
                        .isInstanceOf(ArithmeticException.class);
                assertThatThrownBy(() -> Fixed.mulDiv(-a, b, s)).isInstanceOf(ArithmeticException.class);
            }
            // The largest quotient that fits: Long.MAX_VALUE * 10^scale / 10^scale, from two factors.
            long a = Long.MAX_VALUE;
            long b = div.longValueExact();
            assertThat(Fixed.mulDiv(a, b, scale)).as("scale=%d", scale).isEqualTo(Long.MAX_VALUE);
            assertThat(Fixed.mulDiv(-a, b, scale)).isEqualTo(-Long.MAX_VALUE);
        }
    }

    @Test
    void divScaledAndRescale() {
        // $100 of COIN-M BTC at 9496.5 = 0.01053020 BTC (e8, half up)
        assertThat(Fixed.divScaled(100 * Fixed.ONE_E8, Fixed.E8, Fixed.parse("9496.5", Fixed.E8))).isEqualTo(1_053_020L);
        assertThat(Fixed.rescale(123_456_789L, 8, 6)).isEqualTo(1_234_568L);
        assertThat(Fixed.rescale(-123_456_750L, 8, 6)).isEqualTo(-1_234_568L);
        assertThat(Fixed.rescale(5L, 6, 8)).isEqualTo(500L);
        assertThat(Fixed.rescale(123_456_749L, 8, 6)).as("below half rounds down").isEqualTo(1_234_567L);
        assertThat(Fixed.rescale(-123_456_749L, 8, 6)).isEqualTo(-1_234_567L);
        assertThat(Fixed.rescale(123_456_789L, 8, 8)).isEqualTo(123_456_789L);
        assertThatThrownBy(() -> Fixed.rescale(Long.MAX_VALUE / 10, 6, 8)).isInstanceOf(ArithmeticException.class);
        assertThat(Fixed.toBigDecimal(-1_234_567L, 6)).isEqualByComparingTo("-1.234567");
        assertThat(Fixed.toDouble(150_000_000L, 8)).isEqualTo(1.5);
        assertThat(Fixed.toDouble(-25L, 1)).isEqualTo(-2.5);
        assertThat(Fixed.format(9_542_710_000_000L, 8)).isEqualTo("95427.1");
        assertThat(BigInteger.valueOf(Fixed.pow10(18))).isEqualTo(BigInteger.TEN.pow(18));
    }
}
