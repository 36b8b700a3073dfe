package dev.cascade.core.normalize;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.LongShortRatio;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard's bounds, each at its edge, and each check of each event type failing alone (every check before it
 * passing), so that no check can be skipped or moved by one without a test noticing.
 */
class EventGuardTest {
    private static final long RT = 1_760_000_000_000L;
    private static final long PRICE = 100_000L * 100_000_000L;
    private static final long QTY = 100_000_000L;
    private static final long USD = 100_000L * 1_000_000L;

    private static Liquidation liq(String symbol, long price, long qty, long nativeQty, long usd, long ts, Completeness c) {
        return new Liquidation("s", Exchange.BINANCE, MarketType.LINEAR, symbol, "BTC-USDT-PERP", PositionSide.LONG, price, qty, usd,
                nativeQty, QuantityUnit.BASE, PriceKind.BANKRUPTCY, "SELL", ts, RT, c, "k");
    }

    private static Liquidation liq(long price, long qty, long nativeQty, long usd) {
        return liq("BTCUSDT", price, qty, nativeQty, usd, RT, Completeness.COMPLETE);
    }

    private static Trade trade(long price, long qty, long usd) {
        return new Trade("s", Exchange.BYBIT, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP", TakerSide.BUY, price, qty, usd, "1", false, RT, RT);
    }

    private static OpenInterest oi(long base, long usd) {
        return new OpenInterest("s", Exchange.OKX, MarketType.LINEAR, "BTC-USDT-SWAP", "BTC-USDT-PERP", base, usd, RT, RT);
    }

    private static FundingRate funding(long rate, int hours, long fundingTime, long mark) {
        return new FundingRate("s", Exchange.OKX, MarketType.LINEAR, "BTC-USDT-SWAP", "BTC-USDT-PERP", rate, hours, fundingTime, mark, RT, RT);
    }

    private static MarkPrice mark(long mark, long index) {
        return new MarkPrice("s", Exchange.BYBIT, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP", mark, index, RT, RT);
    }

    @Test
    void validEventsPass() {
        assertThat(EventGuard.check(liq(PRICE, QTY, QTY, USD), RT)).isNull();
        assertThat(EventGuard.check(trade(PRICE, QTY, USD), RT)).isNull();
        assertThat(EventGuard.check(oi(QTY, 0), RT)).isNull();
        assertThat(EventGuard.check(funding(-EventGuard.MAX_RATE, 1, -1, 0), RT)).isNull();
        assertThat(EventGuard.check(funding(EventGuard.MAX_RATE, 24, RT, EventGuard.MAX_PRICE), RT)).isNull();
        assertThat(EventGuard.check(mark(PRICE, 0), RT)).isNull();
    }

    @Test
    void eachLiquidationCheckFailsAlone() {
        assertThat(EventGuard.check(liq(0, QTY, QTY, USD), RT)).isEqualTo("liquidation price not positive");
        assertThat(EventGuard.check(liq(EventGuard.MAX_PRICE + 1, QTY, QTY, USD), RT)).isEqualTo("liquidation price absurdly large");
        assertThat(EventGuard.check(liq(EventGuard.MAX_PRICE, QTY, QTY, USD), RT)).isNull();
        assertThat(EventGuard.check(liq(PRICE, 0, QTY, USD), RT)).isEqualTo("liquidation quantity not positive");
        assertThat(EventGuard.check(liq(PRICE, QTY, -1, USD), RT)).isEqualTo("liquidation size not positive");
        assertThat(EventGuard.check(liq(PRICE, QTY, QTY, 0), RT)).isEqualTo("liquidation USD not positive");
        assertThat(EventGuard.check(liq(PRICE, QTY, QTY, EventGuard.MAX_ORDER_USD + 1), RT)).isEqualTo("liquidation USD absurdly large");
        assertThat(EventGuard.check(liq(PRICE, QTY, QTY, EventGuard.MAX_ORDER_USD), RT)).isNull();
        assertThat(EventGuard.check(liq(PRICE, 1, 1, 1), RT)).isNull();
    }

    @Test
    void aggregateLiquidationsAreBoundedByTheirTotalOnly() {
        assertThat(EventGuard.check(liq("BTCUSDT", 0, 0, 0, 0, RT, Completeness.AGGREGATE), RT)).isNull();
        assertThat(EventGuard.check(liq("BTCUSDT", 0, 0, 0, -1, RT, Completeness.AGGREGATE), RT)).isEqualTo("aggregate liquidation USD negative");
        assertThat(EventGuard.check(liq("BTCUSDT", 0, 0, 0, EventGuard.MAX_TOTAL_USD, RT, Completeness.AGGREGATE), RT)).isNull();
        assertThat(EventGuard.check(liq("BTCUSDT", 0, 0, 0, EventGuard.MAX_TOTAL_USD + 1, RT, Completeness.AGGREGATE), RT))
                .isEqualTo("aggregate liquidation USD absurdly large");
        assertThat(EventGuard.check(liq("BTC USDT", 0, 0, 0, 1, RT, Completeness.AGGREGATE), RT)).isEqualTo("symbol is not plain ASCII");
        assertThat(EventGuard.check(liq("BTCUSDT", 0, 0, 0, 1, 5, Completeness.AGGREGATE), RT)).isEqualTo("exchange time before 2009");
    }

    @Test
    void eachTradeCheckFailsAlone() {
        assertThat(EventGuard.check(trade(-1, QTY, USD), RT)).isEqualTo("trade price not positive");
        assertThat(EventGuard.check(trade(PRICE, 0, USD), RT)).isEqualTo("trade quantity not positive");
        assertThat(EventGuard.check(trade(PRICE, QTY, 0), RT)).isEqualTo("trade USD not positive");
        assertThat(EventGuard.check(trade(PRICE, QTY, EventGuard.MAX_ORDER_USD + 1), RT)).isEqualTo("trade USD absurdly large");
    }

    @Test
    void eachOpenInterestCheckFailsAlone() {
        assertThat(EventGuard.check(oi(-1, 0), RT)).isEqualTo("open interest negative");
        assertThat(EventGuard.check(oi(0, -1), RT)).isEqualTo("open interest USD negative");
        assertThat(EventGuard.check(oi(0, EventGuard.MAX_TOTAL_USD), RT)).isNull();
        assertThat(EventGuard.check(oi(0, EventGuard.MAX_TOTAL_USD + 1), RT)).isEqualTo("open interest USD absurdly large");
    }

    @Test
    void eachFundingCheckFailsAlone() {
        assertThat(EventGuard.check(funding(EventGuard.MAX_RATE + 1, 8, -1, 0), RT)).isEqualTo("funding rate absurdly large");
        assertThat(EventGuard.check(funding(-EventGuard.MAX_RATE - 1, 8, -1, 0), RT)).isEqualTo("funding rate absurdly small");
        assertThat(EventGuard.check(funding(0, 0, -1, 0), RT)).isEqualTo("funding interval hours absurdly small");
        assertThat(EventGuard.check(funding(0, 25, -1, 0), RT)).isEqualTo("funding interval hours absurdly large");
        assertThat(EventGuard.check(funding(0, 8, -1, -1), RT)).isEqualTo("funding mark price negative");
        assertThat(EventGuard.check(funding(0, 8, -1, EventGuard.MAX_PRICE + 1), RT)).isEqualTo("funding mark price absurdly large");
        assertThat(EventGuard.check(funding(0, 8, 5, 0), RT)).isEqualTo("funding time before 2009");
        assertThat(EventGuard.check(funding(0, 8, RT + EventGuard.MAX_AHEAD_MS + 1, 0), RT)).isEqualTo("funding time more than a day after receive time");
        assertThat(EventGuard.check(funding(0, 8, RT + EventGuard.MAX_AHEAD_MS, 0), RT)).isNull();
    }

    @Test
    void eachMarkPriceCheckFailsAlone() {
        assertThat(EventGuard.check(mark(0, 0), RT)).isEqualTo("mark price not positive");
        assertThat(EventGuard.check(mark(EventGuard.MAX_PRICE + 1, 0), RT)).isEqualTo("mark price absurdly large");
        assertThat(EventGuard.check(mark(PRICE, -1), RT)).isEqualTo("index price negative");
        assertThat(EventGuard.check(mark(PRICE, EventGuard.MAX_PRICE + 1), RT)).isEqualTo("index price absurdly large");
        assertThat(EventGuard.check(mark(PRICE, EventGuard.MAX_PRICE), RT)).isNull();
    }

    private static LongShortRatio ratio(long periodMs, long longShare, long shortShare, long ratio, long ts) {
        return new LongShortRatio("s", Exchange.OKX, MarketType.LINEAR, "BTC-USDT-SWAP", "BTC-USDT-PERP", periodMs, longShare,
                shortShare, ratio, ts, RT);
    }

    @Test
    void eachLongShortCheckFailsAlone() {
        long half = EventGuard.ONE_E8 / 2;
        assertThat(EventGuard.check(ratio(300_000, half, half, EventGuard.ONE_E8, RT), RT)).isNull();
        assertThat(EventGuard.check(ratio(300_000, half, half, EventGuard.ONE_E8, -1), RT)).isEqualTo("long/short ratio without a time");
        assertThat(EventGuard.check(ratio(300_000, half, half, EventGuard.ONE_E8, 5), RT)).isEqualTo("exchange time before 2009");
        assertThat(EventGuard.check(ratio(EventGuard.MIN_PERIOD_MS - 1, half, half, EventGuard.ONE_E8, RT), RT))
                .isEqualTo("long/short period absurdly small");
        assertThat(EventGuard.check(ratio(EventGuard.MAX_PERIOD_MS + 1, half, half, EventGuard.ONE_E8, RT), RT))
                .isEqualTo("long/short period absurdly large");
        assertThat(EventGuard.check(ratio(EventGuard.MIN_PERIOD_MS, 0, EventGuard.ONE_E8, 1, RT), RT)).isNull();
        assertThat(EventGuard.check(ratio(EventGuard.MAX_PERIOD_MS, EventGuard.ONE_E8, 0, EventGuard.MAX_ACCOUNT_RATIO, RT), RT)).isNull();
        assertThat(EventGuard.check(ratio(300_000, -1, half, EventGuard.ONE_E8, RT), RT)).isEqualTo("long account share negative");
        assertThat(EventGuard.check(ratio(300_000, EventGuard.ONE_E8 + 1, half, EventGuard.ONE_E8, RT), RT))
                .isEqualTo("long account share absurdly large");
        assertThat(EventGuard.check(ratio(300_000, half, -1, EventGuard.ONE_E8, RT), RT)).isEqualTo("short account share negative");
        assertThat(EventGuard.check(ratio(300_000, half, EventGuard.ONE_E8 + 1, EventGuard.ONE_E8, RT), RT))
                .isEqualTo("short account share absurdly large");
        assertThat(EventGuard.check(ratio(300_000, half, half, 0, RT), RT)).isEqualTo("long/short ratio not positive");
        assertThat(EventGuard.check(ratio(300_000, half, half, EventGuard.MAX_ACCOUNT_RATIO + 1, RT), RT))
                .isEqualTo("long/short ratio absurdly large");
    }

    @Test
    void exchangeTimesAreBoundedAtBothEnds() {
        assertThat(EventGuard.check(liq("BTCUSDT", PRICE, QTY, QTY, USD, EventGuard.MIN_TIME, Completeness.COMPLETE), RT)).isNull();
        assertThat(EventGuard.check(liq("BTCUSDT", PRICE, QTY, QTY, USD, EventGuard.MIN_TIME - 1, Completeness.COMPLETE), RT))
                .isEqualTo("exchange time before 2009");
        assertThat(EventGuard.check(liq("BTCUSDT", PRICE, QTY, QTY, USD, RT + EventGuard.MAX_AHEAD_MS, Completeness.COMPLETE), RT)).isNull();
        assertThat(EventGuard.check(liq("BTCUSDT", PRICE, QTY, QTY, USD, RT + EventGuard.MAX_AHEAD_MS + 1, Completeness.COMPLETE), RT))
                .isEqualTo("exchange time more than a day after receive time");
        // -1: the venue sent no time; the receive time stands in.
        assertThat(EventGuard.check(liq("BTCUSDT", PRICE, QTY, QTY, USD, -1, Completeness.COMPLETE), RT)).isNull();
    }

    @Test
    void symbolsArePlainPrintableAsciiOfOneTo64Chars() {
        assertThat(EventGuard.plainSymbol("AZaz09._-:/@")).isTrue();
        assertThat(EventGuard.plainSymbol("X".repeat(64))).isTrue();
        assertThat(EventGuard.plainSymbol("X".repeat(65))).isFalse();
        assertThat(EventGuard.plainSymbol("")).isFalse();
        // The neighbours of every allowed range, one by one.
        for (char c : new char[]{'@' - 1, 'A' - 1, 'Z' + 1, 'a' - 1, 'z' + 1, '0' - 1, '9' + 1, ' ', '\u00c0', '\ufffd', '\u0000', '+', ','}) {
            if (c == '/' || c == '@' || c == ':' || c == '.' || c == '-') {
                continue;
            }
            assertThat(EventGuard.plainSymbol("BTC" + c)).as("char %d", (int) c).isFalse();
        }
        assertThat(EventGuard.plainSymbol("Z")).isTrue();
        assertThat(EventGuard.plainSymbol("z")).isTrue();
        assertThat(EventGuard.plainSymbol("9")).isTrue();
        assertThat(EventGuard.plainSymbol("0")).isTrue();
        assertThat(EventGuard.plainSymbol("A")).isTrue();
        assertThat(EventGuard.plainSymbol("a")).isTrue();
    }

    /**
     * The guard remembers symbols it found plain: whatever it saw before (the same String, an equal one, one of the same
     * hash or slot that is not plain), each answer must be the rule's.
     */
    @Test
    void rememberedSymbolsNeverExcuseAnother() {
        long seed = Long.getLong("prop.seed", System.nanoTime());
        System.out.println("EventGuardTest.rememberedSymbolsNeverExcuseAnother seed=" + seed + " (rerun with -Dprop.seed=" + seed + ")");
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        java.util.regex.Pattern rule = java.util.regex.Pattern.compile("[A-Za-z0-9._\\-:/@]{1,64}");
        String alphabet = "ABCXYZabcxyz0189._-:/@ \u00e9\u0000\u0011\ufffd\"";
        java.util.List<String> seen = new java.util.ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            String s;
            int pick = r.nextInt(4);
            if (pick == 0 || seen.isEmpty()) {
                StringBuilder b = new StringBuilder();
                int n = r.nextInt(1, 12);
                for (int k = 0; k < n; k++) {
                    b.append(alphabet.charAt(r.nextInt(alphabet.length())));
                }
                s = b.toString();
            } else {
                String old = seen.get(r.nextInt(seen.size()));
                int at = old.length() < 2 ? 0 : r.nextInt(old.length() - 1);
                if (pick == 1 || old.length() < 2 || old.charAt(at + 1) < 31 || old.charAt(at) == Character.MAX_VALUE) {
                    s = pick == 1 ? old : new String(old); // the same String, or an equal one made anew
                } else {
                    // The same hash, other chars: (a+1, b-31) in place of (a, b); often a control char, never plain then.
                    s = old.substring(0, at) + (char) (old.charAt(at) + 1) + (char) (old.charAt(at + 1) - 31) + old.substring(at + 2);
                    assertThat(s.hashCode()).isEqualTo(old.hashCode());
                }
            }
            seen.add(s);
            assertThat(EventGuard.plainSymbol(s)).as("'%s' seed=%d", s, seed).isEqualTo(rule.matcher(s).matches());
        }
    }

    @Test
    void everyCharIsJudgedAsTheRuleSays() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            boolean allowed = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "._-:/@".indexOf(c) >= 0;
            assertThat(EventGuard.plainSymbol("B" + (char) c)).as("char %d", c).isEqualTo(allowed);
        }
    }

    @Test
    void eventsCascadeMakesItselfPass() {
        assertThat(EventGuard.check(new dev.cascade.core.model.FeedGap("s", 1, 2, "reconnect"), RT)).isNull();
    }
}
