package dev.cascade.server;

import dev.cascade.core.model.FeedGap;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.Trade;
import dev.cascade.ingest.SpineSink;

/**
 * The server as a sink of the ingest spine: every event moves the market clock and feed health; live ones are also
 * broadcast to dashboard clients and checked against the alert rules. Neither blocks: the hub queues per client and
 * drops for slow ones, the alert engine only updates windows. Placed before the store in the spine's sinks, so the live
 * feed does not wait for the store's append.
 */
final class LiveFanout implements SpineSink {
    private final LiveHub hub;
    private final AlertEngine alerts;
    private final MarketClock clock;
    private final FeedHealth health;

    LiveFanout(LiveHub hub, AlertEngine alerts, MarketClock clock, FeedHealth health) {
        this.hub = hub;
        this.alerts = alerts;
        this.clock = clock;
        this.health = health;
    }

    @Override
    public void history(MarketEvent e) {
        if (setsClock(e)) {
            clock.observeStored(e.ts());
        }
        health.record(e);
    }

    @Override
    public void event(MarketEvent e, long receiveNanos) {
        if (setsClock(e)) {
            clock.observeLive(e.ts());
        }
        health.record(e);
        // ingestUs is when the frame was received, so a client's latency includes queueing and the writer's pauses.
        long receivedUs = EventJson.nowMicros() - (System.nanoTime() - receiveNanos) / 1000;
        if (e instanceof Liquidation l) {
            hub.publish(new LiveHub.Message("liq", EventJson.liquidation(l, receivedUs)));
        } else if (e instanceof FeedGap g) {
            hub.publish(new LiveHub.Message("gap", EventJson.gap(g, receivedUs)));
        }
        alerts.onEvent(e);
    }

    /** Funding carries next-settlement times and OI lags: liquidations, trades and mark prices define "now". */
    private static boolean setsClock(MarketEvent e) {
        return e instanceof Liquidation || e instanceof Trade || e instanceof MarkPrice;
    }
}
