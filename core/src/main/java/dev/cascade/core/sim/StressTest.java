package dev.cascade.core.sim;

import dev.cascade.core.sim.engine.CascadeEngine;
import dev.cascade.core.sim.engine.CascadeResult;
import dev.cascade.core.sim.engine.EngineConfig;
import dev.cascade.core.sim.engine.LiquidationIndex;
import dev.cascade.core.sim.engine.Shock;
import dev.cascade.core.sim.engine.StepStats;
import dev.cascade.core.sim.scenario.Population;

import java.util.List;

/**
 * "How much is liquidated, and how far does it cascade, if the price drops X% now?": gaps index and last price by
 * -X% and runs the engine on a copy of the population to quiescence.
 */
public final class StressTest {
    /** The largest drop a caller may ask for (CLI --drop, API shockPct): at -100% every price is zero. */
    public static final int MAX_DROP_PCT = 99;
    /** The largest rise a caller may ask for (CLI --rise, API shockPct). */
    public static final int MAX_RISE_PCT = 999;

    private StressTest() {
    }

    /**
     * @param dropPct       the drop in percent (negative for a rise, see {@link #runMove})
     * @param shockPrice    start price after the gap alone, e8
     * @param cascadePct    how much further than the shock the mark went (lower for a drop, higher for a rise),
     *                      percent of the start price
     */
    public record Result(double dropPct, long startPrice, long shockPrice, CascadeResult cascade, double cascadePct) {
    }

    public static Result run(Population population, EngineConfig config, double dropPct) {
        return run(population, config, dropPct, null);
    }

    public static Result run(Population population, EngineConfig config, double dropPct, CascadeEngine.StepObserver observer) {
        if (!(dropPct > 0 && dropPct < 100)) {
            throw new IllegalArgumentException("drop must be between 0 and 100 percent, got " + dropPct);
        }
        return runMove(population, config, -dropPct, observer);
    }

    /**
     * A signed move: -10 gaps the price down 10% (longs are at risk), +10 up 10% (shorts). The result's
     * {@code dropPct} is {@code -movePct}.
     */
    public static Result runMove(Population population, EngineConfig config, double movePct, CascadeEngine.StepObserver observer) {
        if (!(movePct > -100 && movePct < 1000 && movePct != 0)) {
            throw new IllegalArgumentException("price move must be in (-100, 1000) percent and not 0, got " + movePct);
        }
        Population p = population.copy();
        CascadeEngine engine = new CascadeEngine(p.store(), p.table(), new LiquidationIndex(bucketWidth(p.startPrice())),
                config, p.startPrice(), List.of(Shock.gap(movePct)));
        CascadeResult r = engine.run(observer);
        long shock = Math.round(p.startPrice() * (1 + movePct / 100));
        long beyond;
        if (movePct < 0) {
            beyond = shock - r.minMark();
        } else {
            long max = p.startPrice();
            for (StepStats s : r.steps()) {
                max = Math.max(max, s.mark());
            }
            beyond = max - shock;
        }
        double extra = 100.0 * Math.max(0, beyond) / p.startPrice();
        return new Result(-movePct, p.startPrice(), shock, r, extra);
    }

    /** Bucket width for the liquidation index: about 1/50,000 of the price (one dollar for BTC). */
    public static long bucketWidth(long price) {
        return Math.max(1, price / 50_000);
    }
}
