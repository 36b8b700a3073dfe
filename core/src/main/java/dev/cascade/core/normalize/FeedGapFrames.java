package dev.cascade.core.normalize;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cascade.core.model.FeedGap;
import dev.cascade.core.port.EventSink;
import dev.cascade.core.record.RecordedFrame;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A feed gap (a window in which a collector could not vouch for a feed) as a frame of the pseudo-feed
 * {@value #SOURCE}, so gaps travel wherever frames do (the Kafka bus, recorded files) and are stored by whoever
 * normalizes them, through the same {@link Pipeline}. Frame:
 * <pre>
 * {"source":"binance-usdm","from":1760130900123,"to":1760130960000,"reason":"disconnected: ..."}
 * </pre>
 * Bounded on the way in: a feed id of at most {@value #MAX_SOURCE} characters, a reason of at most
 * {@value #MAX_REASON}, and an end not before the start.
 */
public final class FeedGapFrames implements Normalizer {
    public static final String SOURCE = "cascade-gap";
    static final int MAX_SOURCE = 64;
    static final int MAX_REASON = 512;

    /** The frame of {@code gap}, received at the gap's end. */
    public static RecordedFrame encode(FeedGap gap) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = Json.FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("source", gap.source());
            g.writeNumberField("from", gap.fromTs());
            g.writeNumberField("to", gap.toTs());
            g.writeStringField("reason", truncate(gap.reason(), MAX_REASON));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return new RecordedFrame(gap.toTs(), SOURCE, w.toString());
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public void normalize(String frame, long receiveTs, EventSink out) throws MalformedFrameException {
        Map<String, Object> m = Json.obj(Json.parse(frame), "gap frame");
        String source = Json.str(m, "source");
        if (source.isEmpty() || source.length() > MAX_SOURCE || source.equals(SOURCE)) {
            throw new MalformedFrameException("gap frame needs a feed id of 1.." + MAX_SOURCE + " characters, got '"
                    + truncate(source, MAX_SOURCE) + "'");
        }
        String reason = Json.str(m, "reason");
        if (reason.length() > MAX_REASON) {
            throw new MalformedFrameException("gap reason longer than " + MAX_REASON + " characters");
        }
        long from = Json.integer(m, "from");
        long to = Json.integer(m, "to");
        if (to < from || from < 0) {
            throw new MalformedFrameException("gap frame must have 0 <= from <= to, got " + from + ".." + to);
        }
        out.accept(new FeedGap(source, from, to, reason));
    }
}
