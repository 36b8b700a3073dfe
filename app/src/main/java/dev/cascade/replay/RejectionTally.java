package dev.cascade.replay;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rejected lines and frames of a replay, counted per feed and per reason. The reason's kind (its text before the
 * first ": ", where the detail begins) is the key, so a hostile file cannot grow the table: at most
 * {@value #MAX_REASONS} kinds are kept per feed, the rest are counted under "other reasons".
 */
public final class RejectionTally {
    /** The feed of a line that names none that can be read (not JSON, invalid UTF-8 before the feed id...). */
    public static final String UNKNOWN_FEED = "(unknown feed)";
    static final int MAX_REASONS = 32;
    private static final String OTHER = "other reasons";

    private final Map<String, Map<String, Long>> byFeed = new TreeMap<>();
    private long total;

    public synchronized void count(String feed, String reason) {
        Map<String, Long> reasons = byFeed.computeIfAbsent(feed == null ? UNKNOWN_FEED : feed, f -> new LinkedHashMap<>());
        String kind = kind(reason);
        if (!reasons.containsKey(kind) && reasons.size() >= MAX_REASONS) {
            kind = OTHER;
        }
        reasons.merge(kind, 1L, Long::sum);
        total++;
    }

    static String kind(String reason) {
        if (reason == null || reason.isEmpty()) {
            return "unspecified";
        }
        int colon = reason.indexOf(": ");
        String k = colon > 0 ? reason.substring(0, colon) : reason;
        return k.length() > 100 ? k.substring(0, 100) + "..." : k;
    }

    public synchronized long total() {
        return total;
    }

    /** Feed -> reason kind -> count (a copy). */
    public synchronized Map<String, Map<String, Long>> byFeed() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        byFeed.forEach((f, r) -> out.put(f, Collections.unmodifiableMap(new LinkedHashMap<>(r))));
        return Collections.unmodifiableMap(out);
    }
}
