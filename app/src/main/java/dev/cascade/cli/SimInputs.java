package dev.cascade.cli;

import dev.cascade.core.sim.margin.BracketTable;
import dev.cascade.core.sim.scenario.Population;
import dev.cascade.core.sim.scenario.Scenario;
import dev.cascade.core.sim.scenario.ScenarioLoader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** File-side helpers shared by the simulate and stress commands: scenario by name or file, population overrides. */
final class SimInputs {
    private SimInputs() {
    }

    /** A built-in scenario name (see ScenarioLoader.BUILT_IN) or a path to a scenario JSON file. */
    static Scenario scenario(String nameOrFile) {
        if (ScenarioLoader.BUILT_IN.contains(nameOrFile)) {
            return ScenarioLoader.builtIn(nameOrFile);
        }
        Path p = Path.of(nameOrFile);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("--scenario: '" + nameOrFile + "' is neither a built-in scenario "
                    + ScenarioLoader.BUILT_IN + " nor a readable file");
        }
        return ScenarioLoader.parse(read(p));
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("file not found: " + p);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + p + ": " + e.getMessage());
        }
    }

    /** Applies --brackets, --positions, --seed, --positions-file and builds the population, reporting what it did. */
    static Scenario override(Scenario s, Path brackets, Integer positions, Long seed) {
        Scenario out = s;
        if (brackets != null) {
            BracketTable t = BracketTable.fromBinanceJson(read(brackets), s.symbol());
            out = new Scenario(s.name(), s.description(), s.symbol(), s.startPrice(), t, s.population(),
                    s.positionsFile(), s.engine(), s.shocks(), s.calibration(), s.startTime());
        }
        if (out.population() != null && positions != null) {
            if (positions < 1 || positions > 50_000_000) {
                throw new IllegalArgumentException("--positions must be between 1 and 50,000,000");
            }
            out = out.withPopulation(out.population().withPositions(positions));
        }
        if (out.population() != null && seed != null) {
            out = out.withPopulation(out.population().withSeed(seed));
        }
        return out;
    }

    static Population population(Scenario s, Path positionsFile, PrintStream err) {
        Population p;
        if (positionsFile != null) {
            p = dev.cascade.core.sim.scenario.PopulationGenerator.fromCsv(read(positionsFile), s.symbol(),
                    s.startPrice(), s.table());
        } else {
            String csv = s.positionsFile() == null ? null : read(Path.of(s.positionsFile()));
            long t0 = System.nanoTime();
            p = s.buildPopulation(csv);
            err.printf("population: %,d positions (%,d dropped as already liquidatable) in %.1f s%n",
                    p.store().size(), p.dropped(), (System.nanoTime() - t0) / 1e9);
        }
        for (String r : p.rejected()) {
            err.println("positions file: skipped " + r);
        }
        if (!p.rejected().isEmpty()) {
            err.printf("positions file: %d line(s) rejected%n", p.rejected().size());
        }
        if (p.store().size() == 0) {
            throw new IllegalArgumentException("the population is empty: nothing to simulate");
        }
        return p;
    }

    /** "10%", "10" or "0.1%" -> 10.0, 10.0, 0.1; above 0 and at most {@code max}. */
    static double percent(String flag, String text, int max) {
        String t = text.strip();
        if (t.endsWith("%")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": not a percentage: '" + text + "' (use e.g. 10%)");
        }
        if (!(v > 0 && v <= max)) {
            throw new IllegalArgumentException(flag + ": percentage must be above 0 and at most " + max + ": '" + text + "'");
        }
        return v;
    }
}
