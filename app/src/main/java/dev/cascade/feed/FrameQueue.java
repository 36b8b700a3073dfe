package dev.cascade.feed;

import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.record.RecordedFrame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The bounded hand-off between WebSocket listener threads (many producers) and the single store writer.
 *
 * <p>Bound: at most {@code maxItems} items and {@code maxChars} characters of frame text are queued. A WebSocket
 * producer that finds the queue full does not block and does not drop: its frame is parked (one per connection,
 * because a connection asks for the next message only once its last one was accepted) and its {@code onAccepted}
 * callback - which calls {@code WebSocket.request(1)} - runs only when the writer has made room. Until then the JDK
 * stops reading that socket, TCP fills up, and the exchange (or fake) slows down: backpressure, nothing lost.
 * Pollers and gap markers use {@link #put}, which waits for room (gap markers and marks are tiny and always admitted).
 */
public final class FrameQueue {
    /** What the writer consumes. */
    public sealed interface Item permits FrameItem, EventItem, DurableMark {
    }

    /**
     * A raw frame; {@code receiveNanos} (System.nanoTime at receipt) measures receive-to-stored latency. A history
     * frame (loaded at start-up) is stored but not broadcast, recorded or alerted on.
     */
    public record FrameItem(RecordedFrame frame, long receiveNanos, boolean history) implements Item {
        public FrameItem(RecordedFrame frame, long receiveNanos) {
            this(frame, receiveNanos, false);
        }
    }

    /** An event made by the feed layer itself (FeedGap). */
    public record EventItem(MarketEvent event) implements Item {
    }

    /**
     * Tells whoever queued it when everything queued before it is durable: the writer completes {@code durable} once a
     * flush of every sink that came after the items before it has succeeded, or completes it exceptionally if that can
     * no longer happen (a sink failed, ingestion stopped). With {@code flushNow} the writer flushes on reaching it
     * instead of at its flush policy's next turn. A source that commits a position upstream (a Kafka offset) queues one
     * after its frames and commits once it completes.
     */
    public record DurableMark(CompletableFuture<Void> durable, boolean flushNow) implements Item {
    }

    private record Parked(FrameItem item, Runnable onAccepted) {
    }

    private final int maxItems;
    private final long maxChars;
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private final ArrayDeque<Parked> parked = new ArrayDeque<>();
    private long chars;
    private long highWaterItems;
    private long highWaterChars;
    private long parkedTotal;

    public FrameQueue(int maxItems, long maxChars) {
        if (maxItems < 1 || maxChars < 1) {
            throw new IllegalArgumentException("queue bounds must be positive");
        }
        this.maxItems = maxItems;
        this.maxChars = maxChars;
    }

    /** Production bound: 65,536 frames and 16 Mi chars (at most 32 MiB of text). */
    public static FrameQueue standard() {
        return new FrameQueue(65_536, 16L << 20);
    }

    public int maxItems() {
        return maxItems;
    }

    public long maxChars() {
        return maxChars;
    }

    private boolean fits(long len) {
        // An empty queue admits any single frame, so one frame larger than maxChars cannot wedge a connection.
        return items.isEmpty() || (items.size() < maxItems && chars + len <= maxChars);
    }

    private void add(Item it) {
        append(it);
        notifyAll();
    }

    private void append(Item it) {
        items.add(it);
        if (it instanceof FrameItem f) {
            chars += f.frame().frame().length();
        }
        highWaterItems = Math.max(highWaterItems, items.size());
        highWaterChars = Math.max(highWaterChars, chars);
    }

    /** Non-blocking offer for WebSocket listeners: {@code onAccepted} runs now if there is room, else once there is. */
    public void offer(FrameItem item, Runnable onAccepted) {
        boolean accepted;
        synchronized (this) {
            accepted = parked.isEmpty() && fits(item.frame().frame().length());
            if (accepted) {
                add(item);
            } else {
                parked.add(new Parked(item, onAccepted));
                parkedTotal++;
            }
        }
        if (accepted) {
            onAccepted.run();
        }
    }

    /** Blocking put (pollers, replays, gap markers); events and flush requests are always admitted. */
    public synchronized void put(Item item) throws InterruptedException {
        if (item instanceof FrameItem f) {
            while (!fits(f.frame().frame().length())) {
                wait();
            }
        }
        add(item);
    }

    /**
     * Blocking put of a batch of frames, in order (a source that polls batches): one lock and one wake-up of the writer
     * per run of frames that fits, instead of one per frame.
     */
    public synchronized void putAll(List<FrameItem> frames) throws InterruptedException {
        for (FrameItem f : frames) {
            long len = f.frame().frame().length();
            if (!fits(len)) {
                notifyAll(); // the writer takes what is queued so far, making room
                while (!fits(len)) {
                    wait();
                }
            }
            append(f);
        }
        notifyAll();
    }

    /** Blocking put for events from code that normalizes itself: waits while {@code maxItems} items are queued. */
    public synchronized void putBounded(EventItem item) throws InterruptedException {
        while (items.size() >= maxItems) {
            wait();
        }
        add(item);
    }

    /** Takes up to {@code max} items, waiting up to {@code timeoutMs} for the first. */
    public List<Item> drain(int max, long timeoutMs) throws InterruptedException {
        List<Item> out = new ArrayList<>(Math.min(max, 1024));
        List<Runnable> wake = new ArrayList<>();
        synchronized (this) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (items.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return out;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            while (!items.isEmpty() && out.size() < max) {
                Item it = items.poll();
                if (it instanceof FrameItem f) {
                    chars -= f.frame().frame().length();
                }
                out.add(it);
            }
            while (!parked.isEmpty() && fits(parked.peek().item().frame().frame().length())) {
                Parked p = parked.poll();
                add(p.item());
                wake.add(p.onAccepted());
            }
            notifyAll();
        }
        for (Runnable r : wake) {
            r.run();
        }
        return out;
    }

    public synchronized int size() {
        return items.size() + parked.size();
    }

    /** Most items ever queued at once (excluding parked frames, at most one per connection). */
    public synchronized long highWaterItems() {
        return highWaterItems;
    }

    public synchronized long highWaterChars() {
        return highWaterChars;
    }

    /** How many times a connection had to wait for room (backpressure events). */
    public synchronized long parkedTotal() {
        return parkedTotal;
    }
}
