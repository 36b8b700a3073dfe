package dev.cascade.cli;

import dev.cascade.core.money.Fixed;
import dev.cascade.core.sim.CascadeReport;
import dev.cascade.core.sim.StressTest;
import dev.cascade.core.sim.scenario.Population;
import dev.cascade.core.sim.scenario.Scenario;
import dev.cascade.core.sim.map.StoredLiquidationMap;
import dev.cascade.report.LiquidationMapReport;
import dev.cascade.core.port.ReadStore;
import dev.cascade.wire.WireJson;
import picocli.CommandLine.Command;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cascade stress --drop 10%} or {@code --rise 10%}: how much is liquidated and how far it cascades if the price
 * gaps down (longs) or up (shorts) by X% now, as the API's signed {@code shockPct} does.
 */
@Command(name = "stress", mixinStandardHelpOptions = true,
        description = "Gap the price down by --drop (or up by --rise) and run the liquidation cascade to quiescence on a "
                + "population (a scenario's, or a positions CSV); report liquidations and how far the cascade went beyond the move.")
public final class StressCommand implements Callable<Integer> {
    /** Exactly one of --drop and --rise. */
    static final class Move {
        @Option(names = "--drop", required = true, paramLabel = "PCT",
                description = "Instant price drop, e.g. 10%% (liquidates longs); at most " + StressTest.MAX_DROP_PCT + "%%.")
        String drop;

        @Option(names = "--rise", required = true, paramLabel = "PCT",
                description = "Instant price rise, e.g. 10%% (liquidates shorts); at most " + StressTest.MAX_RISE_PCT + "%%, as the API.")
        String rise;

        /** The signed move in percent: negative for a drop. */
        double signedPct() {
            return drop != null ? -SimInputs.percent("--drop", drop, StressTest.MAX_DROP_PCT)
                    : SimInputs.percent("--rise", rise, StressTest.MAX_RISE_PCT);
        }
    }

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Move move;

    @Option(names = "--scenario", defaultValue = "oct-2025", paramLabel = "NAME|FILE",
            description = "Population and book model to stress: built-in (may-2021, may-2021-path, oct-2025) or a scenario JSON "
                    + "file; its own shocks are ignored. Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Mixin
    PopulationOptions population = new PopulationOptions();

    @Mixin
    OutputOption output = new OutputOption();

    @Option(names = "--db", paramLabel = "FILE", description = "Answer from this store's estimated liquidation map "
            + "(see `cascade liqmap`) instead of a scenario population; --scenario then only supplies the order book "
            + "and engine model.")
    java.nio.file.Path db;

    @Option(names = "--store", paramLabel = "URL", description = "Like --db, from a store by URL: duckdb:FILE or "
            + "clickhouse://host:8123/database (password from $CASCADE_CLICKHOUSE_PASSWORD).")
    String storeUrl;

    @Mixin
    StoredMapOptions stored = new StoredMapOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        double pct;
        Scenario s;
        Population p;
        stored.validate(spec); // bad --symbol, --bin or window values are usage errors with or without --db
        if (db != null || storeUrl != null) {
            return fromStore(out, err);
        }
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        if (stored.since != null || stored.from != null || stored.to != null || given.hasMatchedOption("--symbol")
                || given.hasMatchedOption("--bin")) {
            err.println("error: --symbol, --bin and --since/--from/--to choose the stored map and need --db FILE");
            return CascadeCli.EXIT_USAGE;
        }
        try {
            pct = move.signedPct();
            s = population.apply(SimInputs.scenario(scenario));
            p = population.population(s, err);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        long t0 = System.nanoTime();
        StressTest.Result r = StressTest.runMove(p, s.engine(), pct, SimulateCommand.progress(err, s.engine().secondsPerStep()));
        err.printf("stress run: %d steps in %.2f s%n", r.cascade().steps().size(), (System.nanoTime() - t0) / 1e9);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", s.name());
        m.put("movePct", pct);
        m.put("shockPrice", WireJson.decimal(r.shockPrice(), 8));
        m.put("cascadeBeyondMovePct", r.cascadePct());
        m.putAll(SimulateCommand.summary(r.cascade()));
        if (output.is(OutputOption.OutputFormat.json)) {
            out.println(WireJson.pretty(m));
        } else if (output.is(OutputOption.OutputFormat.csv)) {
            // Snake-case headers, as every other CSV the CLI writes (movePct -> move_pct).
            Csv.print(out, m.keySet().stream().map(k -> k.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT)).toArray());
            Csv.print(out, m.values().toArray());
        } else {
            out.printf(Locale.ROOT, "If %s %s %.1f%% now (%s -> %s), %s is liquidated (%d positions) and the cascade "
                            + "takes the mark %.1f%% further, to %s.%n%n", s.symbol(), verb(pct), Math.abs(pct), CascadeReport.px(r.startPrice()),
                    CascadeReport.px(r.shockPrice()), CascadeReport.usd(r.cascade().liquidatedUsd()),
                    r.cascade().longsLiquidated() + r.cascade().shortsLiquidated(), r.cascadePct(),
                    CascadeReport.px(extremeMark(r.cascade(), pct)));
            out.println(CascadeReport.text(String.format(Locale.ROOT, "cascade stress %s (%s population)", flag(pct), s.name()),
                    r.cascade(), null, s.engine().secondsPerStep()));
        }
        return r.cascade().conservedBefore() == r.cascade().conservedAfter() ? 0 : 1;
    }

