package dev.cascade.server;

import dev.cascade.core.record.RecordedFrame;
import dev.cascade.replay.RecordedFeedReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Replays recorded-feed files as if live: each frame is delivered when its recorded receive time comes round,
 * scaled by {@code speed} (10 = ten times faster). Recorded silences longer than {@code maxIdleMs} of wall time are
 * shortened to it (a 4-hour aggregate feed would otherwise sit idle for 24 minutes at 10x); speed 0 means as fast as
 * possible. Files play one after another, each on its own timeline.
 */
public final class ReplaySource implements LiveSource {
    private static final Logger LOG = LoggerFactory.getLogger(ReplaySource.class);

    private final List<Path> files;
    private final double speed;
    private final long maxIdleNanos;
    private final LongSupplier nanoTime;
    private volatile Thread thread;
    private volatile boolean stopped;
    private volatile String state = "not started";
    private volatile String detail = "";
    private volatile long frames;
    private volatile long compressedIdleMs;

    public ReplaySource(List<Path> files, double speed, long maxIdleMs) {
        this(files, speed, maxIdleMs, System::nanoTime);
    }

    ReplaySource(List<Path> files, double speed, long maxIdleMs, LongSupplier nanoTime) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("nothing to replay");
        }
        if (speed < 0 || Double.isNaN(speed) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be >= 0 (0 = as fast as possible), got " + speed);
        }
        this.files = List.copyOf(files);
        this.speed = speed;
        this.maxIdleNanos = maxIdleMs * 1_000_000L;
        this.nanoTime = nanoTime;
    }

    /** "10x", "0.5x", "10", or "max" (as fast as possible, returned as 0). */
    public static double parseSpeed(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("max")) {
            return 0;
        }
        if (t.endsWith("x")) {
            t = t.substring(0, t.length() - 1);
        }
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("speed must look like 10x, 0.5x or max, got '" + text + "'");
        }
        if (!(v > 0) || v > 1_000_000) {
            throw new IllegalArgumentException("speed must be in (0, 1000000]x or max, got '" + text + "'");
        }
        return v;
    }

    @Override
    public void start(FrameSink sink) {
        Thread t = new Thread(() -> run(sink), "replay-source");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run(FrameSink sink) {
        for (Path file : files) {
            if (stopped) {
                break;
            }
            state = "replaying";
            detail = file.getFileName().toString();
            try (RecordedFeedReader reader = new RecordedFeedReader(file)) {
                Pacer pacer = new Pacer();
                boolean complete = reader.readAll(new RecordedFeedReader.Handler() {
                    @Override
                    public void frame(RecordedFrame f) {
                        if (stopped) {
                            throw new Stop();
                        }
                        pacer.waitFor(f.receiveTs());
                        sink.frame(f.source(), f.frame(), f.receiveTs());
                        frames++;
                    }

                    @Override
                    public void badLine(long lineNumber, String reason) {
                        LOG.warn("{}:{}: bad recorded line: {}", file, lineNumber, reason);
                    }
                });
                if (!complete) {
                    LOG.warn("{}: {}", file, reader.truncation());
                }
            } catch (Stop s) {
                break;
            } catch (IOException e) {
                LOG.error("cannot replay {}: {}", file, e.getMessage());
            }
        }
        state = stopped ? "stopped" : "finished";
        LOG.info("replay {}: {} frames", state, frames);
    }

    /** Sleeps until a frame's scaled time; long recorded silences are shortened to maxIdle. */
    private final class Pacer {
        long firstTs = Long.MIN_VALUE;
        long startNanos;
        long shiftNanos;

        void waitFor(long ts) {
            if (speed == 0) {
                return;
            }
            long now = nanoTime.getAsLong();
            if (firstTs == Long.MIN_VALUE) {
                firstTs = ts;
                startNanos = now;
                return;
            }
            long target = startNanos + shiftNanos + (long) ((ts - firstTs) * 1_000_000L / speed);
            long wait = target - now;
            if (wait > maxIdleNanos) {
                long cut = wait - maxIdleNanos;
                shiftNanos -= cut;
                target -= cut;
                compressedIdleMs += cut / 1_000_000L;
            }
            while (!stopped) {
                long w = target - nanoTime.getAsLong();
                if (w <= 50_000) {
                    break; // frames due within 50 us go now: at 10k msgs/s a park per frame would cost more than it saves
                }
                LockSupport.parkNanos(w);
            }
        }
    }

    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    @Override
    public Status status() {
        String d = "replay of " + files.size() + " file(s) at " + (speed == 0 ? "max speed" : speed + "x");
        return new Status(d, state, frames, detail + (compressedIdleMs > 0 ? "; recorded silences shortened by "
                + compressedIdleMs / 1000 + " s" : ""));
    }

    public boolean finished() {
        return "finished".equals(state) || "stopped".equals(state);
    }

    @Override
    public void close() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
