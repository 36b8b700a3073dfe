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

    /**
     * Decodes one line, strictly: exactly one JSON object holding an integer {@code t} (a receive time, epoch ms, not
     * negative), a string {@code src} and a string {@code frame}, each once, and nothing after the object but
     * whitespace. Anything else (a second record on the line, trailing garbage, {@code "t":true} or {@code "t":"1"},
     * a repeated key) is rejected rather than guessed at: a recorded file is replayed as evidence.
     */
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
                    case "t" -> {
                        if (t >= 0) {
                            throw new MalformedFrameException("recorded line repeats key 't'");
                        }
                        if (tok != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                                && p.getNumberType() != JsonParser.NumberType.LONG) {
                            throw new MalformedFrameException("receive time 't' is not an integer (epoch ms): " + tok);
                        }
                        t = p.getLongValue();
                        if (t < 0) {
                            throw new MalformedFrameException("receive time 't' is negative");
                        }
                    }
                    case "src" -> src = string(p, tok, "src", src);
                    case "frame" -> frame = string(p, tok, "frame", frame);
                    default -> p.skipChildren();
                }
            }
            if (tok != JsonToken.END_OBJECT) {
                throw new MalformedFrameException("truncated recorded line");
            }
            JsonToken after;
            try {
                after = p.nextToken();
            } catch (IOException garbage) {
                throw new MalformedFrameException("data after the record", garbage);
            }
            if (after != null) {
                throw new MalformedFrameException(after == JsonToken.START_OBJECT
                        ? "more than one record on the line" : "data after the record: " + after);
            }
        } catch (IOException e) {
            throw new MalformedFrameException("invalid recorded line", e);
        }
        if (t < 0 || src == null || frame == null) {
            throw new MalformedFrameException("recorded line needs t, src and frame");
        }
        return new RecordedFrame(t, src, frame);
    }

    private static String string(JsonParser p, JsonToken tok, String name, String seen) throws IOException, MalformedFrameException {
        if (seen != null) {
            throw new MalformedFrameException("recorded line repeats key '" + name + "'");
        }
        if (tok != JsonToken.VALUE_STRING) {
            throw new MalformedFrameException("'" + name + "' is not a string: " + tok);
        }
        return p.getText();
    }

    private static final String SRC_KEY = "\"src\":\"";

    /**
     * The feed a line names, read without parsing it (for counting a line that cannot be decoded against its feed):
     * the {@code "src":"..."} near the start, as {@link #encode} writes it, when it looks like a feed id; else null.
     */
    public static String sniffSource(String line) {
        int at = line.indexOf(SRC_KEY);
        if (at < 0 || at > 256) {
            return null;
        }
        int from = at + SRC_KEY.length();
        int to = from;
        while (to < line.length() && to - from <= 40) {
            char ch = line.charAt(to);
            if (ch == '"') {
                return to == from ? null : line.substring(from, to);
            }
            if (!(ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_')) {
                return null;
            }
            to++;
        }
        return null;
    }
}
