package dev.cascade.core.record;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.MalformedFrameException;

import java.io.IOException;
import java.io.StringWriter;

/** Encodes and decodes the recorded-feed line format of {@link RecordedFrame}. */
public final class RecordedFrameCodec {
    private RecordedFrameCodec() {
    }

    public static String encode(RecordedFrame f) {
        StringWriter w = new StringWriter(f.frame().length() + 64);
        try (JsonGenerator g = Json.FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("t", f.receiveTs());
            g.writeStringField("src", f.source());
            g.writeStringField("frame", f.frame());
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen writing to a StringWriter", e);
        }
        return w.toString();
    }

    public static RecordedFrame decode(String line) throws MalformedFrameException {
        long t = -1;
        String src = null;
        String frame = null;
        try (JsonParser p = Json.FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedFrameException("recorded line is not a JSON object");
            }
            JsonToken tok;
            while ((tok = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                tok = p.nextToken();
                switch (name) {
                    case "t" -> t = p.getValueAsLong(-1);
                    case "src" -> src = p.getValueAsString();
                    case "frame" -> frame = p.getValueAsString();
                    default -> p.skipChildren();
                }
            }
            if (tok != JsonToken.END_OBJECT) {
                throw new MalformedFrameException("truncated recorded line");
            }
        } catch (IOException e) {
            throw new MalformedFrameException("invalid recorded line", e);
        }
        if (t < 0 || src == null || frame == null) {
            throw new MalformedFrameException("recorded line needs t, src and frame");
        }
        return new RecordedFrame(t, src, frame);
    }
}
