package dev.cascade.core.model;

import java.util.Locale;

/** Venues Cascade reads. COINGLASS is an aggregator: its rows are pre-summed buckets, never single orders. */
public enum Exchange {
    BINANCE, BYBIT, OKX, BITMEX, DERIBIT, GATE, BITGET, HYPERLIQUID, COINGLASS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Exchange parse(String s) {
        for (Exchange e : values()) {
            if (e.name().equalsIgnoreCase(s.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown exchange '" + s + "' (known: "
                + java.util.Arrays.stream(values()).map(Exchange::id).collect(java.util.stream.Collectors.joining(", ")) + ")");
    }
}
