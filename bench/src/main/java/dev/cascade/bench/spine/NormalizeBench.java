package dev.cascade.bench.spine;

import dev.cascade.core.venue.binance.BinanceVenue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.venue.binance.BinanceNormalizer;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.MalformedFrameException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Binance forceOrder frames to normalized Liquidations, messages per second on one thread:
 * Cascade's streaming normalizer against a Jackson tree-model (readTree) baseline doing the same work
 * (same fields, same fixed-point parsing, same record).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class NormalizeBench {
    static final int FRAMES = 4096;
    String[] frames;
    BinanceNormalizer normalizer;
    Instruments instruments;
    final ObjectMapper mapper = new ObjectMapper();

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(42);
        String[] symbols = {"BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT", "DOGEUSDT", "BNBUSDT"};
        frames = new String[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            long t = 1760130900000L + i * 37L;
            String q = String.format(java.util.Locale.ROOT, "%.3f", 0.001 + r.nextDouble() * 5);
            String p = String.format(java.util.Locale.ROOT, "%.2f", 100000 + r.nextDouble() * 20000);
            frames[i] = "{\"e\":\"forceOrder\",\"E\":" + (t + 2) + ",\"o\":{\"s\":\"" + symbols[r.nextInt(symbols.length)]
                    + "\",\"S\":\"" + (r.nextInt(10) < 8 ? "SELL" : "BUY") + "\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"" + q + "\",\"p\":\"" + p
                    + "\",\"ap\":\"" + p + "\",\"X\":\"FILLED\",\"l\":\"" + q + "\",\"z\":\"" + q + "\",\"T\":" + t + "}}";
        }
        instruments = Instruments.withDefaults();
        normalizer = new BinanceNormalizer(false, instruments);
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void cascadeStreaming(Blackhole bh) throws MalformedFrameException {
        for (String f : frames) {
            normalizer.normalize(f, 1L, bh::consume);
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void baselineReadTree(Blackhole bh) throws Exception {
        for (String f : frames) {
            JsonNode root = mapper.readTree(f);
            JsonNode o = root.get("o");
            String s = o.get("s").asText();
            String side = o.get("S").asText();
            String zText = o.get("z").asText();
            String apText = o.get("ap").asText();
            long z = Fixed.parse(zText, Fixed.E8);
            long ap = Fixed.parse(apText, Fixed.E8);
            long t = o.get("T").asLong();
            var inst = BinanceVenue.instrument(instruments, s, false);
            long usd = Fixed.mulDiv(ap, z, 10);
            bh.consume(new Liquidation(BinanceVenue.USDM_FEED, Exchange.BINANCE, MarketType.LINEAR, s, inst.symbol(),
                    "SELL".equals(side) ? PositionSide.LONG : PositionSide.SHORT, ap, z, usd, z, QuantityUnit.BASE,
                    PriceKind.AVERAGE_FILL, side, t, 1L, Completeness.SAMPLED_1S_PER_SYMBOL,
                    BinanceVenue.USDM_FEED + "|" + s + '|' + t + '|' + zText + '|' + apText));
        }
    }
}
