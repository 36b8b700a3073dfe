package dev.cascade.core.sim.scenario;

import dev.cascade.core.sim.engine.EngineConfig;
import dev.cascade.core.sim.engine.Shock;
import dev.cascade.core.sim.margin.BracketTable;

import java.util.List;

/**
 * A cascade scenario: who holds what (a synthetic {@link PopulationSpec} or a positions file), the book and engine
 * parameters, the shocks, and optionally the published figures to compare with.
 *
 * @param positionsFile path of a positions CSV (read by the caller, see {@link PopulationGenerator#fromCsv}); null
 *                      when the population is synthetic
 * @param startTime     the wall-clock time (epoch ms UTC) of step 0, or -1 when the scenario has no clock; step k is
 *                      {@code startTime + k x secondsPerStep}
 */
public record Scenario(String name, String description, String symbol, long startPrice, BracketTable table,
                       PopulationSpec population, String positionsFile, EngineConfig engine, List<Shock> shocks,
                       Calibration calibration, long startTime) {
    public Scenario withShocks(List<Shock> s) {
        return new Scenario(name, description, symbol, startPrice, table, population, positionsFile, engine, s,
                calibration, startTime);
    }

    public Scenario withPopulation(PopulationSpec p) {
        return new Scenario(name, description, symbol, startPrice, table, p, positionsFile, engine, shocks, calibration, startTime);
    }

    public Scenario withEngine(EngineConfig e) {
        return new Scenario(name, description, symbol, startPrice, table, population, positionsFile, e, shocks,
                calibration, startTime);
    }

    /** Builds the population; {@code positionsCsv} is the text of {@link #positionsFile} when there is one. */
    public Population buildPopulation(String positionsCsv) {
        if (positionsFile != null) {
            if (positionsCsv == null) {
                throw new IllegalArgumentException("scenario " + name + " needs its positions file " + positionsFile);
            }
            return PopulationGenerator.fromCsv(positionsCsv, symbol, startPrice, table);
        }
        return PopulationGenerator.generate(population, symbol, startPrice, table);
    }
}
