package dev.cascade.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cascade.ingest.ReplayFileSource;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end in headless Chromium: the server loads the bundled real data as history and replays a SYNTHETIC
 * liquidation feed (seeded, real wire formats) at 10x as the live source; the dashboard must show live rows and
 * rendered charts, and the autopsy page the core report of the 10-11 Oct 2025 crash (the detected cascade, headline
 * figures, synthetic label, aggregate, timeline) exactly as /api/autopsy computes it. Screenshots go to
 * app/target/e2e/. Skipped where /usr/bin/chromium is missing (.ci/run installs it).
 */
class DashboardBrowserTest {
    /** Distinct colours on the largest canvas under a CSS selector. */
    private static final String CANVAS_INK = "(sel => " + Cdp.CANVAS_INK + "(document.querySelector(sel)))";

    @Test
    void liveDashboardAndAutopsyRenderInChromium(@TempDir Path tmp) throws Exception {
        // 150 s recorded, 15 s at 10x
        try (BrowserRig rig = BrowserRig.start(tmp, 20251010L, 30_000, 5_000, 1600, 1300)) {
            TestServer ts = rig.server();
            Cdp browser = rig.browser();
            ReplayFileSource replay = rig.replay();
            Path shots = rig.shots();
            browser.navigate(ts.url("/"));
            rig.startLiveWhenConnected();
            boolean rows = browser.waitFor("window.__cascade && document.querySelectorAll('#feed tr.live').length >= 20", 30_000);
            if (!rows) {
                browser.screenshot(shots.resolve("dashboard-failed.png"));
                System.out.println("e2e: no live rows; page state: " + browser.eval("JSON.stringify({title: document.title, ws: document.getElementById('wsstate').innerText,"
                        + " pending: window.__cascade && window.__cascade.pending.length, rows: document.querySelectorAll('#feed tr').length})")
                        + "; source " + replay.status() + "; hub " + ts.server.hub().stats());
            }
            assertThat(rows).as("live feed rows").isTrue();
            assertThat(browser.waitFor("document.querySelectorAll('#cards .card').length === 4", 10_000)).isTrue();
            // Charts: data in the ECharts options and ink on every chart's canvas.
            assertThat(browser.waitFor("echarts.getInstanceByDom(document.getElementById('perMinute')).getOption().series[0].data.length > 0"
                    + " && echarts.getInstanceByDom(document.getElementById('mapChart')).getOption().series[0].data.length > 0", 20_000))
                    .as("per-minute and map charts have data").isTrue();
            Thread.sleep(1500); // let the 250 ms feed renderer and the charts settle before the screenshot
            for (String chart : new String[]{"#perMinute", "#oiChart", "#fundingChart", "#mapChart", "#heatChart"}) {
                int colours = browser.eval(CANVAS_INK + "('" + chart + "')").asInt();
                assertThat(colours).as(chart + " canvas has drawn content (distinct colours)").isGreaterThan(3);
            }
            assertThat(browser.eval("document.querySelectorAll('#health tbody tr').length").asInt()).isGreaterThanOrEqualTo(3);
            String firstRow = browser.eval("document.querySelector('#feed tr.live').innerText").asText();
            assertThat(firstRow).containsAnyOf("binance", "bybit").contains("BTC-USDT-PERP").containsAnyOf("LONG", "SHORT");
            String card = browser.eval("document.querySelector('#cards .card').innerText").asText();
            System.out.println("e2e: first live row: " + firstRow.replace('\t', ' ') + " | 1h card: " + card.replace('\n', ' '));
            double p50 = browser.eval("(() => { const l = window.__cascade.latencies.slice().sort((a, b) => a - b); return l[Math.floor(l.length / 2)]; })()").asDouble();
            System.out.println("e2e: browser event-to-screen-handler latency p50 " + p50 + " ms over "
                    + browser.eval("window.__cascade.latencies.length").asInt() + " messages");
            browser.screenshot(shots.resolve("dashboard-live.png"));

            // Autopsy: the page must show the report the API builds for the crash window (core analytics: the
            // detected cascade, headline figures, synthetic label, CoinGlass aggregate, timeline).
            String query = "from=2025-10-10T12:00Z&to=2025-10-11T12:00Z&coin=BTC";
            JsonNode doc = new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ts.url("/api/autopsy?" + query)))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            JsonNode r = doc.get("report");
            JsonNode v = r.get("venues");
            JsonNode cascades = v.get("cascades");
            assertThat(cascades.size()).as("the API detects the synthetic crash's cascade").isEqualTo(1);
            browser.navigate(ts.url("/autopsy.html?" + query));
            assertThat(browser.waitFor("document.body.dataset.loaded === 'true'", 20_000)).as("autopsy loaded").isTrue();
            Thread.sleep(500);
            String headline = browser.eval("document.getElementById('headline').innerText").asText();
            System.out.println("e2e: autopsy headline: " + headline.replace('\n', ' '));
            JsonNode t = v.get("totals");
            assertThat(headline)
                    .contains(usd(t.get("longUsd").asLong() + t.get("shortUsd").asLong()))
                    .contains(usd(t.get("longUsd").asLong())).contains(usd(t.get("shortUsd").asLong()))
                    .contains("Cascades detected\n" + cascades.size())
                    .contains("-" + pct(v.get("priceDrawdown").get("dropPpm").asLong()))
                    .contains("-" + pct(v.get("oiDrawdown").get("dropPpm").asLong()))
                    .contains(v.get("timeToBottomMs").asLong() / 60_000 + " min")
                    .contains(usd(v.get("peakBucket").get("value").asLong()));
            // The cascade table: one row per detected cascade, with the API's start, end and price move.
            JsonNode c = cascades.get(0);
            String row = browser.eval("document.querySelector('#cascades tbody tr').innerText").asText();
            System.out.println("e2e: autopsy cascade row: " + row.replace('\t', ' '));
            assertThat(browser.eval("document.querySelectorAll('#cascades tbody tr').length").asInt()).isEqualTo(cascades.size());
            assertThat(row).contains(hm(c.get("startTs").asLong())).contains(hm(c.get("endTs").asLong()))
                    .contains(usd(c.get("totals").get("longUsd").asLong())).contains(move(c.get("moveBps").asLong()));
            // Synthetic event-level data is labelled as such; the CoinGlass aggregate is labelled real.
            assertThat(doc.get("synthetic").asBoolean()).isTrue();
            assertThat(browser.eval("document.getElementById('synthetic').hidden").asBoolean()).isFalse();
            assertThat(browser.eval("document.getElementById('synthetic').innerText").asText()).startsWith("SYNTHETIC");
            assertThat(browser.eval("document.querySelector('#venueSection h2 .tag').textContent").asText()).isEqualTo("SYNTHETIC");
            JsonNode agg = r.get("aggregate").get("totals");
            String aggHeadline = browser.eval("document.getElementById('aggHeadline').innerText").asText();
            assertThat(aggHeadline).contains(usd(agg.get("longUsd").asLong() + agg.get("shortUsd").asLong()))
                    .contains("-" + pct(r.get("aggregate").get("oiDrawdown").get("dropPpm").asLong()));
            assertThat(browser.eval("document.querySelector('#aggSection h2 .tag').textContent").asText()).isEqualTo("real");
            // Timeline: every phase of the report.
            String timeline = browser.eval("document.getElementById('timeline').innerText").asText();
            assertThat(browser.eval("document.querySelectorAll('#timeline tbody tr').length").asInt()).isEqualTo(r.get("timeline").size());
            r.get("timeline").forEach(phase -> assertThat(timeline).contains(phase.get("name").asText()));
            // Charts: ink on every canvas, and the cascade shaded on the price chart.
            for (String chart : new String[]{"#priceChart", "#liqChart", "#oiChart", "#fundingChart", "#aggChart"}) {
                assertThat(browser.eval(CANVAS_INK + "('" + chart + "')").asInt()).as(chart + " has drawn content").isGreaterThan(3);
            }
            assertThat(browser.eval("(m => (Array.isArray(m) ? m[0] : m).data.length)(echarts.getInstanceByDom(document.getElementById('priceChart'))"
                    + ".getOption().series[0].markArea)").asInt())
                    .as("cascade phases shaded on the price chart").isEqualTo(cascades.size());
            browser.screenshotFullPage(shots.resolve("autopsy.png"));
        }
    }

    /** The page's rounding of USD e6 (common.js usd): $1.23B, $4.56M, $7.8k. */
    private static String usd(long e6) {
        BigDecimal d = new BigDecimal(e6).movePointLeft(6);
        if (d.abs().compareTo(BigDecimal.valueOf(1_000_000_000)) >= 0) {
            return "$" + d.movePointLeft(9).setScale(2, RoundingMode.HALF_UP) + "B";
        }
        if (d.abs().compareTo(BigDecimal.valueOf(1_000_000)) >= 0) {
            return "$" + d.movePointLeft(6).setScale(2, RoundingMode.HALF_UP) + "M";
        }
        return "$" + d.movePointLeft(3).setScale(1, RoundingMode.HALF_UP) + "k";
    }

    private static String pct(long ppm) {
        return new BigDecimal(ppm).movePointLeft(4).setScale(2, RoundingMode.HALF_UP) + "%";
    }

    private static String move(long bps) {
        return (bps > 0 ? "+" : "") + new BigDecimal(bps).movePointLeft(2).setScale(2, RoundingMode.HALF_UP) + "%";
    }

    private static String hm(long ms) {
        return Instant.ofEpochMilli(ms).toString().replace('T', ' ').substring(0, 16);
    }
}
