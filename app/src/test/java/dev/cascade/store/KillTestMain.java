package dev.cascade.store;

import dev.cascade.core.model.PositionSide;

import java.nio.file.Path;

/** Child process for {@link StoreKillTest}: writes events forever through a StoreWriter (200 ms flush), printing what is durable. */
public final class KillTestMain {
    public static void main(String[] args) throws Exception {
        DuckDbStore s = DuckDbStore.open(Path.of(args[0]));
        StoreWriter w = new StoreWriter(s, 10_000, 200);
        long i = 0;
        long lastReported = -1;
        while (true) {
            w.accept(Events.liquidation(1_000_000 + i, 1 + (i % 1000), PositionSide.LONG));
            i++;
            if (i % 1000 == 0) {
                long stored = w.stored();
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
