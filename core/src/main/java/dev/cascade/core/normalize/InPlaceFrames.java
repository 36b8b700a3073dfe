package dev.cascade.core.normalize;

import dev.cascade.core.model.Liquidation;
import dev.cascade.core.port.EventSink;

import java.util.ArrayList;
import java.util.List;

/**
 * A hot path that reads a frame's events in place with {@link JsonCursor}, in two tries: the venue's own layout as a
 * template, then (other field orders, whitespace) a field walk. The events are kept only if the whole frame read
 * cleanly, and only then emitted, so that a frame this path gives up on halfway goes to the general parser whole
 * (which keeps the good elements and words the errors), never emitted twice.
 */
public final class InPlaceFrames {
    /** One way of reading a frame; adds its events to {@code into}, throws or returns false to give up. */
    @FunctionalInterface
    public interface Layout {
        boolean read(JsonCursor c, String frame, long receiveTs, List<Liquidation> into) throws MalformedFrameException;
    }

    private final JsonCursor cursor = new JsonCursor();
    private final List<Liquidation> batch = new ArrayList<>();
    private final Layout template;
    private final Layout walk;
    private long frames;
    private long templateFrames;

    public InPlaceFrames(Layout template, Layout walk) {
        this.template = template;
        this.walk = walk;
    }

    /** Emits the frame's events and returns true if it read cleanly; returns false, having emitted nothing, if not. */
    public boolean read(String frame, long receiveTs, EventSink out) {
        batch.clear();
        JsonCursor c = cursor;
        boolean byTemplate = false;
        try {
            c.reset(frame);
            boolean read;
            try {
                read = template.read(c, frame, receiveTs, batch);
                byTemplate = true;
            } catch (RuntimeException otherLayout) {
                batch.clear();
                c.rewind();
                read = walk.read(c, frame, receiveTs, batch);
            }
            if (!read) {
                return false;
            }
        } catch (MalformedFrameException | RuntimeException e) {
            // JsonCursor.FALLBACK, a number Fixed refuses, a symbol no rule derives: the general path decides.
            return false;
        }
        frames++;
        if (byTemplate) {
            templateFrames++;
        }
        for (Liquidation l : batch) {
            out.accept(l);
        }
        return true;
    }

    /** Frames read on this path, for tests and benchmarks. */
    public long frames() {
        return frames;
    }

    /** Of those, the frames the template read (the rest took the walk), for tests and benchmarks. */
    public long templateFrames() {
        return templateFrames;
    }
}
