package dev.cascade.core.normalize;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.LongShortRatio;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.Trade;

/**
 * The last check before an event is stored, the same for every venue and every parsing path (fast template, field
 * walk, general parser): frames are untrusted, so a value no venue could have sent is a rejection with its reason,
 * never a stored row. Prices and sizes must be positive and below absurd bounds, exchange times between 2009 and a
 * day after the frame was received, symbols plain printable ASCII (a symbol made of invalid UTF-8 is not a new
 * instrument).
 */
public final class EventGuard {
    /** 2009-01-01T00:00:00Z: no derivatives venue Cascade reads published anything before. */
    public static final long MIN_TIME = 1_230_768_000_000L;
    /** An exchange time more than a day after the frame's receive time is not a clock skew. */
    public static final long MAX_AHEAD_MS = 86_400_000L;
    /** $1,000,000,000 per coin, e8. */
    static final long MAX_PRICE = 1_000_000_000L * 100_000_000L;
    /** $10 billion, e6: more than any single liquidation or trade. */
    static final long MAX_ORDER_USD = 10_000_000_000L * 1_000_000L;
    /** $1 trillion, e6: more than any instrument's open interest or any aggregate bucket. */
    static final long MAX_TOTAL_USD = 1_000_000_000_000L * 1_000_000L;
    /** A funding rate of 100% per interval, e12. */
    static final long MAX_RATE = 1_000_000_000_000L;
    /** 1, e8: a share of accounts is a fraction. */
    static final long ONE_E8 = 100_000_000L;
    /** 10,000 longs per short, e8: far beyond any venue's published ratio (they sit between 0.2 and 5). */
    static final long MAX_ACCOUNT_RATIO = 10_000L * ONE_E8;
    /** Long/short periods venues publish: 1 minute to 1 day. */
    static final long MIN_PERIOD_MS = 60_000L;
    static final long MAX_PERIOD_MS = 86_400_000L;

    private EventGuard() {
    }

    /**
     * Why {@code e} must not be stored, or null if it may. One small method per event type, so that the hot paths'
     * check (a liquidation) compiles inline into the caller.
     */
    public static String check(MarketEvent e, long receiveTs) {
        if (e instanceof Liquidation l) {
            return liquidation(l, receiveTs);
        } else if (e instanceof Trade t) {
            return trade(t, receiveTs);
        } else if (e instanceof OpenInterest o) {
            return openInterest(o, receiveTs);
        } else if (e instanceof FundingRate f) {
            return funding(f, receiveTs);
        } else if (e instanceof MarkPrice m) {
            return markPrice(m, receiveTs);
        } else if (e instanceof LongShortRatio l) {
            return longShort(l, receiveTs);
        }
        return null; // FeedGap: made by Cascade itself
    }

    private static String liquidation(Liquidation l, long receiveTs) {
        String r = common(l.nativeSymbol(), l.exchangeTs(), receiveTs);
        if (r != null) {
            return r;
        }
        if (l.completeness() == Completeness.AGGREGATE) {
            return within(l.notionalUsd(), 0, MAX_TOTAL_USD, "aggregate liquidation USD");
        }
        r = positive(l.price(), MAX_PRICE, "liquidation price");
        r = r != null ? r : positive(l.quantity(), Long.MAX_VALUE, "liquidation quantity");
        r = r != null ? r : positive(l.nativeQuantity(), Long.MAX_VALUE, "liquidation size");
        return r != null ? r : positive(l.notionalUsd(), MAX_ORDER_USD, "liquidation USD");
    }

    private static String trade(Trade t, long receiveTs) {
        String r = common(t.nativeSymbol(), t.exchangeTs(), receiveTs);
        r = r != null ? r : positive(t.price(), MAX_PRICE, "trade price");
        r = r != null ? r : positive(t.quantity(), Long.MAX_VALUE, "trade quantity");
        return r != null ? r : positive(t.notionalUsd(), MAX_ORDER_USD, "trade USD");
    }

    private static String openInterest(OpenInterest o, long receiveTs) {
        String r = common(o.nativeSymbol(), o.exchangeTs(), receiveTs);
        r = r != null ? r : within(o.oiBase(), 0, Long.MAX_VALUE, "open interest");
        return r != null ? r : within(o.oiUsd(), 0, MAX_TOTAL_USD, "open interest USD");
    }

