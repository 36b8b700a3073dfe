package dev.cascade.core.sim.margin;

import dev.cascade.core.money.Fixed;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's fast long arithmetic must agree exactly with the BigInteger / Fixed reference on random inputs. */
class FastPathTest {
    private static final BracketTable BTC = BracketTable.binanceBtcUsdt2021();

    @Test
    void valueMatchesFixedMulDiv() {
        long seed = 77L;
        System.out.println("FastPathTest.value seed=" + seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 500_000; i++) {
            long q = r.nextLong(-5_000_000_000_000L, 5_000_000_000_000L);
            long p = r.nextLong(1, 50_000_000_000_000L);
            if (i % 3 == 0) {
                q = q / 100_000_000L * 100_000_000L + (i % 2 == 0 ? 50 : -50); // round-half edge cases
            }
            assertThat(MarginMath.value(q, p)).as("q=%d p=%d", q, p).isEqualTo(Fixed.mulDiv(q, p, 10));
        }
        assertThat(MarginMath.value(Long.MAX_VALUE / 4, 3)).isEqualTo(Fixed.mulDiv(Long.MAX_VALUE / 4, 3, 10));
    }

    @Test
    void liquidationAndBankruptcyPricesMatchBigInteger() {
        long seed = 78L;
        System.out.println("FastPathTest.prices seed=" + seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 200_000; i++) {
            long q = r.nextLong(1, 100_000_000_000L) * (r.nextBoolean() ? 1 : -1);
            long entry = r.nextLong(1_000_000_000L, 20_000_000_000_000L);
            long cost = MarginMath.value(q, entry);
            long wallet = Math.abs(cost) / r.nextLong(1, 126) + r.nextLong(0, 1_000_000);
            long otherMaint = r.nextInt(4) == 0 ? r.nextLong(0, 1_000_000_000_000L) : 0;
            long otherUpnl = r.nextInt(4) == 0 ? r.nextLong(-1_000_000_000_000L, 1_000_000_000_000L) : 0;
            Bracket b = BTC.get(r.nextInt(BTC.size()));
            long big = MarginMath.solveBig(wallet, cost, q, b, otherMaint, otherUpnl);
            long fast = MarginMath.liquidationPrice(wallet, cost, q, new BracketTable(java.util.List.of(
                    new Bracket(1, 0, Long.MAX_VALUE / 2, b.maxLeverage(), b.mmrPpm(), b.cumUsd()))), otherMaint, otherUpnl);
            assertThat(fast).as("lp q=%d cost=%d wallet=%d", q, cost, wallet).isEqualTo(big <= 0 ? 0 : big);
            assertThat(MarginMath.bankruptcyPrice(wallet, cost, q)).as("bp q=%d cost=%d wallet=%d", q, cost, wallet)
                    .isEqualTo(MarginMath.bankruptcyPriceBig(wallet, cost, q));
        }
    }
}