    /** The stress test on the population the stored liquidation map implies. */
    private Integer fromStore(PrintStream out, PrintStream err) throws Exception {
        double pct;
        Scenario book;
        try {
            pct = move.signedPct();
            if (population.positions != null || population.seed != null || population.positionsFile != null) {
                throw new IllegalArgumentException("--positions, --seed and --positions-file build a scenario population;"
                        + " with --db the population comes from the store");
            }
            book = population.apply(SimInputs.scenario(scenario));
            stored.validate(spec);
            if (storeUrl != null && db != null) {
                throw new IllegalArgumentException("--db and --store name two stores; give one");
            }
            ReadStoreOption.requireExisting(spec, db, storeUrl);
        } catch (IllegalArgumentException | picocli.CommandLine.ParameterException e) {
            err.println("error: " + e.getMessage());
            return CascadeCli.EXIT_USAGE;
        }
        StoredLiquidationMap.Estimate e;
        StoredLiquidationMap.Stress st;
        ReadStore opened;
        try {
            opened = ReadStoreOption.open(spec, db, storeUrl);
        } catch (picocli.CommandLine.ParameterException bad) {
            err.println("error: " + bad.getMessage());
            return CascadeCli.EXIT_USAGE;
        }
        try (ReadStore rs = opened) {
            e = stored.estimate(rs.history(), spec);
            err.printf(Locale.ROOT, "map: %s, %d instrument(s), %,d estimated cohorts%n", e.coin(), e.instruments().size(),
                    e.map().levels().size());
            st = StoredLiquidationMap.stress(e, pct, book.engine(), book.table());
        } catch (StoredLiquidationMap.MissingData m) {
            err.println("error: " + m.getMessage() + StoredMapOptions.HINT);
            return CascadeCli.EXIT_FAILED;
        }
        StressTest.Result r = st.result();
        String bookModel = "the " + book.name() + " scenario's";
        LiquidationMapReport.StressView v = LiquidationMapReport.stressView(e, st, pct, book.engine().secondsPerStep(), bookModel);
        if (output.is(OutputOption.OutputFormat.json)) {
            out.println(WireJson.pretty(v));
        } else if (output.is(OutputOption.OutputFormat.csv)) {
            Csv.print(out, "coin", "move_pct", "start_price", "shock_price", "extreme_mark", "long_liquidated_usd", "short_liquidated_usd",
                    "positions_liquidated", "positions", "cascade_beyond_move_pct");
            Csv.print(out, e.coin(), pct, Fixed.format(r.startPrice(), Fixed.E8), Fixed.format(r.shockPrice(), Fixed.E8),
                    Fixed.format(v.extremeMarkE8(), Fixed.E8), Fixed.format(r.cascade().longLiquidatedUsd(), Fixed.E6),
                    Fixed.format(r.cascade().shortLiquidatedUsd(), Fixed.E6), r.cascade().longsLiquidated() + r.cascade().shortsLiquidated(),
                    st.population().store().size(), r.cascadePct());
        } else {
            out.printf(Locale.ROOT, "If %s %s %.1f%% now (%s -> %s), %s is liquidated (%d of %d estimated positions) and the"
                            + " cascade takes the mark %.1f%% further, to %s.%n", e.coin(), verb(pct), Math.abs(pct), CascadeReport.px(r.startPrice()),
                    CascadeReport.px(r.shockPrice()), CascadeReport.usd(r.cascade().liquidatedUsd()),
                    r.cascade().longsLiquidated() + r.cascade().shortsLiquidated(), st.population().store().size(),
                    r.cascadePct(), CascadeReport.px(v.extremeMarkE8()));
            out.println(LiquidationMapReport.LABEL + ".");
            out.printf("Population: the liquidation map of %s over %s .. %s (%s); order book and engine: %s.%n%n", e.coin(),
                    java.time.Instant.ofEpochMilli(e.fromTs()), java.time.Instant.ofEpochMilli(e.toTs()),
                    String.join(", ", e.instruments()), bookModel);
            out.println(CascadeReport.text(String.format(Locale.ROOT, "cascade stress %s (stored map of %s)", flag(pct),
                    e.coin()), r.cascade(), null, book.engine().secondsPerStep()));
            out.println("assumptions:");
            for (String a : v.assumptions()) {
                out.println("  - " + a);
            }
        }
        return r.cascade().conservedBefore() == r.cascade().conservedAfter() ? 0 : 1;
    }

    /** The lowest mark after a drop, the highest after a rise. */
    static long extremeMark(dev.cascade.core.sim.engine.CascadeResult r, double signedPct) {
        if (signedPct < 0) {
            return r.minMark();
        }
        long max = r.startPrice();
        for (dev.cascade.core.sim.engine.StepStats st : r.steps()) {
            max = Math.max(max, st.mark());
        }
        return max;
    }

    private static String verb(double signedPct) {
        return signedPct < 0 ? "drops" : "rises";
    }

    private static String flag(double signedPct) {
        return String.format(Locale.ROOT, "%s %.1f%%", signedPct < 0 ? "--drop" : "--rise", Math.abs(signedPct));
    }
}
