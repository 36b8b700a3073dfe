package dev.cascade.server;

import dev.cascade.core.model.FeedGap;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.Trade;
import dev.cascade.core.port.EventSink;

/**
 * Where every normalized event goes: market clock and feed health, then (live only) the broadcast and the alert rules,
 * then the store. The broadcast comes before the store because a store flush can hold the store for tens of ms and
 * the live feed should not wait for it; broadcast and alerts never block.
 */
public final class Ingest {
    private final EventSink store;
    private final LiveHub hub;
    private final AlertEngine alerts;
    private final MarketClock clock;
    private final FeedHealth health;

    public Ingest(EventSink store, LiveHub hub, AlertEngine alerts, MarketClock clock, FeedHealth health) {
        this.store = store;
        this.hub = hub;
        this.alerts = alerts;
        this.clock = clock;
        this.health = health;
    }

    /** Live events: stored, broadcast, checked against alert rules. */
    public EventSink live() {
        return this::live;
    }

    /** History loaded at start-up: stored and counted, not broadcast and not alerted on. */
    public EventSink history() {
        return e -> {
            if (setsClock(e)) {
                clock.observeStored(e.ts());
            }
            health.record(e);
            store.accept(e);
        };
    }

    /** Funding carries next-settlement times and OI lags: liquidations, trades and mark prices define "now". */
    private static boolean setsClock(MarketEvent e) {
        return e instanceof Liquidation || e instanceof Trade || e instanceof MarkPrice;
    }

    private void live(MarketEvent e) {
        if (setsClock(e)) {
            clock.observeLive(e.ts());
        }
        health.record(e);
        if (e instanceof Liquidation l) {
            hub.publish(new LiveHub.Message("liq", EventJson.liquidation(l, EventJson.nowMicros())));
        } else if (e instanceof FeedGap g) {
            hub.publish(new LiveHub.Message("gap", EventJson.gap(g, EventJson.nowMicros())));
        }
        alerts.onEvent(e);
        store.accept(e);
    }
}
