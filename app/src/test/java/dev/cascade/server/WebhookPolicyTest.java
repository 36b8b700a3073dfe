package dev.cascade.server;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookPolicyTest {
    /** Names resolved without DNS: a public host, a rebinding host with one public and one private address. */
    private static final Map<String, String[]> NAMES = Map.of(
            "hooks.example.com", new String[]{"93.184.216.34"},
            "rebind.example.com", new String[]{"93.184.216.34", "10.1.2.3"},
            "metadata.example.com", new String[]{"169.254.169.254"},
            "localhost", new String[]{"127.0.0.1", "::1"});

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String[] ips = NAMES.get(host);
        if (ips == null && (host.matches("[0-9.]+") || host.contains(":"))) {
            return InetAddress.getAllByName(host); // an IP literal: parsed, never looked up
        }
        if (ips == null) {
            throw new UnknownHostException(host); // the test never asks a real resolver
        }
        InetAddress[] out = new InetAddress[ips.length];
        for (int i = 0; i < ips.length; i++) {
            out[i] = InetAddress.getByName(ips[i]);
        }
        return out;
    }

    private final WebhookPolicy strict = new WebhookPolicy(false, WebhookPolicyTest::resolve);
    private final WebhookPolicy lenient = new WebhookPolicy(true, WebhookPolicyTest::resolve);

    @Test
    void publicHttpAndHttpsTargetsPass() {
        WebhookPolicy.Target t = strict.check("https://hooks.example.com/services/T1/B2/secret?x=1");
        assertThat(t.tls()).isTrue();
        assertThat(t.port()).isEqualTo(443);
        assertThat(t.requestTarget()).isEqualTo("/services/T1/B2/secret?x=1");
        assertThat(t.addresses()).extracting(InetAddress::getHostAddress).containsExactly("93.184.216.34");
        assertThat(strict.check("http://hooks.example.com:8443/h").port()).isEqualTo(8443);
    }

    @Test
    void privateLoopbackLinkLocalUnspecifiedAndBadPortsAreRefused() {
        String[] refused = {"http://169.254.169.254/latest/meta-data/", "http://metadata.example.com/", "http://10.0.0.1/",
                "http://172.16.5.4/", "http://192.168.1.1/", "http://127.0.0.1:8080/", "http://localhost/", "http://0.0.0.0/",
                "http://[::1]/", "http://[::]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/", "http://[fd00::1]/",
                "http://[fe80::1]/", "http://100.64.0.1/", "http://224.0.0.1/", "http://255.255.255.255/",
                "http://rebind.example.com/hook", "http://hooks.example.com:99999/", "http://hooks.example.com:22/",
                "http://hooks.example.com:25/", "http://hooks.example.com:0/", "ftp://hooks.example.com/", "file:///etc/passwd",
                "gopher://hooks.example.com/", "http:///nohost", "http://no-such-host.invalid/", "javascript:alert(1)"};
        for (String url : refused) {
            assertThatThrownBy(() -> strict.check(url)).as(url).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("webhookUrl");
        }
    }

    /**
     * IPv4 behind the IPv6 transition prefixes (6to4 2002::/16, Teredo 2001::/32 with its client address inverted) is
     * checked like the mapped forms were; and a host that is a number but not a dotted-decimal address (0177.0.0.1 is
     * 127.0.0.1 to curl and browsers but 177.0.0.1 to Java; 2130706433 is 127.0.0.1 to the system resolver) is refused
     * outright, since software disagrees on where it points. Both passed before.
     */
    @Test
    void ipv4InsideTransitionPrefixesAndAmbiguousNumericHostsAreRefused() {
        String[] refused = {"http://[2002:7f00:1::]/", "http://[2002:a9fe:a9fe::1]/", "http://[2002:c0a8:101::]/",
                "http://[2001:0:5ef5:79fb:0:0:80ff:fffe]/", "http://[2001:0:7f00:1::5ef5:79fb]/", "http://0177.0.0.1/",
                "http://0177.0.0.01/", "http://134744072/", "http://010.8.8.8/", "http://0x7f000001/", "http://8.8.8.08/",
                "http://8.8.8.256/"};
        for (String url : refused) {
            assertThatThrownBy(() -> strict.check(url)).as(url).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("webhookUrl");
        }
        assertThatThrownBy(() -> lenient.check("http://0177.0.0.1/")).as("ambiguous even where private targets are allowed")
                .hasMessageContaining("dotted-decimal");
        assertThat(strict.check("http://[2002:5db8:d822::1]/").addresses()).as("6to4 of a public address").hasSize(1);
        assertThat(strict.check("http://8.8.8.8/").port()).isEqualTo(80);
    }

    @Test
    void theFlagAllowsLoopbackAndServicePortsButNeverOtherSchemesOrImpossiblePorts() {
        assertThat(lenient.check("http://127.0.0.1:9000/hook").addresses()).hasSize(1);
        assertThat(lenient.check("http://10.0.0.1:25/").port()).isEqualTo(25);
        assertThatThrownBy(() -> lenient.check("ftp://127.0.0.1/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lenient.check("http://127.0.0.1:99999/")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secretsAreMasked() {
        assertThat(WebhookPolicy.mask("https://user:pa55@hooks.example.com/services/T0/B0/XXXXsecret?token=abc#f"))
                .isEqualTo("https://***@hooks.example.com/services/***?***#***");
        assertThat(WebhookPolicy.mask("https://discord.com/api/webhooks/123/tok")).isEqualTo("https://discord.com/api/***");
        assertThat(WebhookPolicy.mask("http://127.0.0.1:9000/hook")).isEqualTo("http://127.0.0.1:9000/hook");
        assertThat(WebhookPolicy.mask("http://h.example/a/")).isEqualTo("http://h.example/a/");
        assertThat(WebhookPolicy.mask("not a url")).isEqualTo("***");
    }
}
