package dev.cascade.ingest;

import dev.cascade.feed.FrameQueue;

import java.util.List;

/** Something that produces raw frames (and feed-made events such as gaps) into the spine's one bounded queue. */
public interface SpineSource extends AutoCloseable {
    /** Starts delivering into {@code queue} from the source's own thread(s); returns at once. */
    void start(FrameQueue queue);

    /** One line per feed this source runs, for the CLI's status lines and the dashboard's feed panel. */
    List<SourceStatus> status();

    /** Stops delivering; frames already queued are still written. */
    @Override
    void close();
}