    private static String funding(FundingRate f, long receiveTs) {
        String r = common(f.nativeSymbol(), f.exchangeTs(), receiveTs);
        r = r != null ? r : within(f.rate(), -MAX_RATE, MAX_RATE, "funding rate");
        r = r != null ? r : within(f.intervalHours(), 1, 24, "funding interval hours");
        r = r != null ? r : within(f.markPrice(), 0, MAX_PRICE, "funding mark price");
        return r != null || f.fundingTime() == -1 ? r : time(f.fundingTime(), receiveTs, "funding time");
    }

    private static String markPrice(MarkPrice m, long receiveTs) {
        String r = common(m.nativeSymbol(), m.exchangeTs(), receiveTs);
        r = r != null ? r : positive(m.markPrice(), MAX_PRICE, "mark price");
        return r != null ? r : within(m.indexPrice(), 0, MAX_PRICE, "index price");
    }

    private static String longShort(LongShortRatio l, long receiveTs) {
        String r = l.exchangeTs() == -1 ? "long/short ratio without a time" : common(l.nativeSymbol(), l.exchangeTs(), receiveTs);
        r = r != null ? r : within(l.periodMs(), MIN_PERIOD_MS, MAX_PERIOD_MS, "long/short period");
        r = r != null ? r : within(l.longShare(), 0, ONE_E8, "long account share");
        r = r != null ? r : within(l.shortShare(), 0, ONE_E8, "short account share");
        return r != null ? r : positive(l.ratio(), MAX_ACCOUNT_RATIO, "long/short ratio");
    }

    private static String common(String symbol, long exchangeTs, long receiveTs) {
        if (!plainSymbol(symbol)) {
            return "symbol is not plain ASCII";
        }
        return exchangeTs == -1 ? null : time(exchangeTs, receiveTs, "exchange time");
    }

    private static String time(long t, long receiveTs, String what) {
        if (t < MIN_TIME) {
            return what + " before 2009";
        }
        if (t - MAX_AHEAD_MS > receiveTs) {
            return what + " more than a day after receive time";
        }
        return null;
    }

    private static String positive(long v, long max, String what) {
        if (v <= 0) {
            return what + " not positive";
        }
        return v > max ? what + " absurdly large" : null;
    }

    private static String within(long v, long min, long max, String what) {
        if (v < min) {
            return what + (min == 0 ? " negative" : " absurdly small");
        }
        return v > max ? what + " absurdly large" : null;
    }

    /** The chars a symbol may hold: A-Z a-z 0-9 and . _ - : / @ (every venue's symbols). */
    private static final boolean[] SYMBOL_CHAR = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            SYMBOL_CHAR[c] = true;
            SYMBOL_CHAR[Character.toLowerCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            SYMBOL_CHAR[c] = true;
        }
        for (char c : "._-:/@".toCharArray()) {
            SYMBOL_CHAR[c] = true;
        }
    }

    /**
     * Symbols found plain lately, one per slot by hash. The char-by-char check was most of the guard's time on the hot
     * paths (about 9 of 13 ns an event), and those hand out the same String for a symbol frame after frame
     * ({@link SymbolCache}), so it runs once per symbol instead of once per event; a String equal to a remembered one
     * (the general parser makes a new one per frame) is as plain as it. Shared by every thread without a lock: a slot
     * only ever holds a String that passed the full check (Strings are immutable and safely published), so a stale or
     * overwritten slot costs a miss, never a wrong answer.
     */
    private static final String[] PLAIN = new String[256];

    /** 1 to 64 of A-Z a-z 0-9 and . _ - : / @ (every venue's symbols; nothing decoded from invalid bytes). */
    static boolean plainSymbol(String s) {
        int n = s.length();
        if (n == 0 || n > 64) {
            return false;
        }
        int slot = s.hashCode() & (PLAIN.length - 1);
        String seen = PLAIN[slot];
        if (seen == s || seen != null && seen.equals(s)) {
            return true;
        }
        if (!plainChars(s, n)) {
            return false;
        }
        PLAIN[slot] = s;
        return true;
    }

    private static boolean plainChars(String s, int n) {
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 128 || !SYMBOL_CHAR[c]) {
                return false;
            }
        }
        return true;
    }
}
