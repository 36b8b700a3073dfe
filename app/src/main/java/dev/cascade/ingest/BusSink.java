package dev.cascade.ingest;

import dev.cascade.core.model.FeedGap;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.normalize.FeedGapFrames;
import dev.cascade.core.port.FrameBus;
import dev.cascade.core.record.RecordedFrame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Distributed mode: raw frames to a {@link FrameBus} (Kafka) for the consumers to normalize and store; a flush waits
 * until the bus has acknowledged every frame sent so far. Feed-gap markers are events made here: each goes on the bus as
 * a frame of the pseudo-feed {@link FeedGapFrames#SOURCE}, which consumers turn back into the gap; they are also kept
 * in {@link #gaps()} for the collector's summary.
 */
public final class BusSink implements SpineSink {
    private final FrameBus bus;
    private final List<FeedGap> gaps = Collections.synchronizedList(new ArrayList<>());

    public BusSink(FrameBus bus) {
        this.bus = bus;
    }

    @Override
    public boolean wantsEvents() {
        return false;
    }

    @Override
    public void frame(RecordedFrame frame) {
        bus.accept(frame);
    }

    @Override
    public void event(MarketEvent event, long receiveNanos) {
        if (event instanceof FeedGap g) {
            bus.accept(FeedGapFrames.encode(g));
            gaps.add(g);
        }
    }

    @Override
    public void flush() {
        bus.flush();
    }

    public List<FeedGap> gaps() {
        return List.copyOf(gaps);
    }
}
