package dev.cascade.core.venue;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.normalize.EventGuard;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzzing of every venue's real sample frames: truncation, deep nesting, sign flips, huge and tiny numbers,
 * duplicated keys, wrong types and extra elements. Whatever comes in, only counted rejections and sane events come
 * out, and a frame given an extra bad element still stores every good one. Rerun a failure with -Dfuzz.seed=N.
 */
class VenueFuzzTest {
    private static final int ROUNDS = 1_500;
    private static final long T = 1_760_130_000_000L;
    private static final String XBT_MARK = "{\"table\":\"instrument\",\"action\":\"update\",\"data\":[{\"symbol\":\"XBTUSD\",\"markPrice\":113330,"
            + "\"timestamp\":\"2025-10-10T21:00:00.000Z\"}]}";

    /** Per feed: frames that set state up (sent first, unmutated), then the real samples that are mutated. */
    private static final Map<String, List<List<String>>> SAMPLES = Map.ofEntries(
            Map.entry("binance-usdm", List.of(List.of(), List.of(
                    "{\"e\":\"forceOrder\",\"E\":" + T + ",\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"0.014\",\"p\":\"9910\","
                            + "\"ap\":\"9910\",\"X\":\"FILLED\",\"l\":\"0.014\",\"z\":\"0.014\",\"T\":" + T + "}}",
                    "{\"stream\":\"!forceOrder@arr\",\"data\":{\"e\":\"forceOrder\",\"E\":" + T + ",\"o\":{\"s\":\"ETHUSDT\",\"S\":\"BUY\",\"o\":\"LIMIT\","
                            + "\"f\":\"IOC\",\"q\":\"1.5\",\"p\":\"4100\",\"ap\":\"4090.5\",\"X\":\"FILLED\",\"l\":\"1.5\",\"z\":\"1.5\",\"T\":" + T + "}}}",
                    "[{\"e\":\"markPriceUpdate\",\"E\":" + T + ",\"s\":\"BTCUSDT\",\"p\":\"11794.15\",\"i\":\"11784.62\",\"P\":\"11784.25\",\"r\":\"0.00038167\",\"T\":"
                            + (T + 3_600_000) + "},{\"e\":\"markPriceUpdate\",\"E\":" + T + ",\"s\":\"ETHUSDT\",\"p\":\"4000\",\"i\":\"4001\",\"r\":\"0.0001\",\"T\":"
                            + (T + 3_600_000) + "}]",
                    "{\"openInterest\":\"10659.509\",\"symbol\":\"BTCUSDT\",\"time\":" + T + "}",
                    RestFrame.wrap("/futures/data/globalLongShortAccountRatio?symbol=BTCUSDT&period=5m&limit=3", "[{\"symbol\":\"BTCUSDT\","
                            + "\"longShortRatio\":\"1.8105\",\"longAccount\":\"0.6442\",\"shortAccount\":\"0.3558\",\"timestamp\":" + T + "}]")))),
            Map.entry("binance-coinm", List.of(List.of(), List.of(
                    "{\"e\":\"forceOrder\",\"E\":" + T + ",\"o\":{\"s\":\"BTCUSD_PERP\",\"ps\":\"BTCUSD\",\"S\":\"SELL\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"3\","
                            + "\"p\":\"100000\",\"ap\":\"100000\",\"X\":\"FILLED\",\"l\":\"3\",\"z\":\"3\",\"T\":" + T + "}}",
                    "{\"symbol\":\"BTCUSD_PERP\",\"pair\":\"BTCUSD\",\"openInterest\":\"15004\",\"contractType\":\"PERPETUAL\",\"time\":" + T + "}"))),
            Map.entry("bybit-linear", List.of(List.of(), List.of(
                    "{\"topic\":\"allLiquidation.BTCUSDT\",\"type\":\"snapshot\",\"ts\":" + T + ",\"data\":[{\"T\":" + T + ",\"s\":\"BTCUSDT\",\"S\":\"Buy\","
                            + "\"v\":\"0.003\",\"p\":\"43511.70\"},{\"T\":" + T + ",\"s\":\"BTCUSDT-26DEC25\",\"S\":\"Sell\",\"v\":\"0.5\",\"p\":\"100000\"}]}",
                    "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"BTCUSDT\",\"markPrice\":\"17217.33\",\"indexPrice\":\"17227.36\","
                            + "\"openInterest\":\"68744.761\",\"openInterestValue\":\"1183601235.91\",\"nextFundingTime\":\"" + (T + 3_600_000)
                            + "\",\"fundingRate\":\"-0.000212\"},\"cs\":24987956059,\"ts\":" + T + "}",
                    "{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":" + T + ",\"data\":[{\"T\":" + T + ",\"s\":\"BTCUSDT\",\"S\":\"Buy\","
                            + "\"v\":\"0.001\",\"p\":\"16578.50\",\"i\":\"20f43950-d8dd-5b31-9112-a178eb6023af\"}]}",
                    RestFrame.wrap("/v5/market/account-ratio?category=linear&symbol=BTCUSDT&period=5min&limit=3", "{\"retCode\":0,\"retMsg\":\"OK\","
                            + "\"result\":{\"list\":[{\"symbol\":\"BTCUSDT\",\"buyRatio\":\"0.5777\",\"sellRatio\":\"0.4223\",\"timestamp\":\"" + T + "\"}]}}")))),
            Map.entry("binance-spot", List.of(List.of(), List.of(
                    "{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":" + T + ",\"s\":\"BTCUSDT\",\"a\":26129,\"p\":\"0.01633102\","
                            + "\"q\":\"4.70443515\",\"f\":27781,\"l\":27781,\"T\":" + T + ",\"m\":true,\"M\":true}}"))),
            Map.entry("bybit-spot", List.of(List.of(), List.of(
                    "{\"topic\":\"publicTrade.BTCUSDT\",\"ts\":" + T + ",\"type\":\"snapshot\",\"data\":[{\"i\":\"2290000000061666327\",\"T\":" + T
                            + ",\"p\":\"65000.10\",\"v\":\"0.012\",\"S\":\"Sell\",\"s\":\"BTCUSDT\",\"BT\":false,\"RPI\":false,\"seq\":123456}]}"))),
            Map.entry("bybit-inverse", List.of(List.of(), List.of(
                    "{\"topic\":\"allLiquidation.BTCUSD\",\"ts\":" + T + ",\"data\":[{\"T\":" + T + ",\"s\":\"BTCUSD\",\"S\":\"Sell\",\"v\":\"1000\","
                            + "\"p\":\"50000\"},{\"T\":" + T + ",\"s\":\"BTCUSDU23\",\"S\":\"Buy\",\"v\":\"2000\",\"p\":\"25000\"}]}",
                    "{\"topic\":\"tickers.BTCUSD\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"BTCUSD\",\"markPrice\":\"114898.43\","
                            + "\"openInterest\":\"240113967\",\"openInterestValue\":\"2089.79\"},\"ts\":" + T + "}"))),
            Map.entry("okx", List.of(List.of(), List.of(
                    "{\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"},\"data\":[{\"details\":[{\"bkLoss\":\"0\",\"bkPx\":\"57102.9\",\"ccy\":\"\","
                            + "\"posSide\":\"long\",\"side\":\"sell\",\"sz\":\"10000\",\"ts\":\"" + T + "\"},{\"bkLoss\":\"0\",\"bkPx\":\"57100\",\"ccy\":\"\","
                            + "\"posSide\":\"short\",\"side\":\"buy\",\"sz\":\"3\",\"ts\":\"" + T + "\"}],\"instFamily\":\"BTC-USDT\",\"instId\":\"BTC-USDT-SWAP\","
                            + "\"instType\":\"SWAP\",\"uly\":\"BTC-USDT\"}]}",
                    "{\"arg\":{\"channel\":\"open-interest\",\"instId\":\"BTC-USDT-SWAP\"},\"data\":[{\"instId\":\"BTC-USDT-SWAP\",\"instType\":\"SWAP\","
                            + "\"oi\":\"2216113.01\",\"oiCcy\":\"22161.1301\",\"oiUsd\":\"1939251795.54\",\"ts\":\"" + T + "\"}]}",
                    "{\"arg\":{\"channel\":\"funding-rate\",\"instId\":\"BTC-USD-SWAP\"},\"data\":[{\"formulaType\":\"noRate\",\"fundingRate\":\"0.0001875391284828\","
                            + "\"fundingTime\":\"" + (T + 3_600_000) + "\",\"instId\":\"BTC-USD-SWAP\",\"instType\":\"SWAP\",\"nextFundingTime\":\""
                            + (T + 9 * 3_600_000) + "\",\"ts\":\"" + T + "\"}]}",
                    RestFrame.wrap("/api/v5/rubik/stat/contracts/long-short-account-ratio-contract?instId=BTC-USDT-SWAP&period=5m&limit=3",
                            "{\"code\":\"0\",\"msg\":\"\",\"data\":[[\"" + T + "\",\"1.1739\"],[\"" + (T - 300_000) + "\",\"0.9\"]]}")))),
            Map.entry("bitmex", List.of(List.of(XBT_MARK), List.of(
                    "{\"table\":\"liquidation\",\"action\":\"insert\",\"data\":[{\"orderID\":\"98ae1dad-6a3b-51c4-14bd-e076919e9e30\",\"symbol\":\"XBTUSD\","
                            + "\"side\":\"Buy\",\"price\":13854.5,\"leavesQty\":314930},{\"orderID\":\"e1\",\"symbol\":\"ETHUSD\",\"side\":\"Sell\",\"price\":2500,"
                            + "\"leavesQty\":40}]}",
                    "{\"table\":\"instrument\",\"action\":\"update\",\"data\":[{\"symbol\":\"XBTUSD\",\"markPrice\":112000.5,\"openInterest\":300000000,"
                            + "\"fundingRate\":0.0001,\"fundingTimestamp\":\"2025-10-11T04:00:00.000Z\",\"timestamp\":\"2025-10-10T21:00:00.000Z\"}]}"))),
            Map.entry("deribit", List.of(List.of(), List.of(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"trades.future.BTC.100ms\",\"data\":[{\"trade_id\":\"48079254\","
                            + "\"instrument_name\":\"BTC-PERPETUAL\",\"price\":3948.69,\"amount\":10,\"direction\":\"sell\",\"timestamp\":" + T
                            + ",\"liquidation\":\"MT\"},{\"trade_id\":\"48079255\",\"instrument_name\":\"BTC_USDC-PERPETUAL\",\"price\":60000,\"amount\":0.5,"
                            + "\"direction\":\"buy\",\"timestamp\":" + T + "}]}}",
                    "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"ticker.BTC-PERPETUAL.100ms\",\"data\":{\"instrument_name\":"
                            + "\"BTC-PERPETUAL\",\"timestamp\":" + T + ",\"mark_price\":50000,\"index_price\":50000,\"open_interest\":500000000,\"funding_8h\":0.0001}}}"))),
            Map.entry("gate-usdt", List.of(List.of(), List.of(
                    "{\"channel\":\"futures.public_liquidates\",\"event\":\"update\",\"time\":" + T / 1000 + ",\"result\":[{\"price\":215.1,\"size\":\"-124\","
                            + "\"time\":" + T + ",\"contract\":\"BTC_USDT\"},{\"price\":4100,\"size\":\"30\",\"time\":" + T + ",\"contract\":\"ETH_USDT\"}]}",
                    "{\"channel\":\"futures.tickers\",\"event\":\"update\",\"time\":" + T / 1000 + ",\"time_ms\":" + T + ",\"result\":[{\"contract\":\"BTC_USDT\","
                            + "\"mark_price\":\"100000\",\"index_price\":\"100001\",\"total_size\":\"1000000\",\"funding_rate\":\"0.0001\"}]}"))),
            Map.entry("bitget-usdt", List.of(List.of(), List.of(
                    "{\"data\":[{\"symbol\":\"BTCUSDT\",\"side\":\"buy\",\"price\":\"89000\",\"amount\":\"37.722858\",\"ts\":\"" + T + "\"}],\"arg\":{\"instType\":"
                            + "\"usdt-futures\",\"topic\":\"liquidation\"},\"action\":\"update\",\"ts\":" + T + "}"))),
            Map.entry("hyperliquid", List.of(List.of(), List.of(
                    "{\"channel\":\"activeAssetCtx\",\"data\":{\"coin\":\"BTC\",\"ctx\":{\"funding\":\"0.0000125\",\"openInterest\":\"688.11\",\"markPx\":\"61000\","
                            + "\"oraclePx\":\"61010\"}}}",
                    "{\"channel\":\"trades\",\"data\":[{\"coin\":\"BTC\",\"side\":\"B\",\"px\":\"61000\",\"sz\":\"0.5\",\"time\":" + T + ",\"tid\":1}]}"))),
            Map.entry("coinglass", List.of(List.of(), List.of(
                    "{\"endpoint\":\"liquidation\",\"symbol\":\"BTC\",\"interval_ms\":14400000,\"time\":1760126400000,\"long_usd\":\"235601013.09389\","
                            + "\"short_usd\":\"107461506.04199\"}"))),
            Map.entry("synthetic-crash", List.of(List.of(), List.of(
                    "{\"kind\":\"liquidation\",\"venue\":\"binance\",\"id\":\"17\",\"ts\":\"" + T + "\",\"side\":\"LONG\",\"price\":\"108000.5\",\"qty\":\"0.1\","
                            + "\"notional_usd\":\"10800.05\"}"))));

    static Stream<String> feeds() {
        assertThat(SAMPLES.keySet()).as("a sample for every registered feed").containsExactlyInAnyOrderElementsOf(Venues.sources());
        return Venues.sources().stream();
    }

    @ParameterizedTest
    @MethodSource("feeds")
    void mutatedRealFramesOnlyEverGiveCountedRejectionsAndSaneEvents(String source) {
        long seed = Long.getLong("fuzz.seed", System.nanoTime()) ^ source.hashCode();
        System.out.println("VenueFuzzTest " + source + " seed=" + seed);
        SplittableRandom random = new SplittableRandom(seed);
        List<String> setup = SAMPLES.get(source).get(0);
        List<String> samples = SAMPLES.get(source).get(1);
        for (String sample : samples) {
            assertThat(fresh(source, setup).send(sample).rejects).as("the unmutated sample " + sample).isEmpty();
        }
        for (int i = 0; i < ROUNDS; i++) {
            String sample = samples.get(random.nextInt(samples.size()));
            Mutation m = Mutation.values()[random.nextInt(Mutation.values().length)];
            String mutated = mutate(m, sample, random);
            Run r = fresh(source, setup).send(mutated);
            String what = m + " of " + sample + " -> " + mutated + " (seed " + seed + ")";
            assertThat(r.pipeline.counts().get(source).malformed()).as(what).isEqualTo(r.rejects.size());
            for (MarketEvent e : r.events) {
                assertThat(EventGuard.check(e, Run.RECEIVED)).as(what).isNull();
                assertSane(e, what);
            }
            if (m == Mutation.EXTRA_ELEMENT && !mutated.equals(sample)) {
                int good = fresh(source, setup).send(sample).events.size();
                assertThat(r.events.size()).as("good elements still stored: " + what).isGreaterThanOrEqualTo(good);
            }
        }
    }

    private static Run fresh(String source, List<String> setup) {
        Run r = new Run(source).send(setup.toArray(String[]::new));
        r.events.clear();
        return r;
    }

    /**
     * A polled REST answer is written by Cascade around the venue's body ({@link RestFrame}): the body is what is
     * untrusted, so it is the body that is mutated (an extra element then lands in the venue's array, not in the text
     * of the wrapper's string).
     */
    private static String mutate(Mutation m, String sample, SplittableRandom random) {
        if (!sample.startsWith(RestFrame.PREFIX)) {
            return m.apply(sample, random);
        }
        try {
            RestFrame f = RestFrame.of(dev.cascade.core.normalize.Json.obj(dev.cascade.core.normalize.Json.parse(sample), "frame"));
            return RestFrame.wrap(f.request(), m.apply(f.body(), random));
        } catch (dev.cascade.core.normalize.MalformedFrameException e) {
            throw new AssertionError("a sample must be a valid wrapped frame: " + sample, e);
        }
    }

    private static void assertSane(MarketEvent e, String what) {
        if (e instanceof Liquidation l) {
            assertThat(l.notionalUsd()).as(what).isNotNegative();
            if (l.completeness() != Completeness.AGGREGATE) {
                assertThat(l.price()).as(what).isPositive();
                assertThat(l.quantity()).as(what).isPositive();
            }
        } else if (e instanceof OpenInterest o) {
            assertThat(o.oiBase()).as(what).isNotNegative();
            assertThat(o.oiUsd()).as(what).isNotNegative();
        } else if (e instanceof FundingRate f) {
            assertThat(Math.abs(f.rate())).as(what).isLessThanOrEqualTo(1_000_000_000_000L);
        } else if (e instanceof dev.cascade.core.model.LongShortRatio l) {
            assertThat(l.longShare()).as(what).isBetween(0L, 100_000_000L);
            assertThat(l.shortShare()).as(what).isBetween(0L, 100_000_000L);
            assertThat(l.ratio()).as(what).isPositive();
            assertThat(l.periodMs()).as(what).isBetween(60_000L, 86_400_000L);
        }
        assertThat(e.ts()).as(what).isBetween(EventGuard.MIN_TIME, Run.RECEIVED + EventGuard.MAX_AHEAD_MS);
    }

    private enum Mutation {
        TRUNCATE {
            String apply(String f, SplittableRandom r) {
                return f.substring(0, r.nextInt(f.length()));
            }
        },
        NEST {
            String apply(String f, SplittableRandom r) {
                int depth = r.nextBoolean() ? 1 + r.nextInt(40) : 8_000;
                int at = valueStart(f, r);
                return at < 0 ? "[".repeat(depth) + f + "]".repeat(depth)
                        : f.substring(0, at) + "[".repeat(depth) + "]".repeat(depth) + "," + f.substring(at);
            }
        },
        FLIP_SIGN {
            String apply(String f, SplittableRandom r) {
                return replaceNumber(f, r, n -> n.startsWith("-") ? n.substring(1) : "-" + n);
            }
        },
        HUGE_OR_TINY {
            String apply(String f, SplittableRandom r) {
                String[] odd = {"1e308", "99999999999999999999999", "0.000000000000000001", "0", "-0", "1E-9", "NaN", "92233720368547758070"};
                return replaceNumber(f, r, n -> odd[r.nextInt(odd.length)]);
            }
        },
        DUPLICATE_KEY {
            String apply(String f, SplittableRandom r) {
                Matcher m = KEY.matcher(f);
                List<int[]> keys = new ArrayList<>();
                while (m.find()) {
                    keys.add(new int[]{m.start(), m.end()});
                }
                if (keys.isEmpty()) {
                    return f;
                }
                int[] k = keys.get(r.nextInt(keys.size()));
                String name = f.substring(k[0], k[1]);
                String[] values = {"-1", "\"x\"", "null", "{}", "1e20"};
                return f.substring(0, k[0]) + name + values[r.nextInt(values.length)] + "," + f.substring(k[0]);
            }
        },
        WRONG_TYPE {
            String apply(String f, SplittableRandom r) {
                Matcher m = STRING_VALUE.matcher(f);
                List<int[]> found = new ArrayList<>();
                while (m.find()) {
                    found.add(new int[]{m.start(1), m.end(1)});
                }
                if (found.isEmpty()) {
                    return f;
                }
                int[] v = found.get(r.nextInt(found.size()));
                String[] types = {"true", "null", "{}", "[]", "12", "\"\"", "\"\\u00ff\\ud800\""};
                return f.substring(0, v[0]) + types[r.nextInt(types.length)] + f.substring(v[1]);
            }
        },
        EXTRA_ELEMENT {
            String apply(String f, SplittableRandom r) {
                int at = f.indexOf("[{");
                if (at < 0) {
                    return f;
                }
                String[] extra = {"{}", "1", "\"x\"", "null", "[]", "{\"s\":\"BTCUSDT\",\"p\":\"-5\"}"};
                return f.substring(0, at + 1) + extra[r.nextInt(extra.length)] + "," + f.substring(at + 1);
            }
        };

        private static final Pattern NUMBER = Pattern.compile("(?<=[:\"\\[,])-?\\d+(\\.\\d+)?(?=[\",}\\]])");
        private static final Pattern KEY = Pattern.compile("\"\\w+\":");
        private static final Pattern STRING_VALUE = Pattern.compile(":(\"[^\"]*\")");

        abstract String apply(String frame, SplittableRandom random);

        static String replaceNumber(String f, SplittableRandom r, java.util.function.UnaryOperator<String> change) {
            Matcher m = NUMBER.matcher(f);
            List<int[]> found = new ArrayList<>();
            while (m.find()) {
                found.add(new int[]{m.start(), m.end()});
            }
            if (found.isEmpty()) {
                return f;
            }
            int[] n = found.get(r.nextInt(found.size()));
            return f.substring(0, n[0]) + change.apply(f.substring(n[0], n[1])) + f.substring(n[1]);
        }

        static int valueStart(String f, SplittableRandom r) {
            Matcher m = KEY.matcher(f);
            List<Integer> ends = new ArrayList<>();
            while (m.find()) {
                ends.add(m.end());
            }
            return ends.isEmpty() ? -1 : ends.get(r.nextInt(ends.size()));
        }
    }
}
