package dev.cascade.core.time;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the time values every surface shares (CLI flags, API parameters): durations ("24h", "90m", "7d") and instants
 * (ISO, date, epoch ms). Errors are IllegalArgumentExceptions naming the flag or parameter; each surface maps them to
 * its own error (exit 2, HTTP 400).
 *
 * <p>Every value is bounded before it is used: instants lie in [{@link #MIN_INSTANT_MS}, {@link #MAX_INSTANT_MS}]
 * (1970 to the end of year 9999) and durations are at most {@link #MAX_DURATION_MS} (100 years), so the difference or
 * sum of any two parsed values fits a long many times over and a window computed from them cannot wrap around into a
 * short (or negative) one. A year of 100,000,000 is refused here, not discovered as an overflow in a query.
 */
public final class TimeText {
    /** 1970-01-01T00:00:00Z: market data has no earlier timestamps, and epoch ms stay non-negative. */
    public static final long MIN_INSTANT_MS = 0L;
    /** 9999-12-31T23:59:59.999Z: the last instant of a four-digit year. */
    public static final long MAX_INSTANT_MS = 253_402_300_799_999L;
    /** 100 years of 365 days: longer than any window a command or endpoint accepts. */
    public static final long MAX_DURATION_MS = 36_500L * 86_400_000L;

    /** At most 12 digits: any longer count of seconds already exceeds {@link #MAX_DURATION_MS}, and stays a long. */
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(s|m|h|d|w)");
    private static final Pattern EPOCH_MS = Pattern.compile("\\d{10,14}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern OFFSET = Pattern.compile(".*([zZ]|[+-]\\d{2}:\\d{2})$");
    private static final int MAX_TEXT = 64;

    private TimeText() {
    }

    /** A positive duration of at most 100 years: "30s", "90m", "4h", "7d", "2w". */
    public static Duration duration(String flag, String text) {
        return Duration.ofMillis(durationMs(flag, text));
    }

    /** {@link #duration} in milliseconds. */
    public static long durationMs(String flag, String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        if (t.length() > MAX_TEXT || !m.matches()) {
            throw new IllegalArgumentException(flag + ": '" + shown(text) + "' is not a duration; use e.g. 30m, 4h, 24h, 7d");
        }
        long n = Long.parseLong(m.group(1)); // at most 12 digits: cannot overflow
        if (n <= 0) {
            throw new IllegalArgumentException(flag + ": duration must be positive, got '" + shown(text) + "'");
        }
        long unitMs = switch (m.group(2)) {
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            default -> 7 * 86_400_000L;
        };
        if (n > MAX_DURATION_MS / unitMs) {
            throw new IllegalArgumentException(flag + ": duration '" + shown(text) + "' is longer than 100 years");
        }
        return n * unitMs;
    }

    /**
     * "2025-10-10T21:00:00Z", "2025-10-10T21:00" (UTC), "2025-10-10" (midnight UTC) or epoch milliseconds; between
     * 1970 and the end of 9999.
     */
    public static long instant(String flag, String text) {
        String t = text == null ? "" : text.trim();
        Instant parsed;
        try {
            if (t.length() > MAX_TEXT) {
                throw new DateTimeException("too long");
            }
            if (EPOCH_MS.matcher(t).matches()) {
                return inRange(flag, text, Long.parseLong(t)); // at most 14 digits: a long
            }
            if (DATE.matcher(t).matches()) {
                parsed = LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else if (OFFSET.matcher(t).matches()) {
                parsed = OffsetDateTime.parse(t.replace(' ', 'T')).toInstant();
            } else {
                parsed = LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(flag + ": '" + shown(text)
                    + "' is not a time; use 2025-10-10, 2025-10-10T21:15 (UTC), 2025-10-10T21:15:00Z or epoch ms");
        }
        // Compare as Instants first: toEpochMilli itself overflows for years beyond about +-292 million.
        if (parsed.isBefore(Instant.ofEpochMilli(MIN_INSTANT_MS)) || parsed.isAfter(Instant.ofEpochMilli(MAX_INSTANT_MS))) {
            throw outOfRange(flag, text);
        }
        return parsed.toEpochMilli();
    }

    /** {@code to - length}, refusing a start before 1970 instead of wrapping or going negative. */
    public static long startOf(String flag, long to, long lengthMs) {
        long from = Math.subtractExact(to, lengthMs); // both bounded: exact, but say so
        if (from < MIN_INSTANT_MS) {
            throw new IllegalArgumentException(flag + ": the window would start before 1970");
        }
        return from;
    }

    private static long inRange(String flag, String text, long ms) {
        if (ms < MIN_INSTANT_MS || ms > MAX_INSTANT_MS) {
            throw outOfRange(flag, text);
        }
        return ms;
    }

    private static IllegalArgumentException outOfRange(String flag, String text) {
        return new IllegalArgumentException(flag + ": '" + shown(text) + "' is outside 1970-01-01 .. 9999-12-31");
    }

    /** The value as echoed in a message: at most 64 characters, so a megabyte parameter is not sent back. */
    private static String shown(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }
}
