package dev.cascade.core.venue;

import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.LongShortRatio;
import dev.cascade.core.model.MarketType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The long/short account ratios of Binance, Bybit and OKX from their REST answers in each venue's documented shape,
 * as the poller records them ({@link RestFrame}: request plus body). Figures worked out by hand (e8); hostile answers
 * are counted rejections.
 */
class LongShortRatioTest {
    private static final long T = 1_760_130_000_000L;
    private static final String BINANCE = "/futures/data/globalLongShortAccountRatio?symbol=BTCUSDT&period=5m&limit=3";
    private static final String BYBIT = "/v5/market/account-ratio?category=linear&symbol=BTCUSDT&period=5min&limit=3";
    private static final String OKX = "/api/v5/rubik/stat/contracts/long-short-account-ratio-contract?instId=BTC-USDT-SWAP&period=5m&limit=3";

    private static LongShortRatio only(Run r) {
        assertThat(r.rejects).isEmpty();
        assertThat(r.events).hasSize(1);
        return (LongShortRatio) r.events.get(0);
    }

    @Test
    void binanceSendsAllThreeFigures() {
        LongShortRatio r = only(new Run("binance-usdm").send(RestFrame.wrap(BINANCE, "[{\"symbol\":\"BTCUSDT\",\"longShortRatio\":\"1.8105\","
                + "\"longAccount\":\"0.6442\",\"shortAccount\":\"0.3558\",\"timestamp\":" + T + "}]")));
        assertThat(r.exchange()).isEqualTo(Exchange.BINANCE);
        assertThat(r.market()).isEqualTo(MarketType.LINEAR);
        assertThat(r.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(r.periodMs()).isEqualTo(300_000L);
        assertThat(r.longShare()).isEqualTo(64_420_000L);
        assertThat(r.shortShare()).isEqualTo(35_580_000L);
        assertThat(r.ratio()).isEqualTo(181_050_000L);
        assertThat(r.ts()).isEqualTo(T);
    }

    @Test
    void bybitSendsSharesAndTheRatioIsTheirQuotient() {
        LongShortRatio r = only(new Run("bybit-linear").send(RestFrame.wrap(BYBIT, "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"list\":"
                + "[{\"symbol\":\"BTCUSDT\",\"buyRatio\":\"0.5777\",\"sellRatio\":\"0.4223\",\"timestamp\":\"" + T + "\"}]},"
                + "\"retExtInfo\":{},\"time\":1695785131028}")));
        assertThat(r.longShare()).isEqualTo(57_770_000L);
        assertThat(r.ratio()).isEqualTo(136_798_484L); // 0.5777 / 0.4223 = 1.3679848449 -> 1.36798484 (half up)
        assertThat(r.periodMs()).isEqualTo(300_000L); // "5min"
        assertThat(r.symbol()).isEqualTo("BTC-USDT-PERP");
    }

    @Test
    void okxSendsTheRatioAloneAndTheSharesFollowFromIt() {
        Run run = new Run("okx").send(RestFrame.wrap(OKX, "{\"code\":\"0\",\"msg\":\"\",\"data\":[[\"" + T + "\",\"1.5\"],[\""
                + (T - 300_000) + "\",\"1\"]]}"));
        assertThat(run.rejects).isEmpty();
        assertThat(run.events).hasSize(2);
        LongShortRatio r = (LongShortRatio) run.events.get(0);
        assertThat(r.nativeSymbol()).isEqualTo("BTC-USDT-SWAP"); // from the request: OKX's rows name no instrument
        assertThat(r.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(r.ratio()).isEqualTo(150_000_000L);
        assertThat(r.longShare()).isEqualTo(60_000_000L); // 1.5 / 2.5 = 0.6
        assertThat(r.shortShare()).isEqualTo(40_000_000L); // 1 / 2.5 = 0.4
        assertThat(((LongShortRatio) run.events.get(1)).longShare()).isEqualTo(50_000_000L);
    }

    @Test
    void hostileAnswersAreCountedRejectionsWithTheVenuesWords() {
        Run binance = new Run("binance-usdm").send(
                RestFrame.wrap(BINANCE, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}"),
                RestFrame.wrap(BINANCE, "<html>502 Bad Gateway</html>"),
                RestFrame.wrap(BINANCE, "[{\"symbol\":\"BTCUSDT\",\"longShortRatio\":\"NaN\",\"longAccount\":\"0.6\",\"shortAccount\":\"0.4\",\"timestamp\":" + T + "}]"),
                RestFrame.wrap(BINANCE, "[{\"symbol\":\"BTCUSDT\",\"longShortRatio\":\"2\",\"longAccount\":\"1.7\",\"shortAccount\":\"0.4\",\"timestamp\":" + T + "}]"),
                RestFrame.wrap("/futures/data/globalLongShortAccountRatio?symbol=BTCUSDT&period=7w", "[{\"symbol\":\"BTCUSDT\","
                        + "\"longShortRatio\":\"2\",\"longAccount\":\"0.6\",\"shortAccount\":\"0.3\",\"timestamp\":" + T + "}]"),
                "{\"rest\":[1,2],\"body\":\"[]\"}");
        assertThat(binance.events).isEmpty();
        assertThat(binance.rejects).hasSize(6);
        assertThat(binance.rejects.get(0)).contains("Binance error -1121: Invalid symbol.");
        assertThat(binance.rejects.get(3)).contains("long account share absurdly large");
        assertThat(binance.rejects.get(4)).contains("unknown period: '7w'");
        Run bybit = new Run("bybit-linear").send(
                RestFrame.wrap(BYBIT, "{\"retCode\":10001,\"retMsg\":\"params error: symbol invalid\",\"result\":{}}"),
                RestFrame.wrap(BYBIT, "{\"retCode\":0,\"result\":{\"list\":[{\"symbol\":\"BTCUSDT\",\"buyRatio\":\"1\",\"sellRatio\":\"0\",\"timestamp\":\"" + T + "\"}]}}"));
        assertThat(bybit.events).isEmpty();
        assertThat(bybit.rejects.get(0)).contains("Bybit error 10001: params error: symbol invalid");
        assertThat(bybit.rejects.get(1)).contains("leaves no ratio");
        Run okx = new Run("okx").send(
                RestFrame.wrap(OKX, "{\"code\":\"50011\",\"msg\":\"Too Many Requests\",\"data\":[]}"),
                RestFrame.wrap(OKX, "{\"code\":\"0\",\"data\":[[\"" + T + "\"],[\"" + T + "\",\"-1\"],\"x\",[\"" + T + "\",\"2\"]]}"),
                RestFrame.wrap(OKX.replace("instId=BTC-USDT-SWAP&", ""), "{\"code\":\"0\",\"data\":[[\"" + T + "\",\"2\"]]}"));
        assertThat(okx.rejects.get(0)).contains("OKX error 50011: Too Many Requests");
        // One reason per bad pair of the mixed answer (the short pair, the negative ratio, the string), then the request.
        assertThat(okx.rejects).hasSize(5);
        assertThat(okx.rejects.get(4)).contains("has no instId");
        // The one good pair of the mixed answer is kept; the short pair, the negative ratio and the string are counted.
        assertThat(okx.events).hasSize(1);
        // A body that is not a wrapped frame at all never reaches the ratio parser as one.
        assertThatThrownBy(() -> RestFrame.periodMs("")).hasMessageContaining("unknown period");
    }

    @Test
    void theWrapperKeepsAnyBodyExactly() throws Exception {
        String body = "quote \" backslash \\ newline \n tab \t control \u0001 unicode \u00e9";
        RestFrame back = RestFrame.of(dev.cascade.core.normalize.Json.obj(dev.cascade.core.normalize.Json.parse(
                RestFrame.wrap("/p?a=1&period=1H", body)), "frame"));
        assertThat(back.body()).isEqualTo(body);
        assertThat(back.param("period")).isEqualTo("1H");
        assertThat(RestFrame.periodMs("1H")).isEqualTo(3_600_000L);
        assertThat(RestFrame.periodMs("6Hutc")).isEqualTo(21_600_000L);
        assertThat(RestFrame.periodMs("1d")).isEqualTo(86_400_000L);
    }
}
