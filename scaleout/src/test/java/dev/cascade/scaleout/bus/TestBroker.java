package dev.cascade.scaleout.bus;

import dev.cascade.core.record.RecordedFrame;
import dev.cascade.scaleout.SyntheticFrames;

import java.util.List;

/** One real Kafka broker shared by every test class of this JVM (starting one costs seconds); stopped at JVM exit. */
public final class TestBroker {
    private static LocalKafkaBroker broker;

    private TestBroker() {
    }

    public static synchronized LocalKafkaBroker get() {
        if (broker == null) {
            broker = LocalKafkaBroker.start(0, null);
            LocalKafkaBroker b = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(b::close, "test-broker-shutdown"));
        }
        return broker;
    }

    /** Creates {@code topic} with {@code partitions} and publishes {@code n} synthetic frames; returns them after all were acknowledged. */
    public static List<RecordedFrame> publishSynthetic(BusUrl bus, int partitions, int n, long seed) {
        BusTopics.ensure(bus, partitions);
        List<RecordedFrame> frames = SyntheticFrames.binance(n, seed);
        try (KafkaFrameSink sink = new KafkaFrameSink(bus)) {
            frames.forEach(sink::accept);
            sink.flush();
            if (sink.acked() != n) {
                throw new AssertionError("only " + sink.acked() + " of " + n + " frames acknowledged");
            }
        }
        return frames;
    }
}
