package dev.cascade.store;

import dev.cascade.core.model.PositionSide;

import java.nio.file.Path;

/** Child process for {@link StoreKillTest}: appends events forever with a 200 ms auto-flush, printing what is durable. */
public final class KillTestMain {
    public static void main(String[] args) throws Exception {
        DuckDbStore s = DuckDbStore.open(Path.of(args[0])).startAutoFlush(200);
        long i = 0;
        long lastReported = -1;
        while (true) {
            s.accept(Events.liquidation(1_000_000 + i, 1 + (i % 1000), PositionSide.LONG));
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
