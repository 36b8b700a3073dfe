package dev.cascade.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cascade.ingest.ReplayFileSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every dashboard page (live, heatmap, the autopsy of both bundled crashes, alerts) in headless Chromium at a phone,
 * a laptop and a wide screen (390, 1280 and 2560 px). On each: no console error, no chart left empty (a chart draws
 * ink on its canvas or says why it has no data; the charts the bundled data feeds must draw), and nothing cut (no
 * table wider than its panel, no cell whose text overflows it, nothing off the right edge of the page). The live
 * page also keeps its table across a reload and stacks its bars per exchange; the alerts page creates and deletes a
 * rule with the token entered once. Full-page screenshots go to app/target/e2e/PAGE-WIDTH.png.
 */
class DashboardPagesBrowserTest {
    static final int[] WIDTHS = {390, 1280, 2560};
    static final String OCT_2025 = "from=2025-10-10T12:00Z&to=2025-10-11T12:00Z&coin=BTC";
    static final String MAY_2021 = "from=2021-05-18T00:00Z&to=2021-05-21T00:00Z&coin=BTC";

    static final String CANVAS_INK = Cdp.CANVAS_INK;

    /**
     * Per visible chart: its id, the ink on its canvas, the data points of its ECharts series (-1 for the other
     * library), and the page's own state: 'data', or 'nodata' with the message it shows instead.
     */
    static final String CHARTS = "JSON.stringify([...document.querySelectorAll('.chart')].filter(el => el.offsetParent !== null).map(el => {"
            + " const e = echarts.getInstanceByDom && echarts.getInstanceByDom(el);"
            + " return { id: el.id, ink: " + CANVAS_INK + "(el), state: el.dataset.state || 'unset',"
            + " points: e ? (e.getOption().series || []).reduce((n, s) => n + (s.data || []).length, 0) : -1,"
            + " message: (el.querySelector(':scope > .nodata') || {}).textContent || '' }; }))";

    /**
     * What is cut: a table reaching past its panel, a cell whose content is wider than the cell, an element past the
     * right edge of the window, or a page that scrolls sideways.
     */
    static final String CUT = "JSON.stringify((() => { const out = []; const W = document.documentElement.clientWidth;"
            + " const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');"
            + " if (document.documentElement.scrollWidth > W + 1) out.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + W);"
            + " for (const t of document.querySelectorAll('table')) { if (t.offsetParent === null) continue;"
            + "   const box = (t.closest('.panel') || document.body).getBoundingClientRect(), r = t.getBoundingClientRect();"
            + "   if (r.right > box.right + 1 || r.left < box.left - 1) out.push(name(t) + ' is wider than its panel: ' + Math.round(r.width) + ' px in ' + Math.round(box.width));"
            + "   for (const c of t.querySelectorAll('th, td')) { if (c.offsetParent !== null && c.scrollWidth > c.clientWidth + 1)"
            + "     out.push(name(t) + ' cell \"' + c.textContent.trim().substring(0, 40) + '\" clipped: ' + c.scrollWidth + ' > ' + c.clientWidth); } }"
            + " for (const el of document.querySelectorAll('body *')) { if (el.offsetParent === null || el.closest('canvas, .chart')) continue;"
            + "   const r = el.getBoundingClientRect(); if (r.width > 0 && r.right > W + 1) out.push(name(el) + ' off-screen: right edge ' + Math.round(r.right) + ' > ' + W); }"
            + " return out.slice(0, 8); })())";

    @Test
    void everyPageAtThreeWidths(@TempDir Path tmp) throws Exception {
        List<String> problems = new ArrayList<>();
        try (BrowserRig rig = BrowserRig.start(tmp, 20251011L, 6_000, 20_000, 1280, 900)) { // 120 s recorded, 12 s at 10x
            for (int width : WIDTHS) {
                walk(rig, width, problems);
            }
        }
        assertThat(problems).as("console errors, empty charts and cut columns").isEmpty();
    }

