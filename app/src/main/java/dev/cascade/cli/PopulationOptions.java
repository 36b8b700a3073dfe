package dev.cascade.cli;

import dev.cascade.core.sim.scenario.Population;
import dev.cascade.core.sim.scenario.Scenario;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;

/** Options shared by simulate and stress to override a scenario's population (a picocli mixin). */
final class PopulationOptions {
    @Option(names = "--positions", paramLabel = "N", description = "Override the number of synthetic positions.")
    Integer positions;

    @Option(names = "--seed", description = "Override the population's random seed.")
    Long seed;

    @Option(names = "--positions-file", paramLabel = "CSV",
            description = "Load positions from a CSV (side,qty,entry,wallet[,isolated|cross]) instead of synthesizing.")
    Path positionsFile;

    @Option(names = "--brackets", paramLabel = "JSON",
            description = "Binance leverageBracket JSON to use instead of the scenario's brackets.")
    Path brackets;

    /** The scenario with the overrides applied; the population built from it is {@link #population}. */
    Scenario apply(Scenario s) {
        return SimInputs.override(s, brackets, positions, seed);
    }

    Population population(Scenario s, PrintStream err) {
        return SimInputs.population(s, positionsFile, err);
    }
}
