package dev.cascade.ingest;

import dev.cascade.core.record.RecordedFrame;
import dev.cascade.replay.RecordedFeedWriter;

/** Every live raw frame to a recorded-feed file (replayable later with the same normalizers). */
public final class RecordingSink implements SpineSink {
    private final RecordedFeedWriter writer;

    public RecordingSink(RecordedFeedWriter writer) {
        this.writer = writer;
    }

    @Override
    public boolean wantsEvents() {
        return false;
    }

    @Override
    public void frame(RecordedFrame frame) {
        writer.write(frame);
    }

    @Override
    public void flush() {
        writer.flush();
    }
}
