package dev.cascade.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven over the Chrome DevTools Protocol with the JDK WebSocket client: launch, open a page,
 * evaluate JavaScript, take screenshots. Loopback only; a fresh profile directory per run.
 */
public final class Cdp implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /**
     * A JavaScript function of an element: the distinct colours on its largest canvas, sampled. A blank chart has 1-2
     * (background, maybe a grid); a drawn one dozens.
     */
    static final String CANVAS_INK = "(el => { const cs = el ? [...el.querySelectorAll('canvas')] : [];"
            + " if (!cs.length) return 0; const c = cs.reduce((a, b) => a.width * a.height >= b.width * b.height ? a : b);"
            + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; const seen = new Set();"
            + " for (let i = 0; i < d.length; i += 4 * 97) seen.add(d[i] << 16 | d[i + 1] << 8 | d[i + 2]); return seen.size; })";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final WebSocket ws;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final java.util.Queue<String> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private String session;

    private Cdp(Process process, WebSocket ws) {
        this.process = process;
        this.ws = ws;
    }

    public static boolean available() {
        return Files.isExecutable(CHROMIUM);
    }

    public static Cdp launch(Path profile, int width, int height) throws Exception {
        Files.createDirectories(profile);
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                p.destroyForcibly();
                throw new IllegalStateException("chromium did not start; see " + profile.resolve("chromium.log"));
            }
            Thread.sleep(50);
        }
        List<String> lines = Files.readAllLines(portFile);
        URI uri = URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
        Cdp[] self = new Cdp[1];
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            final StringBuilder sb = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                sb.append(data);
                if (last) {
                    String msg = sb.toString();
                    sb.setLength(0);
                    try {
                        JsonNode n = JSON.readTree(msg);
                        if (n.has("id") && self[0] != null) {
                            CompletableFuture<JsonNode> f = self[0].pending.remove(n.get("id").asInt());
                            if (f != null) {
                                f.complete(n);
                            }
                        } else if (n.has("method") && self[0] != null) {
                            self[0].event(n.get("method").asText(), n.path("params"));
                        }
                    } catch (IOException e) {
                        // not a protocol message we wait for
                    }
                }
                w.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        Cdp cdp = new Cdp(p, ws);
        self[0] = cdp;
        String target = cdp.call(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
        cdp.session = cdp.call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true)).get("sessionId").asText();
        cdp.call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        cdp.call("Page.enable", Map.of());
        cdp.call("Runtime.enable", Map.of());
        cdp.call("Log.enable", Map.of());
        return cdp;
    }

    /** Console errors, uncaught exceptions and failed loads the page reported, as text (console.warn is not an error). */
    private void event(String method, JsonNode params) {
        switch (method) {
            case "Runtime.consoleAPICalled" -> {
                if (params.path("type").asText().equals("error") || params.path("type").asText().equals("assert")) {
                    StringBuilder sb = new StringBuilder("console.error:");
                    params.path("args").forEach(a -> sb.append(' ').append(a.has("value") ? a.get("value").asText() : a.path("description").asText()));
                    errors.add(sb.toString());
                }
            }
            case "Runtime.exceptionThrown" -> {
                JsonNode d = params.path("exceptionDetails");
                errors.add("uncaught: " + d.path("exception").path("description").asText(d.path("text").asText()));
            }
            case "Log.entryAdded" -> {
                JsonNode e = params.path("entry");
                if (e.path("level").asText().equals("error")) {
                    errors.add("log: " + e.path("text").asText() + " " + e.path("url").asText());
                }
            }
            default -> {
                // other events are not collected
            }
        }
    }

    /** The errors reported since the last call, and forgets them. */
    public List<String> takeErrors() {
        List<String> out = new java.util.ArrayList<>();
        for (String e; (e = errors.poll()) != null; ) {
            out.add(e);
        }
        return out;
    }

    /** Resizes the page's viewport; below 600 px wide as a phone (the page's viewport meta applies, touch on). */
    public void viewport(int width, int height) throws Exception {
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
    }

    JsonNode call(String method, Map<String, Object> params) throws Exception {
        return call(session, method, params);
    }

    private JsonNode call(String sessionId, String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(params));
        if (sessionId != null) {
            msg.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ws.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
        JsonNode r = f.get(60, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IllegalStateException(method + ": " + r.get("error"));
        }
        return r.get("result");
    }

    public void navigate(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    /** Evaluates an expression (promises awaited) and returns its JSON value. */
    public JsonNode eval(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("JS error in " + expression + ": " + r.get("exceptionDetails"));
        }
        JsonNode v = r.get("result").get("value");
        return v == null ? JSON.nullNode() : v;
    }

    /** Parses JSON text (what a page returns from JSON.stringify). */
    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    /** Polls until the expression (or the promise it returns) is truthy; returns false on timeout. */
    public boolean waitFor(String expression, long timeoutMs) throws Exception {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (eval("(async () => !!(await (" + expression + ")))()").asBoolean()) {
                    return true;
                }
            } catch (IllegalStateException e) {
                // page still loading: the expression's globals are not there yet
            }
            Thread.sleep(200);
        }
        return false;
    }

    public void screenshot(Path file) throws Exception {
        write(file, call("Page.captureScreenshot", Map.of("format", "png")));
    }

    /** The whole page, also what lies below the window (long report pages). */
    void screenshotFullPage(Path file) throws Exception {
        JsonNode size = call("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("width").asDouble(), "height", size.get("height").asDouble(), "scale", 1);
        write(file, call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip)));
    }

    private static void write(Path file, JsonNode shot) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    @Override
    public void close() {
        try {
            ws.abort();
        } finally {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
