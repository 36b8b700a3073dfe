package dev.cascade.scaleout.clickhouse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code --store clickhouse://host[:port][,host[:port]...][/database][?options]} value (the HTTP interface).
 * Several hosts are replicas of one cluster: the store uses the first that answers and moves to the next when a host
 * stops answering. Options: {@code user=NAME} (default {@code default}), {@code secure=true} (HTTPS; the default port
 * becomes 8443 instead of 8123), {@code password_file=PATH}, {@code retry_for=SECONDS} (how long a write keeps
 * retrying through an outage before the consumer stops; default {@value #DEFAULT_RETRY_FOR_S}).
 *
 * <p>The password is never part of the URL: it is the first line of {@code password_file} if given, else
 * {@code $CASCADE_CLICKHOUSE_PASSWORD}; it is read only when connecting and never printed ({@link #toString()} has no
 * password).
 */
public record ClickHouseUrl(List<Host> hosts, String database, String user, boolean secure, Path passwordFile, long retryForSeconds) {
    public static final String PASSWORD_ENV = "CASCADE_CLICKHOUSE_PASSWORD";
    public static final long DEFAULT_RETRY_FOR_S = 300;

    public record Host(String name, int port) {
        @Override
        public String toString() {
            return name + ":" + port;
        }
    }

    public ClickHouseUrl {
        hosts = List.copyOf(hosts);
    }

    public static ClickHouseUrl parse(String url) {
        if (url == null || !url.startsWith("clickhouse://")) {
            throw new IllegalArgumentException("ClickHouse store must look like clickhouse://host:8123/database, got '" + url + "'");
        }
        String rest = url.substring("clickhouse://".length());
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("/+$", "");
        String db = path.isEmpty() ? "cascade" : path;
        if (!db.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("bad ClickHouse database name '" + db + "' (letters, digits, _)");
        }
        String user = "default";
        boolean secure = false;
        Path passwordFile = null;
        long retryFor = DEFAULT_RETRY_FOR_S;
        if (query != null) {
            for (String kv : query.split("&")) {
                int eq = kv.indexOf('=');
                String key = eq < 0 ? kv : kv.substring(0, eq);
                String value = eq < 0 ? "" : kv.substring(eq + 1);
                switch (key) {
                    case "" -> { }
                    case "user" -> user = nonEmpty(key, value);
                    case "secure" -> secure = bool(key, value);
                    case "password_file" -> passwordFile = Path.of(nonEmpty(key, value));
                    case "retry_for" -> retryFor = seconds(key, value);
                    case "password" -> throw new IllegalArgumentException("a ClickHouse password never goes in the URL: set $"
                            + PASSWORD_ENV + " or password_file=PATH");
                    default -> throw new IllegalArgumentException("unknown ClickHouse URL option '" + key
                            + "' (known: user, secure, password_file, retry_for)");
                }
            }
        }
        List<Host> hosts = new ArrayList<>();
        for (String h : authority.split(",")) {
            hosts.add(host(h, secure ? 8443 : 8123, url));
        }
        return new ClickHouseUrl(hosts, db, user, secure, passwordFile, retryFor);
    }

    private static Host host(String s, int defaultPort, String url) {
        if (s.isEmpty() || s.contains("@")) {
            throw new IllegalArgumentException("ClickHouse URL needs host[:port] entries (no user@ part), got '" + url + "'");
        }
        int colon = s.lastIndexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        int port = defaultPort;
        if (colon >= 0) {
            try {
                port = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port <= 0 || port > 65_535) {
                throw new IllegalArgumentException("bad ClickHouse port in '" + s + "'");
            }
        }
        if (!name.matches("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:]+]")) {
            throw new IllegalArgumentException("bad ClickHouse host '" + name + "'");
        }
        return new Host(name, port);
    }

    private static String nonEmpty(String key, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("ClickHouse URL option " + key + " needs a value");
        }
        return value;
    }

    private static boolean bool(String key, String value) {
        return switch (value) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException("ClickHouse URL option " + key + " must be true or false, got '" + value + "'");
        };
    }

    private static long seconds(String key, String value) {
        try {
            long s = Long.parseLong(value);
            if (s >= 0 && s <= 86_400) {
                return s;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("ClickHouse URL option " + key + " must be seconds in 0..86400, got '" + value + "'");
    }

    /** The HTTP(S) endpoint of host {@code i}. */
    public String endpoint(int i) {
        return (secure ? "https://" : "http://") + hosts.get(i);
    }

    /** The JDBC URL of host {@code i} (reads). */
    public String jdbcUrl(int i) {
        return "jdbc:clickhouse:" + endpoint(i) + "/" + database;
    }

    /** The password: the first line of password_file if given, else $CASCADE_CLICKHOUSE_PASSWORD, else empty. */
    public String password() {
        if (passwordFile != null) {
            try {
                List<String> lines = Files.readAllLines(passwordFile, StandardCharsets.UTF_8);
                return lines.isEmpty() ? "" : lines.get(0);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the ClickHouse password file " + passwordFile + ": " + e.getMessage(), e);
            }
        }
        String env = System.getenv(PASSWORD_ENV);
        return env == null ? "" : env;
    }

    /** For messages and logs: hosts, database and user; never a password. */
    @Override
    public String toString() {
        return (secure ? "https://" : "http://") + String.join(",", hosts.stream().map(Host::toString).toList()) + "/" + database
                + " as " + user;
    }
}
