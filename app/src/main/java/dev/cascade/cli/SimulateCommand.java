package dev.cascade.cli;

import dev.cascade.core.money.Fixed;
import dev.cascade.core.sim.CascadeReport;
import dev.cascade.core.sim.StressTest;
import dev.cascade.core.sim.engine.CascadeEngine;
import dev.cascade.core.sim.engine.CascadeResult;
import dev.cascade.core.sim.engine.LiquidationIndex;
import dev.cascade.core.sim.engine.StepStats;
import dev.cascade.core.sim.scenario.Population;
import dev.cascade.core.sim.scenario.RealPathComparison;
import dev.cascade.core.sim.scenario.Scenario;
import dev.cascade.wire.WireJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code cascade simulate --scenario NAME|FILE}: runs a cascade scenario to quiescence and reports it. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run a liquidation-cascade scenario to quiescence: liquidations per step, price path, "
                + "insurance fund, ADL, compared with the published figures for built-in scenarios.")
public final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--scenario", required = true, paramLabel = "NAME|FILE",
            description = "Built-in scenario (may-2021, may-2021-path, oct-2025) or a scenario JSON file.")
    String scenario;

    @Mixin
    PopulationOptions population = new PopulationOptions();

    @Mixin
    OutputOption output = new OutputOption();

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        Scenario s;
        Population p;
        try {
            s = population.apply(SimInputs.scenario(scenario));
            p = population.population(s, err);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        CascadeEngine engine = new CascadeEngine(p.store(), p.table(), new LiquidationIndex(StressTest.bucketWidth(p.startPrice())),
                s.engine(), p.startPrice(), s.shocks());
        long t0 = System.nanoTime();
        CascadeResult r = engine.run(progress(err, s.engine().secondsPerStep()));
        err.printf("simulated %d steps in %.2f s%n", r.steps().size(), (System.nanoTime() - t0) / 1e9);
        RealPathComparison real = s.startTime() >= 0 && s.calibration() != null && s.calibration().actual() != null
                ? RealPathComparison.of(s.startTime(), s.engine().secondsPerStep(), r.steps(), s.calibration().actual()) : null;
        if (output.is(OutputOption.OutputFormat.json)) {
            out.println(toJson(s, r, real));
        } else if (output.is(OutputOption.OutputFormat.csv)) {
            printSteps(out, s, r);
        } else {
            out.println(CascadeReport.text("cascade simulate: " + s.name(), r, s.calibration(), s.engine().secondsPerStep()));
            if (real != null) {
                out.println(real.text());
            }
        }
        return r.conservedBefore() == r.conservedAfter() ? 0 : 1;
    }

    /** Progress on stderr every 50 steps: long runs show they are alive. */
    static CascadeEngine.StepObserver progress(PrintStream err, int secondsPerStep) {
        long[] liq = new long[1];
        return (st, eng) -> {
            liq[0] += st.liquidatedUsd();
            if (st.step() % 50 == 0) {
                err.printf("  step %5d (t+%ds)  mark %s  liquidated so far %s%n", st.step(), st.step() * secondsPerStep,
                        CascadeReport.px(st.mark()), CascadeReport.usd(liq[0]));
            }
        };
    }

    /** One CSV record per step: prices e8 and USD e6 as exact decimals; the step's time when the scenario has a clock. */
    static void printSteps(PrintStream out, Scenario s, CascadeResult r) {
        Csv.print(out, "step", "time", "mark", "index", "last", "longs_liquidated", "long_liquidated_usd", "shorts_liquidated",
                "short_liquidated_usd", "insurance_fund_usd", "adl_usd");
        for (StepStats st : r.steps()) {
            Csv.print(out, st.step(), s.startTime() < 0 ? null
                            : java.time.Instant.ofEpochMilli(s.startTime() + st.step() * 1000L * s.engine().secondsPerStep()),
                    Fixed.format(st.mark(), Fixed.E8), Fixed.format(st.index(), Fixed.E8), Fixed.format(st.last(), Fixed.E8),
                    st.longsLiquidated(), Fixed.format(st.longLiquidatedUsd(), Fixed.E6), st.shortsLiquidated(),
                    Fixed.format(st.shortLiquidatedUsd(), Fixed.E6), Fixed.format(st.insuranceFundUsd(), Fixed.E6),
                    Fixed.format(st.adlUsd(), Fixed.E6));
        }
    }

    static String toJson(Scenario s, CascadeResult r, RealPathComparison real) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", s.name());
        if (s.startTime() >= 0) {
            m.put("startTime", java.time.Instant.ofEpochMilli(s.startTime()).toString());
            m.put("secondsPerStep", s.engine().secondsPerStep());
        }
        m.putAll(summary(r));
        if (real != null) {
            m.put("againstRealPath", real); // USD e6, prices e8, errors in bps
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        for (StepStats st : r.steps()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("step", st.step());
            x.put("mark", WireJson.decimal(st.mark(), 8));
            x.put("index", WireJson.decimal(st.index(), 8));
            x.put("last", WireJson.decimal(st.last(), 8));
            x.put("longsLiquidated", st.longsLiquidated());
            x.put("longLiquidatedUsd", WireJson.decimal(st.longLiquidatedUsd(), 6));
            x.put("shortsLiquidated", st.shortsLiquidated());
            x.put("shortLiquidatedUsd", WireJson.decimal(st.shortLiquidatedUsd(), 6));
            x.put("insuranceFundUsd", WireJson.decimal(st.insuranceFundUsd(), 6));
            x.put("adlUsd", WireJson.decimal(st.adlUsd(), 6));
            steps.add(x);
        }
        m.put("steps", steps);
        return WireJson.pretty(m);
    }

    static Map<String, Object> summary(CascadeResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quiescent", r.quiescent());
        m.put("steps", r.steps().size());
        m.put("startPrice", WireJson.decimal(r.startPrice(), 8));
        m.put("lowPrice", WireJson.decimal(r.minMark(), 8));
        m.put("endPrice", WireJson.decimal(r.finalMark(), 8));
        m.put("liquidatedUsd", WireJson.decimal(r.liquidatedUsd(), 6));
        m.put("longLiquidatedUsd", WireJson.decimal(r.longLiquidatedUsd(), 6));
        m.put("shortLiquidatedUsd", WireJson.decimal(r.shortLiquidatedUsd(), 6));
        m.put("longsLiquidated", r.longsLiquidated());
        m.put("shortsLiquidated", r.shortsLiquidated());
        m.put("oiStartUsd", WireJson.decimal(r.oiStartUsd(), 6));
        m.put("oiEndUsd", WireJson.decimal(r.oiEndUsd(), 6));
        m.put("insuranceFundStartUsd", WireJson.decimal(r.insuranceFundStartUsd(), 6));
        m.put("insuranceFundMinUsd", WireJson.decimal(r.insuranceFundMinUsd(), 6));
        m.put("insuranceFundEndUsd", WireJson.decimal(r.insuranceFundEndUsd(), 6));
        m.put("adlFills", r.adlFills());
        m.put("adlUsd", WireJson.decimal(r.adlUsd(), 6));
        m.put("moneyConserved", r.conservedBefore() == r.conservedAfter());
        return m;
    }
}
