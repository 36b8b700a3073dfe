package dev.cascade.bench.spine;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded liquidation frames as Binance, Bybit and OKX write them (field order, quoting and nesting of the live feeds),
 * shared by the normalizer and store benchmarks so every one of them reads the same input.
 */
final class LiquidationFrames {
    /** Exchange times start here; each frame is 37 ms after the one before. */
    static final long T0 = 1_760_130_900_000L;
    static final String[] THREE_COINS = {"BTC", "ETH", "SOL"};

    private LiquidationFrames() {
    }

    /** {@code count} frames of {@code source} ("binance-usdm", "bybit-linear" or "okx"), about 80% long liquidations. */
    static String[] generate(String source, int count, String[] coins) {
        SplittableRandom r = new SplittableRandom(42);
        String[] frames = new String[count];
        for (int i = 0; i < count; i++) {
            String coin = coins[r.nextInt(coins.length)];
            long t = T0 + i * 37L;
            String q = String.format(Locale.ROOT, "%.3f", 0.001 + r.nextDouble() * 5);
            String p = String.format(Locale.ROOT, "%.2f", 100 + r.nextDouble() * 20000);
            boolean longLiquidated = r.nextInt(10) < 8;
            frames[i] = switch (source) {
                // Order side: SELL closes a long.
                case "binance-usdm" -> "{\"e\":\"forceOrder\",\"E\":" + (t + 2) + ",\"o\":{\"s\":\"" + coin + "USDT\",\"S\":\""
                        + (longLiquidated ? "SELL" : "BUY") + "\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"" + q + "\",\"p\":\"" + p
                        + "\",\"ap\":\"" + p + "\",\"X\":\"FILLED\",\"l\":\"" + q + "\",\"z\":\"" + q + "\",\"T\":" + t + "}}";
                // Position side: Buy is a long liquidated.
                case "bybit-linear" -> "{\"topic\":\"allLiquidation." + coin + "USDT\",\"type\":\"snapshot\",\"ts\":" + (t + 5)
                        + ",\"data\":[{\"T\":" + t + ",\"s\":\"" + coin + "USDT\",\"S\":\"" + (longLiquidated ? "Buy" : "Sell") + "\",\"v\":\""
                        + q + "\",\"p\":\"" + p + "\"}]}";
                // Order side, sizes in contracts.
                case "okx" -> "{\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"},\"data\":[{\"details\":[{\"bkLoss\":\"0\","
                        + "\"bkPx\":\"" + p + "\",\"ccy\":\"\",\"posSide\":\"net\",\"side\":\"" + (longLiquidated ? "sell" : "buy") + "\",\"sz\":\""
                        + (1 + r.nextInt(500)) + "\",\"ts\":\"" + t + "\"}],\"instFamily\":\"" + coin + "-USDT\",\"instId\":\"" + coin
                        + "-USDT-SWAP\",\"instType\":\"SWAP\",\"uly\":\"" + coin + "-USDT\"}]}";
                default -> throw new IllegalArgumentException("no liquidation frames for " + source);
            };
        }
        return frames;
    }
}
