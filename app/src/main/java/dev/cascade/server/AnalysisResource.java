package dev.cascade.server;

import dev.cascade.core.money.Fixed;
import dev.cascade.report.AutopsyJson;
import dev.cascade.core.sim.StressTest;
import io.javalin.http.Context;

import java.util.Set;

/** The analyses: crash autopsy, the modeled liquidation map and the stress test, run and cached by {@link AnalysisRunner}. */
final class AnalysisResource implements ApiRoutes.Resource {
    static final long SHARE_MS = 10_000;

    private final CascadeServer.Services services;
    private final MarketClock clock;
    private final AnalysisRunner runner;

    AnalysisResource(CascadeServer.Services services, MarketClock clock, AnalysisRunner runner) {
        this.services = services;
        this.clock = clock;
        this.runner = runner;
    }

    /**
     * "Now" for windows relative to the market clock, rounded up to {@link #SHARE_MS}: repeated requests within those
     * seconds name the same window and share one computation (the live clock moves every millisecond).
     */
    static long sharedNow(MarketClock clock) {
        long now = clock.windowEnd();
        return Math.floorDiv(now + SHARE_MS - 1, SHARE_MS) * SHARE_MS;
    }

    @Override
    public void register(ApiRoutes r) {
        r.get("/api/autopsy", this::autopsy);
        r.get("/api/liquidation-map", this::map);
        r.get("/api/stress", this::stress);
    }

    private void autopsy(Context ctx) {
        Params p = Http.params(ctx, Set.of("window", "from", "to", "coin"));
        if (p.raw("from") == null && p.raw("window") == null) {
            throw new BadRequest("give the window to analyse: from (and to), or window");
        }
        Params.Window w = p.window(sharedNow(clock), Params.DAY);
        String coin = p.coin();
        // The same document `cascade autopsy --format json` writes: one structure for the API and the files.
        runner.answer(ctx, "autopsy " + w.from() + " " + w.to() + " " + coin,
                () -> AutopsyJson.document(services.autopsy().autopsy(w.from(), w.to(), coin)));
    }

    private void map(Context ctx) {
        Params p = Http.params(ctx, Set.of("window", "from", "to", "coin", "priceBucket"));
        long priceBucket = p.decimal("priceBucket", 100 * Fixed.ONE_E8, 8, Fixed.ONE_E8 / 100, 1_000_000 * Fixed.ONE_E8);
        String coin = p.coin() == null ? "BTC" : p.coin();
        if (p.raw("from") != null || p.raw("to") != null) {
            Params.Window w = p.window(sharedNow(clock), 7 * Params.DAY);
            runner.answer(ctx, "map " + coin + " " + w.from() + " " + w.to() + " " + priceBucket,
                    () -> services.liquidationMap().map(coin, w.from(), w.to(), w.length(), priceBucket));
        } else {
            // Without from, the window ends at the coin's latest stored event-level data: the map "now" for this store.
            long windowMs = p.duration("window", 7 * Params.DAY, Params.HOUR, 90 * Params.DAY);
            // Keyed by the market clock too: the window ends at the latest data, which moves as events arrive.
            runner.answer(ctx, "map " + coin + " latest " + windowMs + " " + priceBucket + " " + sharedNow(clock),
                    () -> services.liquidationMap().map(coin, -1, -1, windowMs, priceBucket));
        }
    }

    private void stress(Context ctx) {
        Params p = Http.params(ctx, Set.of("coin", "shockPct"));
        if (p.raw("shockPct") == null) {
            throw new BadRequest("shockPct is required, e.g. shockPct=-10 for a 10% fall");
        }
        // The same bounds as the CLI's --drop and --rise; 4 decimals, so the percentage is an exact count of 1e-4 %.
        long shockPpm = p.decimal("shockPct", 0, 4, -StressTest.MAX_DROP_PCT * 10_000L, StressTest.MAX_RISE_PCT * 10_000L);
        if (shockPpm == 0) {
            throw new BadRequest("shockPct must not be 0");
        }
        String coin = p.coin() == null ? "BTC" : p.coin();
        runner.answer(ctx, "stress " + coin + " " + shockPpm + " " + sharedNow(clock),
                () -> services.stress().stress(coin, shockPpm / 10_000.0));
    }
}
