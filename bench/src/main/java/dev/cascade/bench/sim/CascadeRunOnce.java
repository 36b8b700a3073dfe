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

import java.util.List;

/**
 * One-shot timing of the cascade benchmark outside JMH (for profiling and a quick look):
 * {@code java -cp bench/target/benchmarks.jar dev.cascade.bench.sim.CascadeRunOnce POSITIONS index|scan [RUNS]}.
 * Prints wall and thread CPU time: on a shared, loaded machine the CPU time is the steadier figure.
 */
public final class CascadeRunOnce {
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private CascadeRunOnce() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        String finder = args.length > 1 ? args[1] : "index";
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Scenario s = ScenarioLoader.builtIn("may-2021");
        long t0 = System.nanoTime();
        Population pristine = s.withPopulation(s.population().withPositions(n)).buildPopulation(null);
        System.out.printf("generated %,d positions in %.2f s%n", pristine.store().size(), (System.nanoTime() - t0) / 1e9);
        for (int r = 0; r < runs; r++) {
            Population p = pristine.copy();
            long t1 = System.nanoTime();
            CrossedFinder f = finder.equals("index") ? new LiquidationIndex(StressTest.bucketWidth(p.startPrice()))
                    : new ScanFinder(p.table(), true);
            CascadeEngine e = new CascadeEngine(p.store(), p.table(), f, s.engine(), p.startPrice(), List.of(Shock.gap(-30)));
            long t2 = System.nanoTime();
            long c2 = CPU.getCurrentThreadCpuTime();
            CascadeResult res = e.run(null);
            long t3 = System.nanoTime();
            long cpu = CPU.getCurrentThreadCpuTime() - c2;
            System.out.printf("run %d: build %.2f s, cascade %.3f s wall, %.3f s CPU: %d steps, %,d liquidated ($%.2fB), low %.0f, ADL %d, %s%n",
                    r, (t2 - t1) / 1e9, (t3 - t2) / 1e9, cpu / 1e9, res.steps().size(), res.longsLiquidated() + res.shortsLiquidated(),
                    res.liquidatedUsd() / 1e15, res.minMark() / 1e8, res.adlFills(),
                    res.conservedBefore() == res.conservedAfter() ? "conserved" : "NOT CONSERVED");
        }
    }
}
