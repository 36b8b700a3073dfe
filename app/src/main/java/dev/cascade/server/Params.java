package dev.cascade.server;

import dev.cascade.core.model.Exchange;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.time.TimeText;
import dev.cascade.core.port.QueryStore;

import java.util.Locale;
import java.util.function.Function;

/**
 * Validates query parameters into typed values; every failure is a {@link BadRequest} naming the parameter. Nothing a
 * client sends reaches SQL text: values become longs, enums or whitelisted strings bound as parameters.
 */
public final class Params {
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;
    /** Longest window any query accepts: keeps one request from scanning years of events. */
    static final long MAX_WINDOW_MS = 400 * DAY;

    private final Function<String, String> query;

    public Params(Function<String, String> query) {
        this.query = query;
    }

    /** A [from, to) window in epoch ms. */
    public record Window(long from, long to) {
        public long length() {
            return to - from;
        }
    }

    String raw(String name) {
        String v = query.apply(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * {@code window=4h} (ending at {@code to}, default {@code now}), or {@code from} [+ {@code to}]. With neither, the
     * window is {@code defaultLengthMs} ending at {@code now}.
     */
    public Window window(long now, long defaultLengthMs) {
        String w = raw("window");
        String f = raw("from");
        String t = raw("to");
        long to = t == null ? now : instant("to", t);
        long from;
        if (w != null) {
            if (f != null) {
                throw new BadRequest("give either window or from, not both");
            }
            from = startOf("window", to, durationMs("window", w));
        } else if (f != null) {
            from = instant("from", f);
        } else {
            from = startOf("window", to, defaultLengthMs);
        }
        if (to <= from) {
            throw new BadRequest("'to' must be after 'from'");
        }
        if (to - from > MAX_WINDOW_MS) {
            throw new BadRequest("window too long: at most 400 days");
        }
        return new Window(from, to);
    }

    public static long durationMs(String name, String text) {
        try {
            return TimeText.durationMs(name, text);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    public static long instant(String name, String text) {
        try {
            return TimeText.instant(name, text);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private static long startOf(String name, long to, long lengthMs) {
        try {
            return TimeText.startOf(name, to, lengthMs);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    /** A duration parameter with a default, within [min, max]. */
    public long duration(String name, long defaultMs, long minMs, long maxMs) {
        String v = raw(name);
        long ms = v == null ? defaultMs : durationMs(name, v);
        if (ms < minMs || ms > maxMs) {
            throw new BadRequest(name + " must be between " + minMs / 1000 + "s and " + maxMs / 1000 + "s, got '" + v + "'");
        }
        return ms;
    }

    public int integer(String name, int defaultValue, int min, int max) {
        String v = raw(name);
        if (v == null) {
            return defaultValue;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be an integer, got '" + v + "'");
        }
        if (n < min || n > max) {
            throw new BadRequest(name + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    /** A decimal parameter as fixed point of {@code scale} decimals, within [min, max] (same scale). */
    public long decimal(String name, long defaultValue, int scale, long min, long max) {
        String v = raw(name);
        if (v == null) {
            return defaultValue;
        }
        long x;
        try {
            x = Fixed.parse(v, scale);
        } catch (RuntimeException e) {
            throw new BadRequest(name + " must be a decimal number, got '" + v + "'");
        }
        if (x < min || x > max) {
            throw new BadRequest(name + " must be between " + Fixed.format(min, scale) + " and " + Fixed.format(max, scale)
                    + ", got " + v);
        }
        return x;
    }

    /** Exchange filter as stored (upper-case enum name), or null. */
    public String exchange() {
        String v = raw("exchange");
        if (v == null) {
            return null;
        }
        try {
            return Exchange.parse(v).name();
        } catch (IllegalArgumentException e) {
            throw new BadRequest("exchange: " + e.getMessage());
        }
    }

    /** Base coin filter ("BTC"), or null: letters and digits only, at most 20. */
    public String coin() {
        String v = raw("coin");
        if (v == null) {
            return null;
        }
        if (!v.matches("[A-Za-z0-9]{1,20}")) {
            throw new BadRequest("coin must be 1-20 letters or digits (e.g. BTC), got '" + v + "'");
        }
        return v.toUpperCase(Locale.ROOT);
    }

    /** LONG / SHORT, or null. */
    public String side() {
        String v = raw("side");
        if (v == null) {
            return null;
        }
        String s = v.toUpperCase(Locale.ROOT);
        if (!s.equals("LONG") && !s.equals("SHORT")) {
            throw new BadRequest("side must be LONG or SHORT, got '" + v + "'");
        }
        return s;
    }

    public QueryStore.LiquidationFilter liquidationFilter() {
        return new QueryStore.LiquidationFilter(exchange(), coin(), side());
    }

    /** Bounds the rows a bucketed query returns. */
    static void atMostBuckets(Window w, long bucketMs) {
        if (w.length() / bucketMs > 20_000) {
            throw new BadRequest("too many buckets: at most 20000 per request; use a larger bucket");
        }
    }

    /** Rejects parameters the endpoint does not know, so a typo ("exchagne=") is not silently ignored. */
    /**
     * The raw query string is well formed: every name and value is valid percent-encoding of UTF-8 and no parameter
     * is given twice. The HTTP layer drops an undecodable value ({@code coin=%ZZ} read as no coin filter: an answer
     * over every coin) and keeps only the first of repeated values ({@code window=1h&window=400d}); either way the
     * answer would not be to the question asked.
     */
    public static void wellFormed(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (name == null) {
                throw new BadRequest("a parameter name is not valid percent-encoded UTF-8: '" + clip(pair) + "'");
            }
            if (eq >= 0 && decode(pair.substring(eq + 1)) == null) {
                throw new BadRequest(name + " is not valid percent-encoded UTF-8: '" + clip(pair.substring(eq + 1)) + "'");
            }
            if (!seen.add(name)) {
                throw new BadRequest(name + " is given more than once: give each parameter once");
            }
        }
    }

    /** Percent-decodes one query component ('+' is a space); null if an escape or the UTF-8 it spells is malformed. */
    private static String decode(String s) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
                if (lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c == '+' ? ' ' : c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString(); // REPORT on malformed input
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    public static void onlyKnown(java.util.Set<String> given, java.util.Set<String> known) {
        for (String g : given) {
            if (!known.contains(g)) {
                throw new BadRequest("unknown parameter '" + g + "' (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }
}
