package dev.cascade.server;

import dev.cascade.ingest.ReplayFileSource;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the browser tests run against: a server over the bundled data whose live source is a SYNTHETIC liquidation
 * feed (seeded, real wire formats, from 2026-01-01) replayed at 10x, and headless Chromium. Screenshots go to
 * {@code shots} (app/target/e2e/). The live replay starts only when a page has connected its WebSocket
 * ({@link #startLiveWhenConnected}), so what the page sees does not depend on how fast the browser starts.
 */
record BrowserRig(TestServer server, ReplayFileSource replay, Cdp browser, Path shots, AtomicBoolean liveStarted) implements AutoCloseable {
    /** Skips the test (JUnit assumption) where Chromium is not installed. */
    static BrowserRig start(Path tmp, long seed, int frames, long spacingUs, int width, int height) throws Exception {
        Assumptions.assumeTrue(Cdp.available(), "chromium not installed (apt-get install chromium)");
        long t0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        Path feed = SyntheticFeed.write(tmp, seed, frames, t0, spacingUs, 0.4);
        ReplayFileSource replay = ReplayFileSource.paced(List.of(feed), 10, 2000);
        TestServer server = new TestServer(null, null, LiveHub.withDefaults(), true);
        try {
            return new BrowserRig(server, replay, Cdp.launch(tmp.resolve("chromium-profile"), width, height),
                    TestServer.root().resolve("app/target/e2e"), new AtomicBoolean());
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    /** Waits (up to a minute) for a live WebSocket client, then starts the live replay; a second call does nothing. */
    void startLiveWhenConnected() throws InterruptedException {
        if (liveStarted.getAndSet(true)) {
            return;
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
        while (server.server.hub().stats().clients() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        server.spine.add(replay);
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            server.close();
        }
    }
}
