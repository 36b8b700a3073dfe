package dev.cascade.scaleout.clickhouse;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A {@code --store clickhouse://host[:port][/database][?user=NAME]} value (HTTP interface; port defaults to 8123,
 * database to "cascade"). The password is never on the command line: it comes from CASCADE_CLICKHOUSE_PASSWORD.
 */
public record ClickHouseUrl(String host, int port, String database, String user) {
    public static final String PASSWORD_ENV = "CASCADE_CLICKHOUSE_PASSWORD";

    public static ClickHouseUrl parse(String url) {
        if (url == null || !url.startsWith("clickhouse://")) {
            throw new IllegalArgumentException("ClickHouse store must look like clickhouse://host:8123/database, got '" + url + "'");
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad ClickHouse URL '" + url + "': " + e.getMessage(), e);
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("ClickHouse URL has no host: '" + url + "'");
        }
        String path = u.getPath() == null ? "" : u.getPath().replaceAll("^/+|/+$", "");
        String db = path.isEmpty() ? "cascade" : path;
        if (!db.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("bad ClickHouse database name '" + db + "' (letters, digits, _)");
        }
        String user = "default";
        if (u.getQuery() != null) {
            for (String kv : u.getQuery().split("&")) {
                if (kv.startsWith("user=") && kv.length() > 5) {
                    user = kv.substring(5);
                } else if (!kv.isEmpty()) {
                    throw new IllegalArgumentException("unknown ClickHouse URL option '" + kv + "' (known: user)");
                }
            }
        }
        return new ClickHouseUrl(u.getHost(), u.getPort() < 0 ? 8123 : u.getPort(), db, user);
    }

    public String endpoint() {
        return "http://" + host + ":" + port;
    }
}
