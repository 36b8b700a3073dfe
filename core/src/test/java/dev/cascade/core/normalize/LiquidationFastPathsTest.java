package dev.cascade.core.normalize;

import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.venue.bybit.BybitNormalizer;
import dev.cascade.core.venue.okx.OkxNormalizer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bybit's allLiquidation and OKX's liquidation-orders frames take a fast path (walked in place, no tree) when they are
 * plain and well formed, the general parser otherwise. Whatever the frame, valid or damaged, both must answer the
 * same: the same events, keys included, or the same reasons for refusing it. A frame with a leading space never takes
 * the fast path, so it shows what the general path answers.
 */
class LiquidationFastPathsTest {
    private static final int FRAMES = 4_000;

    @Test
    void bybitFastAndGeneralPathsAgreeOnRandomAndDamagedFrames() throws Exception {
        BybitNormalizer bybit = new BybitNormalizer(MarketType.LINEAR, Instruments.withDefaults());
        agree("bybit", bybit, bybit::fastFrames, bybit::templateFrames, r -> {
            StringBuilder data = new StringBuilder();
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                data.append(i == 0 ? "" : ",").append("{\"T\":").append(time(r)).append(",\"s\":\"").append(pick(r, "BTCUSDT", "ETHUSDT", "SOLUSDT"))
                        .append("\",\"S\":\"").append(pick(r, "Buy", "Sell")).append("\",\"v\":\"").append(decimal(r))
                        .append("\",\"p\":\"").append(decimal(r)).append("\"}");
            }
            return "{\"topic\":\"allLiquidation.BTCUSDT\",\"type\":\"snapshot\",\"ts\":" + time(r) + ",\"data\":[" + data + "]}";
        });
    }

    @Test
    void okxFastAndGeneralPathsAgreeOnRandomAndDamagedFrames() throws Exception {
        OkxNormalizer okx = new OkxNormalizer(Instruments.withDefaults());
        agree("okx", okx, okx::fastFrames, okx::templateFrames, r -> {
            StringBuilder details = new StringBuilder();
            int n = r.nextInt(3);
            for (int i = 0; i < n; i++) {
                details.append(i == 0 ? "" : ",").append("{\"bkLoss\":\"0\",\"bkPx\":\"").append(decimal(r)).append("\",\"ccy\":\"\",")
                        .append("\"posSide\":\"net\",\"side\":\"").append(pick(r, "buy", "sell")).append("\",\"sz\":\"")
                        .append(1 + r.nextInt(900)).append("\",\"ts\":\"").append(time(r)).append("\"}");
            }
            String coin = pick(r, "BTC", "ETH", "SOL");
            return "{\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"},\"data\":[{\"details\":[" + details
                    + "],\"instFamily\":\"" + coin + "-USDT\",\"instId\":\"" + coin + "-USDT-SWAP\",\"instType\":\"SWAP\",\"uly\":\""
                    + coin + "-USDT\"}]}";
        });
    }

    private interface FrameMaker {
        String make(SplittableRandom r);
    }

    /**
     * Also checks that the fast path really reads every well-formed frame (the venue's layout by its template, the same
     * frame with whitespace and an extra field by the walk): a path that gave up on them would still answer right,
     * through the general parser, and only these counts would tell.
     */
    private static void agree(String venue, Normalizer n, LongSupplier fastFrames, LongSupplier templateFrames, FrameMaker maker)
            throws Exception {
        long seed = Long.getLong("prop.seed", System.nanoTime());
        System.out.println("LiquidationFastPathsTest " + venue + " seed=" + seed + " (rerun with -Dprop.seed=" + seed + ")");
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < FRAMES; i++) {
            String good = maker.make(r);
            long fast = fastFrames.getAsLong();
            long template = templateFrames.getAsLong();
            List<Object> expected = outcome(n, good);
            assertThat(fastFrames.getAsLong()).as("read on the fast path: " + good).isEqualTo(fast + 1);
            assertThat(templateFrames.getAsLong()).as("read by the template: " + good).isEqualTo(template + 1);
            assertThat(expected).as(good).isEqualTo(outcome(n, " " + good));

            String spaced = walkOnly(good, r);
            fast = fastFrames.getAsLong();
            template = templateFrames.getAsLong();
            assertThat(outcome(n, spaced)).as(spaced).isEqualTo(expected);
            assertThat(fastFrames.getAsLong()).as("read on the fast path: " + spaced).isEqualTo(fast + 1);
            assertThat(templateFrames.getAsLong()).as("read by the walk: " + spaced).isEqualTo(template);

            // The walk too takes nothing after the record, reads past fields it does not know at the top, and leaves a
            // repeated field (the general parser keeps the last) to the general path.
            if (i % 8 != 0) {
                String bad = damage(good, r);
                assertThat(outcome(n, bad)).as(bad).isEqualTo(outcome(n, " " + bad));
                continue;
            }
            String open = spaced.substring(0, spaced.length() - 1);
            String trailing = spaced + pick(r, "x", "}", " {}", ",", "0");
            String extra = open + ",\"extra\":[1,{\"k\":\"v\"},null]}";
            String repeated = open + ",\"data\":[]}";
            fast = fastFrames.getAsLong();
            assertThat(outcome(n, trailing)).as(trailing).isEqualTo(outcome(n, " " + trailing))
                    .singleElement().asString().startsWith("refused");
            assertThat(outcome(n, repeated)).as(repeated).isEqualTo(outcome(n, " " + repeated));
            assertThat(fastFrames.getAsLong()).as("neither read on the fast path").isEqualTo(fast);
            assertThat(outcome(n, extra)).as(extra).isEqualTo(expected);
            assertThat(fastFrames.getAsLong()).as("read on the fast path: " + extra).isEqualTo(fast + 1);

            String bad = damage(good, r);
            assertThat(outcome(n, bad)).as(bad).isEqualTo(outcome(n, " " + bad));
        }
    }

    /**
     * The same frame as no template takes it: whitespace after commas (never inside the values these frames hold), and
     * sometimes an extra field of every JSON kind in each element, which the walk skips.
     */
    private static String walkOnly(String good, SplittableRandom r) {
        String spaced = good.replace(",", r.nextBoolean() ? ", " : ",\n\t");
        return r.nextBoolean() ? spaced : spaced.replace("{\"T\":", "{\"x\":{\"y\":[1,-2.5,\"z\",true,false,null,{}]},\"T\":")
                .replace("{\"bkLoss\":", "{\"x\":[{\"y\":\"\"},[]],\"bkLoss\":").replace("\"instFamily\":", "\"extra\":{},\"instFamily\":");
    }

    /** The events a frame gives, or the reasons it is refused. */
    private static List<Object> outcome(Normalizer n, String frame) {
        List<Object> out = new ArrayList<>();
        try {
            n.normalize(frame, 1_760_000_000_000L, out::add);
        } catch (MalformedFrameException e) {
            // The leading space moves the parser's error column by one: the rest of the wording must match.
            out.add("refused: " + e.reasons().toString().replaceAll("column: \\d+", "column"));
        }
        return out;
    }

    /** One of the ways a frame arrives damaged or odd: cut, a char changed, a field repeated, a value retyped. */
    private static String damage(String f, SplittableRandom r) {
        int at = r.nextInt(1, f.length());
        return switch (r.nextInt(9)) {
            case 0 -> f.substring(0, at);
            case 1 -> f.substring(0, at) + (char) r.nextInt(32, 127) + f.substring(at + 1);
            case 2 -> f.substring(0, at) + f.substring(at + 1);
            case 3 -> f.replaceFirst("\"(s|instId)\":\"", "\"$1\":\"X$1\",\"$1\":\"");
            case 4 -> f.replaceFirst("\"(p|bkPx)\":\"[^\"]*\"", "\"$1\":" + pick(r, "\"1e400\"", "\"99999999999999999999\"", "\"-1\"", "7", "null", "\"\""));
            case 5 -> f.replaceFirst("\"(T|ts)\":\"?(\\d+)\"?", pick(r, "\"$1\":\"$2\"", "\"$1\":0$2", "\"$1\":\"0$2\"", "\"$1\":$2.5", "\"$1\":-$2", "\"$1\":-0", "\"$1\":\"-0\"", "\"$1\":[$2]"));
            case 6 -> f.replaceFirst("\"(S|side)\":\"[^\"]*\"", "\"$1\":\"" + pick(r, "buy", "Buy", "SELL", "sell", "", "B\\u0075y") + "\"");
            case 7 -> f.replace("\"data\":[", "\"data\":[" + pick(r, "{}", "[]", "1", "{\"x\":{\"y\":[[[]]]}}") + ",");
            default -> f.substring(0, at) + " " + f.substring(at);
        };
    }

    private static String pick(SplittableRandom r, String... options) {
        return options[r.nextInt(options.length)];
    }

    private static long time(SplittableRandom r) {
        return r.nextLong(1_500_000_000_000L, 1_760_000_000_000L);
    }

    private static String decimal(SplittableRandom r) {
        return r.nextInt(1, 200_000) + (r.nextBoolean() ? "." + r.nextInt(1000) : "");
    }
}
