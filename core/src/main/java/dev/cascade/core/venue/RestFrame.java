package dev.cascade.core.venue;

import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.MalformedFrameException;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A polled REST answer together with the request that produced it: {@code {"rest":"<path>?<query>","body":"<body>"}},
 * the body as a JSON string (it is untrusted and may not be JSON at all). Used where a venue's body does not say what
 * it answers (OKX's long/short rows are bare {@code [ts, ratio]} pairs; no venue echoes the period), so the recorded
 * frame replays to the same events. The one place that writes and reads this shape.
 *
 * @param request path and query as sent
 * @param body    the response body as received
 */
public record RestFrame(String request, String body) {
    /** Frames that start so are wrapped REST answers (what a normalizer checks before parsing). */
    public static final String PREFIX = "{\"rest\":";
    private static final Pattern PERIOD = Pattern.compile("(\\d{1,4})(m|min|h|H|d|D)(utc)?");

    /** The frame text of a request and its body. */
    public static String wrap(String request, String body) {
        return PREFIX + quote(request) + ",\"body\":" + quote(body) + "}";
    }

    /** The request and body of a wrapped frame's root object; anything else is a MalformedFrameException. */
    public static RestFrame of(Map<String, Object> root) throws MalformedFrameException {
        return new RestFrame(Json.str(root, "rest"), Json.str(root, "body"));
    }

    /** The parsed body. */
    public Object parsedBody() throws MalformedFrameException {
        return Json.parse(body);
    }

    /** One query parameter of the request ({@code instId}, {@code period}), or a MalformedFrameException naming it. */
    public String param(String name) throws MalformedFrameException {
        int q = request.indexOf('?');
        if (q >= 0) {
            for (String pair : request.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    return pair.substring(eq + 1);
                }
            }
        }
        throw new MalformedFrameException("REST request " + request + " has no " + name);
    }

    /**
     * A venue's period name in ms: "5m", "5min", "1h", "1H", "4H", "1d", "1D", "6Hutc" (OKX). Minutes, hours and days
     * only; anything else is a MalformedFrameException.
     */
    public static long periodMs(String period) throws MalformedFrameException {
        Matcher m = PERIOD.matcher(period);
        if (!m.matches()) {
            throw new MalformedFrameException("unknown period: '" + period + "'");
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "m", "min" -> 60_000L;
            case "h", "H" -> 3_600_000L;
            default -> 86_400_000L;
        };
        return n * unit;
    }

    /** A JSON string literal of {@code s}: quotes, backslashes and control characters escaped. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
