package dev.cascade.core.normalize;

import dev.cascade.core.model.MarketType;

import java.util.List;

/** The feed ids Cascade knows, and a fresh normalizer for each (normalizers keep per-feed state). */
public final class Normalizers {
    public static final List<String> SOURCES = List.of("binance-usdm", "binance-coinm", "bybit-linear", "bybit-inverse",
            "okx", "bitmex", "deribit", "gate-usdt", "bitget-usdt", "hyperliquid", "coinglass", SyntheticNormalizer.SOURCE);

    private Normalizers() {
    }

    public static Normalizer create(String source, Instruments instruments) {
        return switch (source) {
            case "binance-usdm" -> new BinanceNormalizer(false, instruments);
            case "binance-coinm" -> new BinanceNormalizer(true, instruments);
            case "bybit-linear" -> new BybitNormalizer(MarketType.LINEAR, instruments);
            case "bybit-inverse" -> new BybitNormalizer(MarketType.INVERSE, instruments);
            case "okx" -> new OkxNormalizer(instruments);
            case "bitmex" -> new BitmexNormalizer(instruments);
            case "deribit" -> new DeribitNormalizer(instruments);
            case "gate-usdt" -> new GateNormalizer(instruments);
            case "bitget-usdt" -> new BitgetNormalizer();
            case "hyperliquid" -> new HyperliquidNormalizer();
            case "coinglass" -> new CoinglassNormalizer();
            case SyntheticNormalizer.SOURCE -> new SyntheticNormalizer();
            default -> throw new IllegalArgumentException("unknown source '" + source + "' (known: " + String.join(", ", SOURCES) + ")");
        };
    }
}
