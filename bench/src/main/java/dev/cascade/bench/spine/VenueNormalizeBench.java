package dev.cascade.bench.spine;

import com.dslplatform.json.DslJson;
import com.dslplatform.json.JsonReader;
import com.dslplatform.json.NumberConverter;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.normalize.EventGuard;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.Normalizer;
import dev.cascade.core.normalize.Sizes;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Liquidation frames of Binance, Bybit and OKX to Liquidations, messages per second on one thread, all in one run:
 * <ul>
 *   <li>{@code cascadeGuarded}: Cascade's normalizer plus the hostile-input guard every stored event passes;</li>
 *   <li>{@code cascadeUnguarded}: the same normalizer without the guard (what the hardening costs);</li>
 *   <li>{@code jacksonStreaming} and {@code dslJson}: each parser's token stream picking out the same fields by name,
 *   then the same fixed-point parsing, instrument, notional, event key and record (no guard).</li>
 * </ul>
 * Setup checks that both baselines build records equal to the normalizer's for every frame, so "the same work" is
 * checked, not assumed. dsl-json reads bytes: its baseline encodes each frame, as a feed handing it text would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 2)
public class VenueNormalizeBench {
    static final int FRAMES = 4096;
    static final long RECEIVED = LiquidationFrames.T0 + FRAMES * 37L;

    @Param({"binance-usdm", "bybit-linear", "okx"})
    String source;

    String[] frames;
    Normalizer normalizer;
    Shape shape;
    /** The instrument of each symbol, as the normalizers cache it. */
    final Map<String, Instrument> instruments = new HashMap<>();
    final Fields fields = new Fields();
    DslFields dsl;
    /** Each frame's fields, found once: what the work after parsing costs on its own. */
    Fields[] parsed;

    /** Where each venue puts a liquidation's fields, and what they mean. */
    record Shape(Exchange exchange, String symbol, String side, String price, String size, String time,
                 String longLiquidatedSide, PriceKind priceKind, Completeness completeness, boolean sideInKey) {
        static Shape of(String source) {
            return switch (source) {
                case "binance-usdm" -> new Shape(Exchange.BINANCE, "s", "S", "ap", "z", "T", "SELL", PriceKind.AVERAGE_FILL,
                        Completeness.SAMPLED_1S_PER_SYMBOL, false);
                case "bybit-linear" -> new Shape(Exchange.BYBIT, "s", "S", "p", "v", "T", "Buy", PriceKind.BANKRUPTCY,
                        Completeness.COMPLETE, true);
                case "okx" -> new Shape(Exchange.OKX, "instId", "side", "bkPx", "sz", "ts", "sell", PriceKind.BANKRUPTCY,
                        Completeness.PARTIAL, true);
                default -> throw new IllegalArgumentException(source);
            };
        }

        String[] names() {
            return new String[] {symbol, side, price, size, time};
        }
    }

    /** One liquidation's fields as text, as a baseline parser found them. */
    static final class Fields {
        static final int SYMBOL = 0;
        static final int SIDE = 1;
        static final int PRICE = 2;
        static final int SIZE = 3;
        final String[] text = new String[4];
        long time;
    }

    @Setup
    public void setup() throws Exception {
        frames = LiquidationFrames.generate(source, FRAMES, LiquidationFrames.THREE_COINS);
        shape = Shape.of(source);
        Instruments catalog = Instruments.withDefaults();
        normalizer = Venues.normalizer(source, catalog);
        dsl = new DslFields(shape.names());
        List<MarketEvent> expected = new ArrayList<>();
        for (String f : frames) {
            normalizer.normalize(f, RECEIVED, expected::add);
        }
        for (MarketEvent e : expected) {
            String symbol = ((Liquidation) e).nativeSymbol();
            instruments.put(symbol, catalog.find(shape.exchange(), symbol));
        }
        parsed = new Fields[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            Liquidation want = (Liquidation) expected.get(i);
            parsed[i] = new Fields();
            parsed[i].time = want.exchangeTs();
            check(want, dsl(frames[i]), "dsl-json");
            System.arraycopy(fields.text, 0, parsed[i].text, 0, 4);
            check(want, jackson(frames[i]), "Jackson");
            check(want, liquidation(parsed[i]), "the work after parsing");
            if (EventGuard.check(want, RECEIVED) != null) {
                throw new IllegalStateException("the guard rejects a benchmark frame: " + frames[i]);
            }
        }
    }

