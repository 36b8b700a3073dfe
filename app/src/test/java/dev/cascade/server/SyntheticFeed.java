package dev.cascade.server;

import dev.cascade.core.record.RecordedFrame;
import dev.cascade.replay.RecordedFeedWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * SYNTHETIC liquidation frames for tests: seeded, in the real wire formats (Binance forceOrder, Bybit allLiquidation),
 * written as a recorded-feed file whose name says "synthetic". Prices follow a random walk with a downward drift and
 * mostly long liquidations, like a sell-off; none of it is market data.
 */
final class SyntheticFeed {
    private SyntheticFeed() {
    }

    /**
     * @param count      frames
     * @param startTs    receive/exchange time of the first frame (epoch ms)
     * @param spacingUs  recorded spacing between frames in microseconds (1000 = 1 ms)
     * @param bybitShare fraction of frames from Bybit (the rest Binance)
     */
    static Path write(Path dir, long seed, int count, long startTs, long spacingUs, double bybitShare) throws IOException {
        Path file = dir.resolve("synthetic-liquidations-seed" + seed + ".jsonl.gz");
        SplittableRandom r = new SplittableRandom(seed);
        System.out.println("SyntheticFeed: seed " + seed + ", " + count + " frames -> " + file);
        double price = 100_000;
        try (RecordedFeedWriter w = new RecordedFeedWriter(file)) {
            for (int i = 0; i < count; i++) {
                long t = startTs + (i * spacingUs) / 1000;
                price *= 1 + (r.nextDouble() - 0.52) * 0.001;
                double qty = 0.001 + Math.round(-Math.log(1 - r.nextDouble()) * 300) / 1000.0;
                boolean longLiquidated = r.nextDouble() < 0.75;
                String q = String.format(Locale.ROOT, "%.3f", qty);
                if (r.nextDouble() < bybitShare) {
                    String p = String.format(Locale.ROOT, "%.1f", price);
                    // Bybit S is the POSITION side: Buy = a long was liquidated. Unique T per frame keeps event ids distinct.
                    w.write(new RecordedFrame(t, "bybit-linear", "{\"topic\":\"allLiquidation.BTCUSDT\",\"type\":\"snapshot\",\"ts\":" + t
                            + ",\"data\":[{\"T\":" + t + ",\"s\":\"BTCUSDT\",\"S\":\"" + (longLiquidated ? "Buy" : "Sell") + "\",\"v\":\"" + q
                            + "\",\"p\":\"" + p + "\"}]}"));
                } else {
                    String p = String.format(Locale.ROOT, "%.2f", price);
                    // Binance S is the ORDER side: SELL closes a long. Spacing >= 1 ms keeps T (and the event id) distinct.
                    w.write(new RecordedFrame(t, "binance-usdm", "{\"e\":\"forceOrder\",\"E\":" + t + ",\"o\":{\"s\":\"BTCUSDT\",\"S\":\""
                            + (longLiquidated ? "SELL" : "BUY") + "\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"" + q + "\",\"p\":\"" + p
                            + "\",\"ap\":\"" + p + "\",\"X\":\"FILLED\",\"l\":\"" + q + "\",\"z\":\"" + q + "\",\"T\":" + t + "}}"));
                }
            }
        }
        return file;
    }
}
