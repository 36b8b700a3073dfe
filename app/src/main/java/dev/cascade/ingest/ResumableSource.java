package dev.cascade.ingest;

import dev.cascade.core.port.EventSource;
import dev.cascade.core.record.RecordedFrame;
import dev.cascade.feed.FrameQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A resumable {@link EventSource} (the Kafka bus) as a spine source. Its own thread polls frames into the spine's
 * queue and, after each batch, a {@link FrameQueue.DurableMark} with the position the batch ends at. The spine's
 * flush (its one {@link FlushPolicy}) completes the mark once every sink has made those frames durable, and only then
 * does this thread commit that position. Nothing is committed that is not stored; frames stored but not committed when
 * the process dies are re-delivered to the next consumer and dropped by the store's event-id dedupe.
 *
 * <p>Every {@code checkpointFrames} frames the mark asks the spine to flush at once, and this thread waits for it
 * before polling on, so no more than that (plus one poll) is ever uncommitted. Before the source gives work away (a
 * Kafka rebalance) and when it stops, it waits the same way and commits, so the next owner resumes exactly where it
 * stopped. If ingestion stops on a sink failure, the marks fail and nothing more is committed.
 *
 * @param <P> the source's position type
 */
public final class ResumableSource<P> implements SpineSource {
    private static final Logger LOG = LoggerFactory.getLogger(ResumableSource.class);

    /** Checkpoint (flush, wait, commit) every {@code checkpointFrames} frames; poll at most {@code pollMs} at a time. */
    public record Options(int checkpointFrames, long pollMs) {
        public static final Options DEFAULT = new Options(50_000, 200);

        public Options {
            if (checkpointFrames <= 0 || pollMs <= 0) {
                throw new IllegalArgumentException("checkpoint frames and poll ms must be positive");
            }
        }
    }

    /** When to stop: asked after every poll, with the frames polled so far and how long the caught-up source was idle. */
    @FunctionalInterface
    public interface StopWhen {
        boolean stop(long framesSoFar, long idleMs);

        static StopWhen idleFor(long ms) {
            return (frames, idle) -> idle >= ms;
        }

        static StopWhen afterFrames(long n) {
            return (frames, idle) -> frames >= n;
        }

        static StopWhen never() {
            return (frames, idle) -> false;
        }
    }

    /** Told of each commit after its frames are durable and before the commit (tests die in that window). */
    @FunctionalInterface
    public interface CommitListener {
        void durableNotCommitted(long framesSoFar);
    }

    private record Mark<P>(P position, long frames) {
    }

    private final String name;
    private final EventSource<P> source;
    private final Options options;
    private final StopWhen stopWhen;
    private final AtomicReference<Mark<P>> durable = new AtomicReference<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile CommitListener listener = framesSoFar -> { };
    private volatile boolean stopRequested;
    private volatile Throwable failure;
    private volatile String state = "not started";
    private volatile long frames;
    private volatile long commits;
    private volatile long lastFrameAt = -1;
    private volatile Thread thread;
    private FrameQueue queue;
    private Mark<P> committed; // the source thread's
    private long sinceCheckpoint;

    /** {@code name} labels the source in status lines (e.g. the topic). */
    public ResumableSource(String name, EventSource<P> source, Options options, StopWhen stopWhen) {
        this.name = name;
        this.source = source;
        this.options = options;
        this.stopWhen = stopWhen;
    }

    public ResumableSource<P> onCommit(CommitListener l) {
        this.listener = l;
        return this;
    }

    @Override
    public void start(FrameQueue into) {
        this.queue = into;
        Thread t = new Thread(this::run, "resumable-source");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run() {
        state = "consuming";
        source.beforeReassign(this::checkpoint);
        try {
            long lastData = System.nanoTime();
            while (!stopRequested) {
                commitDurable();
                List<RecordedFrame> batch = source.poll(options.pollMs());
                long now = System.nanoTime();
                if (!batch.isEmpty() || !source.caughtUp()) { // idle time counts only once everything there was is read
                    lastData = now;
                }
                if (!batch.isEmpty()) {
                    List<FrameQueue.FrameItem> items = new ArrayList<>(batch.size());
                    for (RecordedFrame f : batch) {
                        items.add(new FrameQueue.FrameItem(f, now));
                    }
                    queue.putAll(items);
                    frames += batch.size();
                    lastFrameAt = System.currentTimeMillis();
                    sinceCheckpoint += batch.size();
                    if (sinceCheckpoint >= options.checkpointFrames()) {
                        if (!checkpoint()) {
                            break;
                        }
                    } else {
                        mark(false);
                    }
                }
                if (stopWhen.stop(frames, (now - lastData) / 1_000_000)) {
                    break;
                }
            }
            // Stopping (asked to, or done): everything polled stored, then committed, unless ingestion has stopped.
            checkpoint();
            state = "finished";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = "interrupted";
        } catch (RuntimeException | Error e) {
            failure = e;
            state = "failed: " + e.getMessage();
            LOG.error("{}: consumer stopped without committing further: {}", name, e.toString());
        } finally {
            // Once the loop has ended (or died) a later close() must not checkpoint: a crash leaves offsets as they were.
            source.beforeReassign(() -> { });
            finished.countDown();
        }
    }

    /** Queues a mark with the position so far; the returned future completes once it is durable and recorded as such. */
    private CompletableFuture<Void> mark(boolean flushNow) throws InterruptedException {
        Mark<P> m = new Mark<>(source.position(), frames);
        CompletableFuture<Void> durableNow = new CompletableFuture<>();
        // The dependent completes after `durable` is set, so a thread waiting on it sees the mark recorded.
        CompletableFuture<Void> recorded = durableNow.thenRun(() -> durable.set(m));
        queue.put(new FrameQueue.DurableMark(durableNow, flushNow));
        return recorded;
    }

    /** Flush now, wait until durable, commit; false if the frames can no longer become durable (ingestion stopped). */
    private boolean checkpoint() {
        try {
            mark(true).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
        sinceCheckpoint = 0;
        commitDurable();
        return true;
    }

    /** Commits the latest durable position if frames were polled since the last commit (marks become durable in order). */
    private void commitDurable() {
        Mark<P> m = durable.get();
        if (m != null && m.frames() > (committed == null ? 0 : committed.frames())) {
            listener.durableNotCommitted(m.frames());
            source.commit(m.position());
            committed = m;
            commits++;
        }
    }

    /** Waits until the source has stopped (its stop rule, {@link #close}, or a failure) and made its last commit. */
    public void awaitFinished() throws InterruptedException {
        finished.await();
    }

    /** What stopped the source abnormally (a commit failure, a test's simulated crash), or null. */
    public Throwable failure() {
        return failure;
    }

    /** Frames polled and queued so far. */
    public long frames() {
        return frames;
    }

    /** Positions committed so far. */
    public long commits() {
        return commits;
    }

    public long undecodable() {
        return source.undecodable();
    }

    @Override
    public List<SourceStatus> status() {
        return List.of(new SourceStatus(name, "bus", state, frames, 0, null, false, lastFrameAt,
                failure == null ? null : failure.toString(), commits + " commits, " + source.undecodable() + " undecodable"));
    }

    /**
     * Stops polling and waits for the source's last checkpoint (when ingestion has stopped, that checkpoint fails at
     * once and commits nothing). The source itself (the Kafka consumer) is closed by its owner.
     */
    @Override
    public void close() {
        stopRequested = true;
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
