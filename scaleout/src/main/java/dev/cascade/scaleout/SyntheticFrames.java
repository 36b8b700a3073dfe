package dev.cascade.scaleout;

import dev.cascade.core.venue.binance.BinanceVenue;
import dev.cascade.core.record.RecordedFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic Binance USD-M frames for load tests and the bus benchmark: forceOrder frames (and an aggTrade every
 * fourth frame) over a spread of symbols, each frame normalizing to exactly one event with its own event id, so
 * "frames in" and "distinct events stored" can be compared exactly. Same seed, same frames.
 */
public final class SyntheticFrames {
    private static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT", "DOGEUSDT", "BNBUSDT", "ADAUSDT",
            "AVAXUSDT", "LINKUSDT", "SUIUSDT", "LTCUSDT", "TRXUSDT"};
    /** 2025-10-10 21:15 UTC, inside the crash. */
    public static final long START_TS = 1_760_130_900_000L;

    private SyntheticFrames() {
    }

    public static List<RecordedFrame> binance(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<RecordedFrame> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String symbol = SYMBOLS[i % SYMBOLS.length];
            long t = START_TS + i * 3L;
            String price = (1 + r.nextInt(99_999)) + "." + r.nextInt(10) + r.nextInt(10);
            String qty = r.nextInt(50) + "." + (1 + r.nextInt(999));
            String frame;
            if (i % 4 == 3) {
                frame = "{\"e\":\"aggTrade\",\"E\":" + (t + 1) + ",\"s\":\"" + symbol + "\",\"a\":" + (900_000_000L + i) + ",\"p\":\"" + price
                        + "\",\"q\":\"" + qty + "\",\"f\":1,\"l\":1,\"T\":" + t + ",\"m\":" + r.nextBoolean() + "}";
            } else {
                frame = "{\"e\":\"forceOrder\",\"E\":" + (t + 5) + ",\"o\":{\"s\":\"" + symbol + "\",\"S\":\""
                        + (r.nextBoolean() ? "SELL" : "BUY") + "\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"" + qty + "\",\"p\":\"" + price
                        + "\",\"ap\":\"" + price + "\",\"X\":\"FILLED\",\"l\":\"" + qty + "\",\"z\":\"" + qty + "\",\"T\":" + t + "}}";
            }
            out.add(new RecordedFrame(t + 20, BinanceVenue.USDM_FEED, frame));
        }
        return out;
    }
}
