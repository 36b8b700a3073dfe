package dev.cascade.server;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where alert webhooks may go. A rule's URL is checked when the rule is created and again, on a fresh resolution, before
 * every delivery (a name can be re-pointed after it was checked: DNS rebinding). Refused unless the server was started
 * with private targets allowed: schemes other than http(s), loopback, link-local (the cloud metadata service at
 * 169.254.169.254), private and carrier-grade NAT ranges, unique-local IPv6, multicast and unspecified addresses (every
 * address the host resolves to is checked, not just the first, and IPv4 carried inside IPv6 with it), and service
 * ports below 1024 other than 80 and 443 (SSH, SMTP, ... on an internal host). Numeric hosts other than dotted decimal
 * are refused in any mode: software disagrees on where 0177.0.0.1 or 2130706433 points. The delivery then connects to
 * exactly the addresses that passed.
 */
public final class WebhookPolicy {
    /** A checked webhook destination: where to connect and what to send as Host and request target. */
    public record Target(String host, int port, boolean tls, String requestTarget, String userInfo, List<InetAddress> addresses) {
    }

    /** Resolves a host name to all its addresses (a seam for tests; production uses the system resolver). */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A host whose last label is a number (decimal or 0x hex): an IPv4 literal of some form, never a DNS name. */
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(?:^|\\.)(?:0[xX][0-9a-fA-F]*|[0-9]+)\\.?$");
    private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    /** The one IPv4 form every parser reads alike: four decimal octets without leading zeros. */
    private static final Pattern DOTTED_DECIMAL = Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}");

    private final boolean allowPrivate;
    private final Resolver resolver;

    public WebhookPolicy(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** Public targets only (the default). */
    public static WebhookPolicy publicOnly() {
        return new WebhookPolicy(false, InetAddress::getAllByName);
    }

    /** Any target, including loopback and private networks (serve --allow-private-webhooks; tests' loopback receivers). */
    public static WebhookPolicy allowingPrivate() {
        return new WebhookPolicy(true, InetAddress::getAllByName);
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /** Checks the URL and resolves its host; IllegalArgumentException naming webhookUrl with the reason otherwise. */
    public Target check(String url) {
        if (url == null || url.length() > 2000) {
            throw new IllegalArgumentException("webhookUrl must be a URL of at most 2000 characters");
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("webhookUrl is not a URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("webhookUrl must be an http or https URL, got scheme '" + scheme + "'");
        }
        String host = u.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("webhookUrl has no host name (or an invalid one): " + mask(url));
        }
        boolean tls = scheme.equals("https");
        int port = u.getPort() == -1 ? (tls ? 443 : 80) : u.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("webhookUrl port must be 1-65535, got " + u.getPort());
        }
        if (!allowPrivate && port < 1024 && port != 80 && port != 443) {
            throw new IllegalArgumentException("webhookUrl port " + port + " is a service port below 1024 (only 80 and 443 are allowed)");
        }
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!bareHost.contains(":") && NUMERIC_LAST_LABEL.matcher(bareHost).find() && !DOTTED_DECIMAL.matcher(bareHost).matches()) {
            throw new IllegalArgumentException("webhookUrl host '" + host + "' is a number but not a dotted-decimal IPv4"
                    + " address (software disagrees on octal, hex and short forms: 0177.0.0.1 is 127.0.0.1 to some, 177.0.0.1"
                    + " to others); write it as a.b.c.d without leading zeros");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bareHost);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("webhookUrl host '" + host + "' does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new IllegalArgumentException("webhookUrl host '" + host + "' does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                String why = nonPublic(a);
                if (why != null) {
                    throw new IllegalArgumentException("webhookUrl host '" + host + "' resolves to " + a.getHostAddress() + ", a "
                            + why + " address; webhooks go to public addresses only (serve --allow-private-webhooks allows it)");
                }
            }
        }
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        String target = u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
        return new Target(bareHost, port, tls, target, u.getRawUserInfo(), List.copyOf(Arrays.asList(addresses)));
    }

    /** Why an address is not a public unicast one, or null if it is. */
    static String nonPublic(InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isSiteLocalAddress()) {
            return "private";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            if (b0 == 0) {
                return "unspecified (0.0.0.0/8)";
            }
            if (b0 == 100 && b1 >= 64 && b1 < 128) {
                return "carrier-grade NAT (100.64.0.0/10)";
            }
            if (b0 >= 240) {
                return "reserved (240.0.0.0/4)";
            }
            if (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0) {
                return "IETF protocol (192.0.0.0/24)";
            }
            if (b0 == 198 && (b1 == 18 || b1 == 19)) {
                return "benchmarking (198.18.0.0/15)";
            }
        } else if (a instanceof Inet6Address) {
            int b0 = b[0] & 0xff;
            if ((b0 & 0xfe) == 0xfc) {
                return "unique-local (fc00::/7)";
            }
            for (byte[] v4 : embeddedIpv4(b)) {
                try {
                    String inner = nonPublic(InetAddress.getByAddress(v4));
                    if (inner != null) {
                        return inner + " (IPv4 inside IPv6)";
                    }
                } catch (UnknownHostException e) {
                    return "malformed";
                }
            }
        }
        return null;
    }

    /**
     * The IPv4 addresses an IPv6 address carries: the mapped, compatible and NAT64 forms (last four bytes), 6to4
     * (2002:AABB:CCDD::, bytes 2-5) and Teredo (2001:0::, the server in bytes 4-7 and the client inverted in the last
     * four). Each is where the packets may end up, so each must be public too.
     */
    private static List<byte[]> embeddedIpv4(byte[] b) {
        if (isEmbeddedIpv4(b)) {
            return List.of(Arrays.copyOfRange(b, 12, 16));
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return List.of(Arrays.copyOfRange(b, 2, 6));
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            byte[] client = Arrays.copyOfRange(b, 12, 16);
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~client[i];
            }
            return List.of(Arrays.copyOfRange(b, 4, 8), client);
        }
        return List.of();
    }

    /** ::a.b.c.d (compatible), ::ffff:a.b.c.d (mapped) and 64:ff9b::a.b.c.d (NAT64): an IPv4 address in disguise. */
    private static boolean isEmbeddedIpv4(byte[] b) {
        boolean zeros = true;
        for (int i = 0; i < 10; i++) {
            zeros &= b[i] == 0;
        }
        boolean mapped = zeros && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff));
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
        return mapped || nat64;
    }

    /**
     * The URL with its secrets masked, for answers and logs: credentials ({@code user:pass@}), the query string, the
     * fragment and every path segment after the first (webhook services put the secret in the path: Slack's
     * /services/T../B../secret, Discord's /api/webhooks/id/token).
     */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            return "***";
        }
        if (u.getScheme() == null || u.getRawAuthority() == null) {
            return "***";
        }
        StringBuilder b = new StringBuilder(u.getScheme()).append("://");
        if (u.getRawUserInfo() != null) {
            b.append("***@");
        }
        String authority = u.getRawAuthority();
        b.append(authority.substring(authority.lastIndexOf('@') + 1));
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        int second = path.indexOf('/', 1);
        if (second > 0 && second < path.length() - 1) {
            b.append(path, 0, second).append("/***");
        } else {
            b.append(path);
        }
        if (u.getRawQuery() != null) {
            b.append("?***");
        }
        if (u.getRawFragment() != null) {
            b.append("#***");
        }
        return b.toString();
    }
}
