package dev.cascade.core.alert;

import java.net.URI;
import java.util.Locale;

/**
 * An alert rule. Evaluated on market time (event timestamps), so a replay fires the same alerts a live feed would.
 *
 * <ul>
 *   <li>LIQUIDATIONS_OVER: liquidated notional of {@code coin} (any coin if null) within the last
 *       {@code windowMinutes} reaches {@code thresholdUsdE6}.</li>
 *   <li>CASCADE: the same, and at least 75% of it on one side and at least 5 liquidations: a one-sided flush, not
 *       ordinary two-way churn.</li>
 *   <li>OI_DROP: open interest of one feed and symbol falls {@code oiDropPpm} (parts per million) or more below its
 *       highest sample within the window.</li>
 * </ul>
 *
 * @param webhookUrl http(s) URL POSTed a JSON body when the rule fires, or null for dashboard only
 */
public record AlertRule(String id, Kind kind, String coin, long thresholdUsdE6, int windowMinutes, long oiDropPpm,
                        String webhookUrl, long createdAt) {
    public enum Kind { LIQUIDATIONS_OVER, CASCADE, OI_DROP }

    public AlertRule {
        if (windowMinutes < 1 || windowMinutes > 24 * 60) {
            throw new IllegalArgumentException("windowMinutes must be between 1 and 1440, got " + windowMinutes);
        }
        if (kind == Kind.OI_DROP) {
            if (oiDropPpm <= 0 || oiDropPpm > 1_000_000) {
                throw new IllegalArgumentException("oiDropPct must be in (0, 100] for OI_DROP");
            }
        } else if (thresholdUsdE6 <= 0) {
            throw new IllegalArgumentException("thresholdUsd must be positive for " + kind);
        }
        if (coin != null && !coin.matches("[A-Z0-9]{1,20}")) {
            throw new IllegalArgumentException("coin must be 1-20 letters or digits, got '" + coin + "'");
        }
        if (webhookUrl != null) {
            validateWebhook(webhookUrl);
        }
    }

    static void validateWebhook(String url) {
        if (url.length() > 2000) {
            throw new IllegalArgumentException("webhookUrl is longer than 2000 characters");
        }
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhookUrl is not a URL: " + e.getMessage());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            throw new IllegalArgumentException("webhookUrl must be an absolute http(s) URL, got '" + url + "'");
        }
    }

    public boolean matchesCoin(String symbol) {
        if (coin == null) {
            return true;
        }
        int dash = symbol.indexOf('-');
        return (dash < 0 ? symbol : symbol.substring(0, dash)).equals(coin);
    }
}
