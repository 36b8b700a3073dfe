package dev.cascade.bench.sim;

import dev.cascade.core.sim.StressTest;
import dev.cascade.core.sim.engine.CascadeEngine;
import dev.cascade.core.sim.engine.CascadeResult;
import dev.cascade.core.sim.engine.CrossedFinder;
import dev.cascade.core.sim.engine.LiquidationIndex;
import dev.cascade.core.sim.engine.ScanFinder;
import dev.cascade.core.sim.engine.Shock;
import dev.cascade.core.sim.scenario.Population;
import dev.cascade.core.sim.scenario.Scenario;
import dev.cascade.core.sim.scenario.ScenarioLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A full cascade to quiescence after a 30% price gap, on the may-2021 population, book and engine settings with
 * {@code positions} positions. {@code finder=index} uses the liquidation-price index; {@code finder=scan} finds
 * crossed positions by scanning every account's margin each step (the exchange-core PR #151 approach), which is
 * only run on the smaller population. Each invocation runs on a fresh copy of one generated population; copying
 * and building the index are setup, not measured (a live engine keeps its index).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class CascadeBench {
    @Param({"1000000", "10000000"})
    public int positions;

    @Param({"index", "scan"})
    public String finder;

    @Param({"30"})
    public double shockPct;

    Scenario scenario;
    Population pristine;
    CascadeEngine engine;
    CascadeResult last;

    @Setup(Level.Trial)
    public void population() {
        if (finder.equals("scan") && positions > 1_000_000) {
            // An O(n)-per-step scan over 10M accounts takes minutes per cascade; the ratio is taken at 1M.
            throw new IllegalStateException("scan baseline skipped at " + positions + " positions");
        }
        scenario = ScenarioLoader.builtIn("may-2021");
        long t0 = System.nanoTime();
        pristine = scenario.withPopulation(scenario.population().withPositions(positions)).buildPopulation(null);
        System.out.printf("%n[setup] %,d positions generated in %.1f s%n", pristine.store().size(), (System.nanoTime() - t0) / 1e9);
    }

    @Setup(Level.Invocation)
    public void freshEngine() {
        Population p = pristine.copy();
        CrossedFinder f = finder.equals("index") ? new LiquidationIndex(StressTest.bucketWidth(p.startPrice()))
                : new ScanFinder(p.table(), true);
        engine = new CascadeEngine(p.store(), p.table(), f, scenario.engine(), p.startPrice(), List.of(Shock.gap(-shockPct)));
    }

    @Benchmark
    public CascadeResult cascade() {
        last = engine.run(null);
        return last;
    }

    @TearDown(Level.Trial)
    public void report() {
        if (last != null) {
            System.out.printf("%n[result] %d steps, liquidated %,d positions ($%.2fB), low %.0f, ADL fills %d, money %s%n",
                    last.steps().size(), last.longsLiquidated() + last.shortsLiquidated(), last.liquidatedUsd() / 1e15,
                    last.minMark() / 1e8, last.adlFills(),
                    last.conservedBefore() == last.conservedAfter() ? "conserved" : "NOT CONSERVED");
        }
    }
}
