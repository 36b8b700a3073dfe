package dev.cascade.ingest;

import dev.cascade.core.record.RecordedFrame;
import dev.cascade.feed.FrameQueue;
import dev.cascade.replay.RecordedFeedReader;
import dev.cascade.replay.RejectionTally;
import dev.cascade.replay.Replayer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Recorded-feed files as a source. Paced ({@code speed} > 0): each frame is queued when its recorded receive time
 * comes round, scaled by {@code speed} (10 = ten times faster), and recorded silences longer than {@code maxIdleMs}
 * of wall time are shortened to it (a 4-hour aggregate feed would otherwise sit idle for 24 minutes at 10x). Speed 0
 * queues as fast as the writer takes them (a bulk import; the bounded queue holds the reader back). Files play one
 * after another, each on its own timeline. As {@code history}, frames are stored but not broadcast or alerted on.
 * Lines longer than {@code maxLineBytes} and other bad lines are skipped and counted in the rejection tally.
 */
public final class ReplayFileSource implements SpineSource {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayFileSource.class);

    private final List<Path> files;
    private final double speed;
    private final long maxIdleNanos;
    private final boolean history;
    private final Replayer.Progress progress;
    private final LongSupplier nanoTime;
    private final int maxLineBytes;
    private final RejectionTally rejections;
    private volatile Thread thread;
    private volatile boolean stopped;
    private volatile String state = "not started";
    private volatile String detail = "";
    private volatile long frames;
    private volatile long compressedIdleMs;
    private volatile List<Replayer.FileResult> results = List.of();

    public ReplayFileSource(List<Path> files, double speed, long maxIdleMs, boolean history, Replayer.Progress progress) {
        this(files, speed, maxIdleMs, history, progress, RecordedFeedReader.DEFAULT_MAX_LINE_BYTES, new RejectionTally());
    }

    /** With a cap on one decompressed line, and the tally that counts bad lines (the caller may count more in it). */
    public ReplayFileSource(List<Path> files, double speed, long maxIdleMs, boolean history, Replayer.Progress progress,
                            int maxLineBytes, RejectionTally rejections) {
        this(files, speed, maxIdleMs, history, progress, maxLineBytes, rejections, System::nanoTime);
    }

    ReplayFileSource(List<Path> files, double speed, long maxIdleMs, boolean history, Replayer.Progress progress,
                     LongSupplier nanoTime) {
        this(files, speed, maxIdleMs, history, progress, RecordedFeedReader.DEFAULT_MAX_LINE_BYTES, new RejectionTally(),
                nanoTime);
    }

    private ReplayFileSource(List<Path> files, double speed, long maxIdleMs, boolean history, Replayer.Progress progress,
                             int maxLineBytes, RejectionTally rejections, LongSupplier nanoTime) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be >= 1, got " + maxLineBytes);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("nothing to replay");
        }
        if (speed < 0 || Double.isNaN(speed) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be >= 0 (0 = as fast as possible), got " + speed);
        }
        this.files = List.copyOf(files);
        this.speed = speed;
        this.maxIdleNanos = maxIdleMs * 1_000_000L;
        this.history = history;
        this.progress = progress;
        this.nanoTime = nanoTime;
        this.maxLineBytes = maxLineBytes;
        this.rejections = rejections;
    }

    /** A live-looking replay at {@code speed} (0 = max). */
    public static ReplayFileSource paced(List<Path> files, double speed, long maxIdleMs) {
        return new ReplayFileSource(files, speed, maxIdleMs, false, (d, t) -> { });
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
    public void start(FrameQueue queue) {
        Thread t = new Thread(() -> run(queue), history ? "history-load" : "replay-source");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run(FrameQueue queue) {
        state = "replaying";
        Pacer pacer = new Pacer();
        try {
            results = Replayer.read(files, maxLineBytes, rejections, new Replayer.Frames() {
                @Override
                public void file(Path file) {
                    detail = file.getFileName().toString();
                    pacer.restart();
                }

                @Override
                public void frame(RecordedFrame f) {
                    if (stopped) {
                        throw new Stop();
                    }
                    pacer.waitFor(f.receiveTs());
                    try {
                        queue.put(new FrameQueue.FrameItem(f, System.nanoTime(), history));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new Stop();
                    }
                    frames++;
                }
            }, progress);
        } catch (Stop s) {
            // closed while replaying
        }
        state = stopped ? "stopped" : "finished";
        LOG.info("{} {}: {} frames", history ? "history load" : "replay", state, frames);
    }

    /** Sleeps until a frame's scaled time; long recorded silences are shortened to maxIdle. */
    private final class Pacer {
        long firstTs = Long.MIN_VALUE;
        long startNanos;
        long shiftNanos;

        void restart() {
            firstTs = Long.MIN_VALUE;
            shiftNanos = 0;
        }

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
    public List<SourceStatus> status() {
        String what = (history ? "history load of " : "replay of ") + files.size() + " file(s) at "
                + (speed == 0 ? "max speed" : speed + "x");
        String d = what + (detail.isEmpty() ? "" : ", " + detail) + (compressedIdleMs > 0
                ? "; recorded silences shortened by " + compressedIdleMs / 1000 + " s" : "");
        return List.of(new SourceStatus("replay", "replay", state, frames, 0, null, false, -1, null, d));
    }

    public boolean finished() {
        return "finished".equals(state) || "stopped".equals(state);
    }

    /** Waits until every file has been read and queued (not yet written: flush the spine for that). */
    public void awaitFinished() throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join();
        }
    }

    /** Per-file outcome (lines, bad lines, truncation, open errors); complete once {@link #finished}. */
    public List<Replayer.FileResult> results() {
        return results;
    }

    /** Bad lines of the files so far, per feed and reason. */
    public RejectionTally rejections() {
        return rejections;
    }

    public long frames() {
        return frames;
    }

    @Override
    public void close() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
