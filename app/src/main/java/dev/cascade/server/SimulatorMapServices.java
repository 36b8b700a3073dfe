package dev.cascade.server;

import dev.cascade.core.port.MarketHistory;
import dev.cascade.core.sim.map.LiquidationMapEstimator;
import dev.cascade.core.sim.map.StoredLiquidationMap;
import dev.cascade.core.sim.scenario.Scenario;
import dev.cascade.core.sim.scenario.ScenarioLoader;
import dev.cascade.report.LiquidationMapReport;

/**
 * The simulator behind /api/liquidation-map and /api/stress: {@link StoredLiquidationMap} over the store's
 * event-level history, and {@link dev.cascade.core.sim.StressTest} on the population it implies, with the oct-2025
 * scenario's order book and engine (the store holds no book depth). Missing data is the caller's problem to fix
 * (ingest event-level feeds), so it answers 400 with what is needed.
 */
public final class SimulatorMapServices implements LiquidationMapService, StressService {
    static final long DEFAULT_WINDOW_MS = 7 * 24 * 3_600_000L;
    static final long STRESS_BIN_E8 = 100 * dev.cascade.core.money.Fixed.ONE_E8;
    private static final String BOOK_MODEL = "the oct-2025 built-in scenario's";

    private final MarketHistory history;
    private final Scenario book = ScenarioLoader.builtIn("oct-2025");

    public SimulatorMapServices(MarketHistory history) {
        this.history = history;
    }

    private StoredLiquidationMap.Estimate estimate(String coin, long fromTs, long toTs, long windowMs, long binE8) {
        try {
            if (fromTs < 0) {
                long latest = history.latestDataTs(coin);
                if (latest < 0) {
                    throw new StoredLiquidationMap.MissingData("the store holds no mark prices or trades for " + coin
                            + ": the modeled liquidation map needs event-level open-interest samples plus trades or mark"
                            + " prices per instrument (ingest venue feeds, or load the bundled synthetic-crash feed)");
                }
                toTs = latest + 1;
                fromTs = toTs - windowMs;
            }
            return StoredLiquidationMap.estimate(history, coin, fromTs, toTs, LiquidationMapEstimator.Params.defaults(binE8));
        } catch (StoredLiquidationMap.MissingData | IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    @Override
    public LiquidationMapReport.MapView map(String coin, long fromTs, long toTs, long windowMs, long binWidthE8) {
        return LiquidationMapReport.view(estimate(coin, fromTs, toTs, windowMs, binWidthE8));
    }

    @Override
    public LiquidationMapReport.StressView stress(String coin, double shockPct) {
        StoredLiquidationMap.Estimate e = estimate(coin, -1, -1, DEFAULT_WINDOW_MS, STRESS_BIN_E8);
        StoredLiquidationMap.Stress s;
        try {
            s = StoredLiquidationMap.stress(e, shockPct, book.engine(), book.table());
        } catch (StoredLiquidationMap.MissingData ex) {
            throw new BadRequest(ex.getMessage());
        }
        return LiquidationMapReport.stressView(e, s, shockPct, book.engine().secondsPerStep(), BOOK_MODEL);
    }
}
