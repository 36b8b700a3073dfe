package dev.cascade.feed.fake;

import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One sender thread per fake venue, writing its numbered frames to the venue's connection until a deadline: at a
 * total rate shared evenly by the venues (send what is due by now, then sleep a millisecond), or flat out. The load and
 * soak tests both drive the connectors this way, and both check that every frame sent was normalized and stored.
 */
public final class PacedSenders {
    private final Map<String, Integer> sent = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<FakeVenue> venues;
    private final List<Thread> threads = new ArrayList<>();

    private PacedSenders(List<FakeVenue> venues) {
        this.venues = List.copyOf(venues);
    }

    /**
     * Starts the senders: venue k writes to {@code conns.get(k)} from {@code t0} until {@code deadline} (nanoTime),
     * {@code totalRate} frames per second in all ({@code <= 0}: as fast as the connections take them).
     */
    public static PacedSenders start(List<FakeVenue> venues, List<FakeWsServer.Conn> conns, double totalRate, long t0, long deadline) {
        PacedSenders s = new PacedSenders(venues);
        double perVenue = totalRate / venues.size();
        for (int k = 0; k < venues.size(); k++) {
            FakeVenue v = venues.get(k);
            FakeWsServer.Conn c = conns.get(k);
            Thread t = new Thread(() -> {
                int i = 0;
                try {
                    while (System.nanoTime() < deadline) {
                        if (perVenue > 0 && i >= (long) ((System.nanoTime() - t0) / 1e9 * perVenue)) {
                            c.flush();
                            Thread.sleep(1);
                            continue;
                        }
                        c.send(v.frame(i), i % 64 == 63);
                        i++;
                    }
                    c.flush();
                } catch (RuntimeException | InterruptedException e) {
                    s.failures.add(v.source() + ": " + e);
                }
                s.sent.put(v.source(), i);
            }, "paced-sender-" + v.source());
            s.threads.add(t);
            t.start();
        }
        return s;
    }

    /** Waits for every sender to pass its deadline; then the frames sent per venue, in the venues' order. */
    public Map<String, Integer> join() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
        Map<String, Integer> bySource = new LinkedHashMap<>();
        for (FakeVenue v : venues) {
            bySource.put(v.source(), sent.getOrDefault(v.source(), 0));
        }
        return bySource;
    }

    /** Frames sent in all (after {@link #join}). */
    public long frames() {
        return sent.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** What went wrong in a sender (empty: nothing). */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /**
     * The events the frames sent must normalize to (control frames - pongs, acks, heartbeats - make none), by running
     * them through a pipeline of their own (after {@link #join}).
     */
    public long expectedEvents() {
        long expected = 0;
        for (FakeVenue v : venues) {
            Pipeline check = new Pipeline(Instruments.withDefaults(), e -> { }, (src, f, r) -> { });
            String source = v.source();
            for (int i = 0; i < sent.getOrDefault(source, 0); i++) {
                check.accept(source, v.frame(i), System.currentTimeMillis());
            }
            Pipeline.FeedCounts counts = check.counts().get(source);
            expected += counts == null ? 0 : counts.events();
        }
        return expected;
    }
}
