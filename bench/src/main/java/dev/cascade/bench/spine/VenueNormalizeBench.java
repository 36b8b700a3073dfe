package dev.cascade.bench.spine;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.normalize.EventGuard;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.Normalizer;
import dev.cascade.core.venue.Venues;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Liquidation frames of Binance, Bybit and OKX to checked Liquidations, messages per second on one thread: Cascade's
 * normalizer plus the hostile-input guard every stored event passes, against Jackson's streaming parser doing the same
 * work (one token pass collecting the fields, the same fixed-point parsing, the same record; no guard).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class VenueNormalizeBench {
    static final int FRAMES = 4096;
    static final long T = 1_760_130_900_000L;

    @Param({"binance-usdm", "bybit-linear", "okx"})
    String source;

    String[] frames;
    Normalizer normalizer;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(42);
        String[] coins = {"BTC", "ETH", "SOL"};
        frames = new String[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            String coin = coins[r.nextInt(coins.length)];
            long t = T + i * 37L;
            String q = String.format(Locale.ROOT, "%.3f", 0.001 + r.nextDouble() * 5);
            String p = String.format(Locale.ROOT, "%.2f", 100 + r.nextDouble() * 20000);
            boolean sell = r.nextInt(10) < 8;
            frames[i] = switch (source) {
                case "binance-usdm" -> "{\"e\":\"forceOrder\",\"E\":" + (t + 2) + ",\"o\":{\"s\":\"" + coin + "USDT\",\"S\":\"" + (sell ? "SELL" : "BUY")
                        + "\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"" + q + "\",\"p\":\"" + p + "\",\"ap\":\"" + p + "\",\"X\":\"FILLED\",\"l\":\"" + q
                        + "\",\"z\":\"" + q + "\",\"T\":" + t + "}}";
                case "bybit-linear" -> "{\"topic\":\"allLiquidation." + coin + "USDT\",\"type\":\"snapshot\",\"ts\":" + (t + 5) + ",\"data\":[{\"T\":" + t
                        + ",\"s\":\"" + coin + "USDT\",\"S\":\"" + (sell ? "Buy" : "Sell") + "\",\"v\":\"" + q + "\",\"p\":\"" + p + "\"}]}";
                default -> "{\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"},\"data\":[{\"details\":[{\"bkLoss\":\"0\",\"bkPx\":\"" + p
                        + "\",\"ccy\":\"\",\"posSide\":\"net\",\"side\":\"" + (sell ? "sell" : "buy") + "\",\"sz\":\"" + (1 + r.nextInt(500)) + "\",\"ts\":\"" + t
                        + "\"}],\"instFamily\":\"" + coin + "-USDT\",\"instId\":\"" + coin + "-USDT-SWAP\",\"instType\":\"SWAP\",\"uly\":\"" + coin + "-USDT\"}]}";
            };
        }
        normalizer = Venues.normalizer(source, Instruments.withDefaults());
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void cascadeGuarded(Blackhole bh) throws Exception {
        for (String f : frames) {
            normalizer.normalize(f, T, e -> bh.consume(EventGuard.check(e, T) == null ? e : null));
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void jacksonStreaming(Blackhole bh) throws IOException {
        Map<String, String> fields = new HashMap<>();
        for (String f : frames) {
            fields.clear();
            try (JsonParser p = Json.FACTORY.createParser(f)) {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        JsonToken v = p.nextToken();
                        if (v.isScalarValue()) {
                            fields.put(name, p.getText());
                        }
                    }
                }
            }
            bh.consume(liquidation(fields));
        }
    }

    /** The same record the normalizer builds, from the fields the venue names. */
    private Liquidation liquidation(Map<String, String> m) {
        String symbol;
        String side;
        long price;
        long qty;
        long t;
        boolean longLiquidated;
        switch (source) {
            case "binance-usdm" -> {
                symbol = m.get("s");
                side = m.get("S");
                price = Fixed.parse(m.get("ap"), Fixed.E8);
                qty = Fixed.parse(m.get("z"), Fixed.E8);
                t = Long.parseLong(m.get("T"));
                longLiquidated = "SELL".equals(side);
            }
            case "bybit-linear" -> {
                symbol = m.get("s");
                side = m.get("S");
                price = Fixed.parse(m.get("p"), Fixed.E8);
                qty = Fixed.parse(m.get("v"), Fixed.E8);
                t = Long.parseLong(m.get("T"));
                longLiquidated = "Buy".equals(side);
            }
            default -> {
                symbol = m.get("instId");
                side = m.get("side");
                price = Fixed.parse(m.get("bkPx"), Fixed.E8);
                qty = Fixed.mulDiv(Fixed.parse(m.get("sz"), Fixed.E8), symbol.startsWith("BTC") ? 1_000_000 : symbol.startsWith("ETH") ? 10_000_000
                        : 100_000_000, Fixed.E8);
                t = Long.parseLong(m.get("ts"));
                longLiquidated = "sell".equals(side);
            }
        }
        String coin = symbol.substring(0, 3);
        return new Liquidation(source, Exchange.BINANCE, MarketType.LINEAR, symbol, coin + "-USDT-PERP",
                longLiquidated ? PositionSide.LONG : PositionSide.SHORT, price, qty, Fixed.mulDiv(price, qty, 10), qty, QuantityUnit.BASE,
                PriceKind.BANKRUPTCY, side, t, T, Completeness.COMPLETE, source + '|' + symbol + '|' + t + '|' + side);
    }
}
