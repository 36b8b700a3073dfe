package dev.cascade.core.time;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the time values every surface shares (CLI flags, API parameters): durations ("24h", "90m", "7d") and instants
 * (ISO, date, epoch ms). Errors are IllegalArgumentExceptions naming the flag or parameter; each surface maps them to
 * its own error (exit 2, HTTP 400).
 */
public final class TimeText {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d|w)");

    private TimeText() {
    }

    public static Duration duration(String flag, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase());
        if (!m.matches()) {
            throw new IllegalArgumentException(flag + ": '" + text + "' is not a duration; use e.g. 30m, 4h, 24h, 7d");
        }
        long n = Long.parseLong(m.group(1));
        if (n <= 0) {
            throw new IllegalArgumentException(flag + ": duration must be positive, got '" + text + "'");
        }
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /** "2025-10-10T21:00:00Z", "2025-10-10T21:00" (UTC), "2025-10-10" (midnight UTC) or epoch milliseconds. */
    public static long instant(String flag, String text) {
        String t = text.trim();
        try {
            if (t.matches("\\d{10,14}")) {
                return Long.parseLong(t);
            }
            if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (t.endsWith("Z") || t.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return java.time.OffsetDateTime.parse(t).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(flag + ": '" + text
                    + "' is not a time; use 2025-10-10, 2025-10-10T21:15 (UTC), 2025-10-10T21:15:00Z or epoch ms");
        }
    }
}