    /** Every page at one width; hard failures (a page that never loads, a broken feature) throw, the rest are collected. */
    private static void walk(BrowserRig rig, int width, List<String> problems) throws Exception {
        TestServer ts = rig.server();
        Cdp browser = rig.browser();
        Path shots = rig.shots();
        browser.viewport(width, width < 600 ? 844 : 1000);

        // Live: the history and the stream in the table, per-exchange stacked bars, every panel drawn or "no data".
        // (the replay starts once this first page is connected and runs during the first width; later the table holds
        // what it stored)
        Thread live = new Thread(() -> {
            try {
                rig.startLiveWhenConnected();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "start-live-replay");
        live.start();
        open(browser, ts.url("/"), "window.__cascade && window.__cascade.historyLoaded && document.querySelectorAll('#feed tr.live, #feed tr.hist').length >= 20"
                + " && document.querySelectorAll('#cards .card').length === 4"
                + " && echarts.getInstanceByDom(document.getElementById('perMinute')).getOption().series.length >= 2"
                + " && document.querySelectorAll('#health tbody tr').length >= 3");
        live.join();
        JsonNode stacked = browser.eval("echarts.getInstanceByDom(document.getElementById('perMinute')).getOption().series"
                + ".filter(s => s.stack === 'venues').map(s => s.name)");
        assertThat(stacked.toString()).as("bars stacked per exchange").contains("\"binance").contains("\"bybit");
        settle(browser, "#perMinute", "#oiChart", "#fundingChart", "#mapChart", "#heatChart");
        check(browser, problems, "live", width, shots, "perMinute", "oiChart", "fundingChart", "mapChart", "heatChart");
        if (width == WIDTHS[0]) {
            exchangeFilterAndReload(browser, rig.replay());
        }

        // Heatmap of the October 2025 crash: realized cells and the model's levels, both drawn.
        open(browser, ts.url("/heatmap.html?from=2025-10-10T18:00Z&to=2025-10-11T02:00Z&coin=BTC"), "document.body.dataset.loaded === 'true'");
        assertThat(browser.eval("document.getElementById('bins').textContent").asText()).as("bin sizes stated").matches("\\(cells of \\d+[mhd] × \\$[0-9,.]+\\)");
        assertThat(browser.eval("document.getElementById('synthetic').hidden").asBoolean()).as("synthetic layer labelled").isFalse();
        settle(browser, "#heat", "#levels");
        check(browser, problems, "heatmap", width, shots, "heat", "levels");

        // Autopsy of both crashes: October 2025 (event level, synthetic) and May 2021 (prices and aggregates only).
        open(browser, ts.url("/autopsy.html?" + OCT_2025), "document.body.dataset.loaded === 'true'");
        settle(browser, "#priceChart", "#liqChart", "#oiChart", "#fundingChart", "#aggChart");
        check(browser, problems, "autopsy-2025-10", width, shots, "priceChart", "liqChart", "oiChart", "fundingChart", "aggChart");
        open(browser, ts.url("/autopsy.html?" + MAY_2021), "document.body.dataset.loaded === 'true'");
        settle(browser, "#priceChart", "#aggChart");
        check(browser, problems, "autopsy-2021-05", width, shots, "priceChart", "aggChart");
        assertThat(browser.eval("document.getElementById('liqChart').dataset.state").asText())
                .as("May 2021 has no single liquidations: the panel says so").isEqualTo("nodata");

        // Alerts: the token once per tab, a rule created and deleted from the page.
        open(browser, ts.url("/alerts.html"), "document.body.dataset.loaded === 'true'");
        if (width == WIDTHS[0]) {
            createAndDeleteRule(browser);
        }
        check(browser, problems, "alerts", width, shots);
    }

    private static void open(Cdp browser, String url, String ready) throws Exception {
        browser.takeErrors();
        browser.navigate(url);
        assertThat(browser.waitFor(ready, 60_000)).as(url + " ready: " + ready).isTrue();
    }

    /** Waits until each chart has drawn (ink) or shows its "no data" message: charts render after their data arrives. */
    private static void settle(Cdp browser, String... charts) throws Exception {
        for (String c : charts) {
            browser.waitFor("(el => el.dataset.state === 'nodata' || el.dataset.state === 'data' && " + CANVAS_INK + "(el) > 3)(document.querySelector('" + c + "'))", 30_000);
        }
    }

    /**
     * Screenshot, then the page's checks, collected as problems: console errors, charts neither drawn nor saying why,
     * the {@code mustDraw} charts not drawn, and anything cut.
     */
    private static void check(Cdp browser, List<String> problems, String page, int width, Path shots, String... mustDraw) throws Exception {
        browser.screenshotFullPage(shots.resolve(page + "-" + width + ".png"));
        String where = page + " @" + width + "px: ";
        browser.takeErrors().forEach(e -> problems.add(where + e));
        List<String> drawn = new ArrayList<>();
        for (JsonNode c : Cdp.json(browser.eval("typeof echarts === 'undefined' ? '[]' : " + CHARTS).asText())) {
            String id = c.get("id").asText();
            String state = c.get("state").asText();
            if (state.equals("nodata")) {
                System.out.println("e2e " + where + "#" + id + " says: " + c.get("message").asText());
                continue;
            }
            // A chart that claims data must have drawn it: ink on the canvas, and points in its series.
            boolean filled = state.equals("data") && c.get("ink").asInt() > 3 && c.get("points").asInt() != 0;
            if (filled) {
                drawn.add(id);
            } else {
                problems.add(where + "#" + id + " is empty and does not say why (state " + state + ", " + c.get("ink").asInt() + " colours, "
                        + c.get("points").asInt() + " points)");
            }
            System.out.println("e2e " + where + "#" + id + " drawn: " + c.get("ink").asInt() + " colours, " + c.get("points").asInt() + " points");
        }
        for (String id : mustDraw) {
            if (!drawn.contains(id)) {
                problems.add(where + "#" + id + " should show the bundled data but is not drawn");
            }
        }
        Cdp.json(browser.eval(CUT).asText()).forEach(cut -> problems.add(where + cut.asText()));
    }

    /** The exchange filter narrows the bars to one venue; after a reload the table shows the rows it showed before. */
    private static void exchangeFilterAndReload(Cdp browser, ReplayFileSource replay) throws Exception {
        browser.eval("(s => { s.value = 'BYBIT'; s.dispatchEvent(new Event('change')); })(document.getElementById('chartEx'))");
        assertThat(browser.waitFor("(o => o.series.length >= 1 && o.series.every(s => s.name.startsWith('bybit')))"
                + "(echarts.getInstanceByDom(document.getElementById('perMinute')).getOption())", 20_000)).as("exchange filter on the bars").isTrue();
        browser.eval("(s => { s.value = 'BYBIT'; s.dispatchEvent(new Event('change')); })(document.getElementById('exFilter'))");
        assertThat(browser.waitFor("[...document.querySelectorAll('#feed tbody tr')].every(tr => tr.cells[1].textContent.includes('BYB')"
                + " || tr.cells[1].textContent.includes('bybit'))", 10_000)).as("exchange filter on the table").isTrue();
        // The newest live rows, once the replay is over and the store has them (the spine flushes every 100 ms), must be
        // listed again by the reloaded page.
        replay.awaitFinished();
        assertThat(browser.waitFor("window.__cascade.pending.length === 0", 10_000)).isTrue();
        JsonNode before = browser.eval("window.__cascade.rows.filter(r => r.live).slice(0, 20).map(r => r.eventId)");
        assertThat(before.size()).as("live rows in the table; page state " + browser.eval("JSON.stringify({rows: window.__cascade.rows.length,"
                + " live: window.__cascade.liveRows, hist: window.__cascade.historyRows, ws: (document.getElementById('wsstate') || {}).innerText})")
                + "; replay " + replay.status()).isGreaterThanOrEqualTo(10);
        String ids = before.toString();
        assertThat(browser.waitFor("fetch('/api/liquidations?limit=1000').then(r => r.json()).then(p => " + ids
                + ".every(id => p.rows.some(x => x.eventId === id)))", 30_000)).as("live rows stored").isTrue();
        browser.takeErrors();
        browser.navigate(browser.eval("location.href").asText());
        assertThat(browser.waitFor("window.__cascade && window.__cascade.historyLoaded && " + ids + ".every(id => window.__cascade.seen.has(id))", 30_000))
                .as("the table keeps its rows across a reload").isTrue();
        // The table renders on its own timer: wait for the rows to be drawn, not just received.
        assertThat(browser.waitFor("document.querySelectorAll('#feed tr.hist').length >= 10", 10_000)).as("history rows drawn after the reload").isTrue();
    }

    private static void createAndDeleteRule(Cdp browser) throws Exception {
        assertThat(browser.eval("document.querySelector('#rules tbody').textContent").asText()).contains("Enter the API token");
        assertThat(browser.eval("document.getElementById('oiDropPct').offsetParent === null").asBoolean()).as("only the chosen kind's amount field").isTrue();
        browser.eval("document.getElementById('token').value = '" + TestServer.TOKEN + "'; document.getElementById('tokenForm').requestSubmit()");
        assertThat(browser.waitFor("document.getElementById('tokenState').textContent === 'token accepted'", 10_000)).isTrue();
        browser.eval("document.getElementById('kind').value = 'LIQUIDATIONS_OVER'; document.getElementById('coin').value = 'BTC';"
                + " document.getElementById('thresholdUsd').value = '1,500,000'; document.getElementById('windowMinutes').value = '15';"
                + " document.getElementById('ruleForm').requestSubmit()");
        assertThat(browser.waitFor("document.querySelectorAll('#rules tbody tr[data-id]').length === 1", 10_000)).as("rule created").isTrue();
        String row = browser.eval("document.querySelector('#rules tbody tr[data-id]').innerText").asText();
        assertThat(row).contains("LIQUIDATIONS_OVER").contains("BTC").contains("$1.50M").contains("15 min");
        // The token is kept for the tab: a reload lists the rule without asking again.
        browser.navigate(browser.eval("location.href").asText());
        assertThat(browser.waitFor("document.querySelectorAll('#rules tbody tr[data-id]').length === 1", 10_000)).as("token kept across a reload").isTrue();
        browser.eval("document.querySelector('#rules button[data-delete]').click()");
        assertThat(browser.waitFor("document.querySelectorAll('#rules tbody tr[data-id]').length === 0"
                + " && document.querySelector('#rules tbody').textContent.includes('No rules yet')", 10_000)).as("rule deleted").isTrue();
        assertThat(browser.eval("document.getElementById('formMsg').textContent").asText()).startsWith("Deleted rule");
        // One rule stays for the screenshots of the other widths.
        browser.eval("document.getElementById('kind').value = 'OI_DROP'; document.getElementById('kind').dispatchEvent(new Event('change'));"
                + " document.getElementById('oiDropPct').value = '5'; document.getElementById('ruleForm').requestSubmit()");
        assertThat(browser.waitFor("document.querySelectorAll('#rules tbody tr[data-id]').length === 1", 10_000)).isTrue();
    }
}