    private static void check(Liquidation want, Liquidation got, String baseline) {
        if (!want.equals(got)) {
            throw new IllegalStateException(baseline + " baseline does other work than the normalizer:\n" + want + "\n" + got);
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void cascadeGuarded(Blackhole bh) throws Exception {
        for (String f : frames) {
            normalizer.normalize(f, RECEIVED, e -> bh.consume(EventGuard.check(e, RECEIVED) == null ? e : null));
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void cascadeUnguarded(Blackhole bh) throws Exception {
        for (String f : frames) {
            normalizer.normalize(f, RECEIVED, bh::consume);
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void jacksonStreaming(Blackhole bh) throws IOException {
        for (String f : frames) {
            bh.consume(jackson(f));
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void dslJson(Blackhole bh) throws IOException {
        for (String f : frames) {
            bh.consume(dsl(f));
        }
    }

    /** No parsing: the same record from fields found in setup (the floor every variant above stands on). */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void afterParsing(Blackhole bh) {
        for (Fields f : parsed) {
            bh.consume(liquidation(f));
        }
    }

    /** Jackson's token stream, keeping the scalar fields the venue names. */
    private Liquidation jackson(String frame) throws IOException {
        Fields out = fields;
        try (JsonParser p = Json.FACTORY.createParser(frame)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.FIELD_NAME) {
                    continue;
                }
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (!v.isScalarValue()) {
                    continue;
                }
                if (name.equals(shape.time())) {
                    out.time = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : Long.parseLong(p.getText());
                } else if (name.equals(shape.symbol())) {
                    out.text[Fields.SYMBOL] = p.getText();
                } else if (name.equals(shape.side())) {
                    out.text[Fields.SIDE] = p.getText();
                } else if (name.equals(shape.price())) {
                    out.text[Fields.PRICE] = p.getText();
                } else if (name.equals(shape.size())) {
                    out.text[Fields.SIZE] = p.getText();
                }
            }
        }
        return liquidation(out);
    }

    private Liquidation dsl(String frame) throws IOException {
        dsl.read(frame.getBytes(StandardCharsets.UTF_8), fields);
        return liquidation(fields);
    }

    /** The record the normalizer builds, from the fields a baseline found. */
    private Liquidation liquidation(Fields f) {
        String symbol = f.text[Fields.SYMBOL];
        String side = f.text[Fields.SIDE];
        String priceText = f.text[Fields.PRICE];
        String sizeText = f.text[Fields.SIZE];
        long price = Fixed.parse(priceText, Fixed.E8);
        long size = Fixed.parse(sizeText, Fixed.E8);
        Instrument inst = instruments.get(symbol);
        long qty = Sizes.baseQuantity(inst, size, price);
        String key = source + '|' + symbol + '|' + f.time + '|' + (shape.sideInKey() ? side + '|' : "") + sizeText + '|' + priceText;
        return new Liquidation(source, shape.exchange(), inst.market(), symbol, inst.symbol(),
                shape.longLiquidatedSide().equals(side) ? PositionSide.LONG : PositionSide.SHORT, price, qty,
                Sizes.notionalUsd(inst, size, qty, price), size, inst.sizeUnit(), shape.priceKind(), side, f.time, RECEIVED,
                shape.completeness(), key);
    }

    /**
     * dsl-json's reader used as its own generated converters use it: field names matched by the hash the reader
     * computes while reading them (confirmed byte by byte), values read only for wanted fields, the rest skipped.
     */
    static final class DslFields {
        private final JsonReader<Object> reader = new DslJson<>().newReader();
        private final byte[][] names;
        private final int[] hashes;

        DslFields(String[] wanted) throws IOException {
            names = new byte[wanted.length][];
            hashes = new int[wanted.length];
            for (int i = 0; i < wanted.length; i++) {
                names[i] = wanted[i].getBytes(StandardCharsets.UTF_8);
                byte[] probe = ("{\"" + wanted[i] + "\":0}").getBytes(StandardCharsets.UTF_8);
                reader.process(probe, probe.length);
                reader.getNextToken();
                reader.getNextToken();
                hashes[i] = reader.fillName();
            }
        }

        /** Fills {@code out} (symbol, side, price, size as text; time as a number) from one frame. */
        void read(byte[] frame, Fields out) throws IOException {
            reader.process(frame, frame.length);
            if (reader.getNextToken() != '{') {
                throw reader.newParseError("expected an object");
            }
            object(out);
        }

        /** Called on '{'; returns on its '}'. */
        private void object(Fields out) throws IOException {
            JsonReader<Object> r = reader;
            if (r.getNextToken() == '}') {
                return;
            }
            while (true) {
                int wanted = wanted(r.fillName());
                byte t = value(r.getNextToken(), wanted, out);
                if (t == '}') {
                    return;
                }
                if (t != ',') {
                    throw r.newParseError("expected ',' or '}'");
                }
                r.getNextToken();
            }
        }

        /** Called on '['; returns on its ']'. */
        private void array(Fields out) throws IOException {
            JsonReader<Object> r = reader;
            byte t = r.getNextToken();
            if (t == ']') {
                return;
            }
            while (true) {
                t = value(t, -1, out);
                if (t == ']') {
                    return;
                }
                if (t != ',') {
                    throw r.newParseError("expected ',' or ']'");
                }
                t = r.getNextToken();
            }
        }

        /** Reads the value starting at token {@code t} (a wanted field's when {@code wanted >= 0}); returns the token after it. */
        private byte value(byte t, int wanted, Fields out) throws IOException {
            JsonReader<Object> r = reader;
            if (t == '{') {
                object(out);
            } else if (t == '[') {
                array(out);
            } else if (wanted == 4) {
                out.time = t == '"' ? Long.parseLong(r.readString()) : NumberConverter.deserializeLong(r);
            } else if (wanted >= 0 && t == '"') {
                out.text[wanted] = r.readString();
            } else {
                return r.skip();
            }
            return r.getNextToken();
        }

        /** Index of the field just read among the wanted names (symbol, side, price, size, time), or -1. */
        private int wanted(int hash) {
            for (int i = 0; i < hashes.length; i++) {
                if (hashes[i] == hash && reader.wasLastName(names[i])) {
                    return i;
                }
            }
            return -1;
        }
    }
}
