package dev.cascade.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cascade.core.model.FeedGap;
import dev.cascade.core.model.EventKeys;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.SourceClass;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.normalize.Json;
import dev.cascade.wire.WireJson;

import java.io.IOException;
import java.io.StringWriter;

/**
 * The live-stream and webhook message format (documented in openapi.json under LiveMessage), streamed with Jackson's
 * generator on the hot path but following the rules of {@link WireJson}: money as decimal strings so no cent is lost
 * to a double on the way, ids as strings, times as numbers. {@code ingestUs} is when the server took the event in
 * (epoch micros), which lets a client measure event-to-screen latency. An alert carries the same fields here, in the
 * webhook body and in {@code GET /api/alerts/recent}.
 */
public final class EventJson {
    private EventJson() {
    }

    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static String object(Body body) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = Json.FACTORY.createGenerator(w)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen writing to a StringWriter", e);
        }
        return w.toString();
    }

    public static String liquidation(Liquidation l, long ingestMicros) {
        return object(g -> {
            g.writeStringField("type", "liq");
            g.writeStringField("eventId", WireJson.id(EventKeys.of(l))); // the eventId of the row in /api/liquidations
            g.writeNumberField("ts", l.ts());
            g.writeStringField("exchange", l.exchange().name());
            g.writeStringField("source", l.source());
            g.writeStringField("symbol", l.symbol());
            g.writeStringField("side", l.side().name());
            g.writeStringField("price", WireJson.decimal(l.price(), Fixed.E8));
            g.writeStringField("qty", WireJson.decimal(l.quantity(), Fixed.E8));
            g.writeStringField("usd", WireJson.decimal(l.notionalUsd(), Fixed.E6));
            g.writeBooleanField("lowerBound", l.completeness().isLowerBound());
            g.writeStringField("sourceClass", SourceClass.of(l.source(), l.completeness()).name());
            g.writeNumberField("ingestUs", ingestMicros);
        });
    }

    public static String gap(FeedGap gap, long ingestMicros) {
        return object(g -> {
            g.writeStringField("type", "gap");
            g.writeStringField("source", gap.source());
            g.writeNumberField("fromTs", gap.fromTs());
            g.writeNumberField("toTs", gap.toTs());
            g.writeStringField("reason", gap.reason());
            g.writeNumberField("ingestUs", ingestMicros);
        });
    }

    public static String alert(Alert a) {
        return object(g -> {
            g.writeStringField("type", "alert");
            g.writeStringField("ruleId", a.ruleId());
            g.writeStringField("kind", a.kind().name());
            g.writeNumberField("ts", a.ts());
            g.writeStringField("message", a.message());
            g.writeStringField("valueUsd", WireJson.decimal(a.valueUsdE6(), Fixed.E6));
            g.writeNumberField("firedAtWallMs", a.firedAtWallMs());
        });
    }

    /** Epoch microseconds from the wall clock (the JDK clock has microsecond resolution on Linux). */
    public static long nowMicros() {
        java.time.Instant i = java.time.Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }
}
