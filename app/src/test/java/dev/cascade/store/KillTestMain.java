package dev.cascade.store;

import dev.cascade.core.model.PositionSide;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.feed.FrameQueue;
import dev.cascade.ingest.Spine;
import dev.cascade.ingest.StoreSink;

import java.nio.file.Path;
import java.util.List;

/** Child process for {@link StoreKillTest}: writes events forever through the ingest spine (200 ms flush), printing what is durable. */
public final class KillTestMain {
    public static void main(String[] args) throws Exception {
        DuckDbStore s = DuckDbStore.open(Path.of(args[0]));
        Spine spine = new Spine(Instruments.withDefaults(), List.of(new StoreSink(s)), new FrameQueue(10_000, 1 << 20), 200).start();
        long i = 0;
        long lastReported = -1;
        while (true) {
            spine.publish(Events.liquidation(1_000_000 + i, 1 + (i % 1000), PositionSide.LONG));
            i++;
            if (i % 1000 == 0) {
                long stored = s.stats().stored();
                if (stored != lastReported) {
                    System.out.println("stored " + stored + " appended " + i);
                    System.out.flush();
                    lastReported = stored;
                }
                Thread.sleep(1);
            }
        }
    }
}
