package dev.cascade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.feed.fake.FakeVenue;
import dev.cascade.feed.fake.FakeVenues;
import dev.cascade.feed.fake.FakeWsServer;
import dev.cascade.server.Cdp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product end to end: `cascade serve` (its own process) connected to a fake exchange; a liquidation the venue sends
 * appears on the live page in Chromium and, at the same time, in `cascade query` run against the store serve holds.
 */
class LiveServeBrowserTest {
    private static final Pattern DASHBOARD = Pattern.compile("Cascade dashboard: (http://127\\.0\\.0\\.1:\\d+/)");

    @TempDir
    Path dir;

    @Test
    void aLiquidationFromAVenueReachesThePageAndTheQueryWhileServeRuns() throws Exception {
        Assumptions.assumeTrue(Cdp.available(), "chromium not installed (apt-get install chromium)");
        Path db = dir.resolve("serve.duckdb");
        List<String> out = new CopyOnWriteArrayList<>();
        try (FakeVenue venue = FakeVenues.create("binance-usdm").start()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process serve = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CascadeCli.class.getName(),
                    "serve", "--db", db.toString(), "--port", "0", "--exchanges", "binance-usdm", "--no-oi-poll",
                    "--url", "binance-usdm=" + venue.base(), "--connect-timeout", "30", "--token", "e2e-token-0123456789abcdef")
                    .redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        out.add(line);
                    }
                } catch (java.io.IOException e) {
                    out.add("(output closed: " + e.getMessage() + ")");
                }
            }, "serve-output");
            reader.setDaemon(true);
            reader.start();
            try (Cdp browser = Cdp.launch(dir.resolve("chromium-profile"), 1400, 1000)) {
                String url = awaitDashboardUrl(out, serve);
                assertThat(url).as("serve printed its URL; output: %s", out).isNotNull();
                FakeWsServer.Conn conn = venue.server().await(c -> c.subscribed, 60_000);
                assertThat(conn).as("serve subscribed to the venue; output: %s", out).isNotNull();
                assertThat(awaitLine(out, "binance-usdm: connected")).as("one line per venue; output: %s", out).isTrue();

                browser.navigate(url);
                assertThat(browser.waitFor("document.getElementById('wsstate').textContent === 'live'", 30_000))
                        .as("the page's live socket is open").isTrue();
                // Frame 0: ETHUSDT (ETH-USDT-PERP), SELL = a long position liquidated, 0.100 at 39000.10.
                conn.send(venue.frame(0), true);
                boolean shown = browser.waitFor("[...document.querySelectorAll('#feed tr.live')].some(r => r.innerText.includes('ETH-USDT-PERP')"
                        + " && r.innerText.includes('LONG'))", 30_000);
                if (!shown) {
                    System.out.println("e2e: page state " + browser.eval("JSON.stringify({rows: [...document.querySelectorAll('#feed tr')]"
                            + ".map(r => r.innerText), live: window.__cascade.liveRows, pending: window.__cascade.pending.length})")
                            + "; serve output " + out);
                }
                assertThat(shown).as("the liquidation is on the live page").isTrue();

                long count = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (count < 1 && System.nanoTime() < deadline) {
                    CliTest.Run q = CliTest.run("query", "--db", db.toString(), "--from", "2025-10-10T21:00Z", "--to", "2025-10-10T22:00Z",
                            "--by", "none", "--format", "csv");
                    assertThat(q.exit()).as("query while serve runs: %s", q.err()).isZero();
                    count = ReadWhileWriteTest.countColumn(q.out());
                }
                assertThat(count).as("the same liquidation in `cascade query` while serve runs").isEqualTo(1);

                // Feed health lists the connected venue with its link state and completeness.
                JsonNode feeds = new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(url + "api/feeds")).build(), HttpResponse.BodyHandlers.ofString()).body());
                JsonNode src = feeds.get("sources").get(0);
                assertThat(src.get("source").asText()).isEqualTo("binance-usdm");
                assertThat(src.get("state").asText()).isEqualTo("UP");
                assertThat(src.get("completeness").asText()).isEqualTo("SAMPLED_1S_PER_SYMBOL");
                assertThat(browser.waitFor("document.querySelector('#health tbody').innerText.includes('binance-usdm')"
                        + " && document.querySelector('#health tbody').innerText.includes('UP')", 15_000))
                        .as("the feed panel shows the venue's link").isTrue();
            } finally {
                serve.destroy();
                serve.waitFor(60, TimeUnit.SECONDS);
                serve.destroyForcibly();
            }
        }
    }

    private static boolean awaitLine(List<String> out, String line) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (out.contains(line)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static String awaitDashboardUrl(List<String> out, Process serve) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && serve.isAlive()) {
            for (String line : out) {
                Matcher m = DASHBOARD.matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            }
            Thread.sleep(50);
        }
        return null;
    }
}
