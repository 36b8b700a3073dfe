package dev.cascade.core.sim.margin;

import dev.cascade.core.money.Fixed;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MarginMathTest {
    private static final BracketTable BTC = BracketTable.binanceBtcUsdt2021();

    private static long usd(String s) {
        return Fixed.parse(s, Fixed.E6);
    }

    private static long e8(String s) {
        return Fixed.parse(s, Fixed.E8);
    }

    private static String tenth(long priceE8) {
        return BigDecimal.valueOf(priceE8, 8).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    private static long lp(String wallet, String qty, String entry) {
        long q = e8(qty);
        return MarginMath.liquidationPrice(usd(wallet), MarginMath.value(q, e8(entry)), q, BTC);
    }

    @Test
    void workedExamplesFromTheReferenceAreExact() {
        assertThat(tenth(lp("5000", "1", "100000"))).isEqualTo("95427.1");
        assertThat(tenth(lp("5000", "-1", "100000"))).isEqualTo("104527.4");
        assertThat(tenth(lp("1000", "1", "100000"))).isEqualTo("99447.2");
        assertThat(tenth(lp("200000", "20", "100000"))).isEqualTo("91471.8");
    }

    @Test
    void liquidationPriceIsFlooredForLongsAndCeiledForShorts() {
        // 94950 / 0.995 = 95427.13567839...; floor at e8.
        assertThat(lp("5000", "1", "100000")).isEqualTo(9_542_713_567_839L);
        // 105050 / 1.005 = 104527.36318407...; ceil at e8.
        assertThat(lp("5000", "-1", "100000")).isEqualTo(10_452_736_318_408L);
    }

    @Test
    void cumColumnMatchesTheReferenceTable() {
        long[] cumUsd = {0, 50, 1_300, 16_300, 266_300, 1_266_300, 2_516_300, 5_016_300, 25_016_300, 100_016_300};
        for (int i = 0; i < cumUsd.length; i++) {
            assertThat(BTC.get(i).cumUsd()).as("tier %d", i + 1).isEqualTo(cumUsd[i] * Fixed.ONE_E6);
        }
        assertThat(BTC.forNotional(usd("49999.99")).tier()).isEqualTo(1);
        assertThat(BTC.forNotional(usd("50000")).tier()).isEqualTo(2);
    }

    @Test
    void maintenanceIsContinuousAtTierBoundaries() {
        for (int i = 1; i < BTC.size(); i++) {
            long floor = BTC.get(i).floorUsd();
            assertThat(MarginMath.maintenance(floor, BTC.get(i))).isEqualTo(MarginMath.maintenance(floor, BTC.get(i - 1)));
        }
    }

    @Test
    void liquidationPriceIsResolvedInTheBracketOfTheNotionalAtLp() {
        // Entry notional 300k is tier 3 (1%), but at 2x the LP notional (~150k) falls in tier 2 (0.5%, cum 50).
        long q = e8("3");
        long cost = MarginMath.value(q, e8("100000"));
        long lp = MarginMath.liquidationPrice(usd("150000"), cost, q, BTC);
        // Tier 2: (150000 + 50 - 300000) / (3 x 0.005 - 3) = -149950 / -2.985 = 50234.50...
        assertThat(tenth(lp)).isEqualTo("50234.5");
        // At LP the margin balance equals maintenance to within rounding; one dollar above it is safe.
        long eq = MarginMath.equity(usd("150000"), cost, q, lp);
        assertThat(Math.abs(eq - MarginMath.maintenance(q, lp, BTC))).isLessThan(10);
        assertThat(MarginMath.liquidatable(usd("150000"), cost, q, lp, BTC)).isTrue();
        assertThat(MarginMath.liquidatable(usd("150000"), cost, q, lp + Fixed.ONE_E8, BTC)).isFalse();
    }

    @Test
    void oneTimesLongIsNeverLiquidated() {
        assertThat(lp("100000", "1", "100000")).isZero();
    }

    @Test
    void bankruptcyPriceZeroesTheMarginBalance() {
        long q = e8("1");
        long cost = MarginMath.value(q, e8("100000"));
        assertThat(MarginMath.bankruptcyPrice(usd("5000"), cost, q)).isEqualTo(e8("95000"));
        assertThat(MarginMath.bankruptcyPrice(usd("5000"), -cost, -q)).isEqualTo(e8("105000"));
        // Rounding never lets a fill at BP leave a negative balance.
        long q3 = e8("3");
        long c3 = MarginMath.value(q3, e8("100000"));
        long bp = MarginMath.bankruptcyPrice(usd("1000"), c3, q3);
        assertThat(MarginMath.equity(usd("1000"), c3, q3, bp)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void crossAccountUsesOtherContractsMaintenanceAndPnl() {
        CrossAccount acct = new CrossAccount(usd("10000"));
        acct.open("BTCUSDT", BTC, e8("1"), e8("100000"));
        long alone = acct.liquidationPrice("BTCUSDT");
        // Same as isolated with the whole wallet: (10000 + 50 - 100000) / (0.005 - 1).
        assertThat(tenth(alone)).isEqualTo("90402.0");
        acct.open("ETHUSDT", BTC, e8("10"), e8("3000"));
        acct.mark("ETHUSDT", e8("2900")); // ETH leg loses 1000 and needs 30k x 0.4% = 116 of maintenance
        long withEth = acct.liquidationPrice("BTCUSDT");
        // (10000 - 116 - 1000 + 50 - 100000) / (0.005 - 1) = -91066 / -0.995 = 91523.6
        assertThat(tenth(withEth)).isEqualTo("91523.6");
        acct.mark("BTCUSDT", withEth);
        assertThat(acct.liquidatable()).isTrue();
        acct.mark("BTCUSDT", withEth + Fixed.ONE_E8);
        assertThat(acct.liquidatable()).isFalse();
    }

    @Test
    void loadsBinanceLeverageBracketJson() {
        String json = """
                [{"symbol":"ETHUSDT","brackets":[{"bracket":1,"initialLeverage":100,"notionalCap":10000,
                  "notionalFloor":0,"maintMarginRatio":0.005,"cum":0.0}]},
                 {"symbol":"BTCUSDT","brackets":[
                  {"bracket":2,"initialLeverage":100,"notionalCap":250000,"notionalFloor":50000,"maintMarginRatio":0.005,"cum":50.0},
                  {"bracket":1,"initialLeverage":125,"notionalCap":50000,"notionalFloor":0,"maintMarginRatio":0.004,"cum":0.0}]}]
                """;
        BracketTable t = BracketTable.fromBinanceJson(json, "BTCUSDT");
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.get(0)).isEqualTo(new Bracket(1, 0, usd("50000"), 125, 4000, 0));
        assertThat(t.get(1).cumUsd()).isEqualTo(usd("50"));
        assertThatThrownBy(() -> BracketTable.fromBinanceJson("[{\"symbol\":\"X\"}]", "X"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("brackets");
        assertThatThrownBy(() -> BracketTable.fromBinanceJson("{oops", "X"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
