package dev.cascade.scaleout.bus;

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
}
