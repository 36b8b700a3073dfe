package dev.cascade.core.sim.scenario;

import dev.cascade.core.money.Fixed;
import dev.cascade.core.sim.StressTest;
import dev.cascade.core.sim.engine.CascadeEngine;
import dev.cascade.core.sim.engine.CascadeResult;
import dev.cascade.core.sim.engine.LiquidationIndex;
import dev.cascade.core.sim.engine.Shock;
import dev.cascade.core.sim.margin.BracketTable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioLoaderTest {
    private static final String MINIMAL = """
            {"name":"t","startPrice":"50000",
             "population":{"positions":1000,"oiUsd":"100000000","shortShare":0.4,
               "leverage":[{"x":10,"weight":1}],"oiHistory":[
                 {"price":"48000","oiUsd":"50000000"},{"price":"49000","oiUsd":"70000000"},
                 {"price":"52000","oiUsd":"60000000"},{"price":"51000","oiUsd":"100000000"}],
               "entrySigmaPct":0,"seed":3},
             "book":{"depth1PctUsd":"5000000"},
             "engine":{"insuranceFundUsd":"1000000","markClampPct":"2.5","liquidationFeePct":"0.5"},
             "shocks":[{"type":"gap","pct":-5},{"type":"marketSell","usd":"1000000","atStep":2,"overSteps":2},
                       {"type":"funding","rate":"0.001","atStep":1},{"type":"spotTrend","pct":-1,"overSteps":5}]}
            """;

    @Test
    void parsesEveryFieldExactly() {
        Scenario s = ScenarioLoader.parse(MINIMAL);
        assertThat(s.startPrice()).isEqualTo(50_000L * Fixed.ONE_E8);
        assertThat(s.engine().markClampPpm()).isEqualTo(25_000);
        assertThat(s.engine().liquidationFeePpm()).isEqualTo(5_000);
        assertThat(s.engine().insuranceFundUsd()).isEqualTo(1_000_000L * Fixed.ONE_E6);
        assertThat(s.shocks()).containsExactly(Shock.gap(-5), Shock.marketSell(2, 1_000_000L * Fixed.ONE_E6, 2),
                Shock.funding(1, Fixed.ONE_E12 / 1000), Shock.spotTrend(0, -1, 5));
        // Entries inferred from OI history: only the increases (+20M at 49k, +40M at 51k) open positions.
        assertThat(s.population().entryPrices()).containsExactly(49_000L * Fixed.ONE_E8, 51_000L * Fixed.ONE_E8);
        assertThat(s.population().entryWeights()).containsExactly(2e13, 4e13);
        Population p = s.buildPopulation(null);
        long at49 = 0;
        long at51 = 0;
        for (int i = 0; i < p.store().size(); i++) {
            double entry = (Math.abs(p.store().cost(i)) / 1e6) / (Math.abs(p.store().qty(i)) / 1e8);
            if (Math.abs(entry - 49_000) < 1) {
                at49++;
            } else if (Math.abs(entry - 51_000) < 1) {
                at51++;
            }
        }
        assertThat(at49 + at51).isEqualTo(p.store().size());
        assertThat(at51).isGreaterThan(at49);
        // 10x longs entered at 51k are liquidatable only below ~46k; longs add up to the OI.
        assertThat(p.longOiUsd()).isBetween(80_000_000L * Fixed.ONE_E6, 120_000_000L * Fixed.ONE_E6);
    }

    @Test
    void badInputGivesMessagesThatNameTheField() {
        assertThatThrownBy(() -> ScenarioLoader.parse("{\"name\":\"x\"}")).hasMessageContaining("startPrice");
        assertThatThrownBy(() -> ScenarioLoader.parse(MINIMAL.replace("\"gap\"", "\"meteor\"")))
                .hasMessageContaining("unknown shock type 'meteor'");
        assertThatThrownBy(() -> ScenarioLoader.parse(MINIMAL.replace("\"5000000\"", "\"lots\"")))
                .hasMessageContaining("depth1PctUsd");
        assertThatThrownBy(() -> ScenarioLoader.parse("[1,")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ScenarioLoader.builtIn("june-2022")).hasMessageContaining("may-2021");
    }

    @Test
    void positionsCsvSkipsAndReportsBadLines() {
        String csv = """
                side,qty,entry,wallet,mode
                long,1,40000,4000,isolated
                short,0.5,40000,1000,cross
                sideways,1,40000,100
                long,abc,40000,100
                long,1,60000,600
                """;
        Population p = PopulationGenerator.fromCsv(csv, "BTCUSDT", 40_000L * Fixed.ONE_E8, BracketTable.binanceBtcUsdt2021());
        assertThat(p.store().size()).isEqualTo(2);
        assertThat(p.store().cross(1)).isTrue();
        assertThat(p.rejected()).hasSize(2);
        assertThat(p.rejected().get(0)).startsWith("line 4:").contains("side");
        assertThat(p.rejected().get(1)).startsWith("line 5:");
        assertThat(p.dropped()).isEqualTo(1); // 100x long from 60k is far below water at 40k
    }

    /** The built-in scenarios stay within a band around the published figures (see docs/simulator.md). */
    @Test
    void builtInScenariosLandNearThePublishedFigures() {
        for (String name : ScenarioLoader.BUILT_IN) {
            Scenario s = ScenarioLoader.builtIn(name);
            Population p = s.buildPopulation(null);
            CascadeResult r = new CascadeEngine(p.store(), p.table(), new LiquidationIndex(StressTest.bucketWidth(p.startPrice())),
                    s.engine(), p.startPrice(), s.shocks()).run(null);
            assertThat(r.quiescent()).as(name).isTrue();
            assertThat(r.conservedAfter()).as(name).isEqualTo(r.conservedBefore());
            double low = r.minMark() / 1e8;
            double published = s.calibration().priceLow() / 1e8;
            assertThat(low).as(name + " low").isBetween(published * 0.9, published * 1.1);
            double liq = r.liquidatedUsd() / 1e6;
            assertThat(liq).as(name + " liquidated").isBetween(s.calibration().liquidatedLowUsd() / 1e6 * 0.5,
                    s.calibration().liquidatedHighUsd() / 1e6);
            assertThat(r.oiEndUsd() / 1e6).as(name + " OI after").isBetween(s.calibration().oiAfterUsd() / 1e6 * 0.8,
                    s.calibration().oiAfterUsd() / 1e6 * 1.2);
        }
    }

    @Test
    void stressTestCascadesFurtherThanTheDropOnAFragilePopulation() {
        Scenario s = ScenarioLoader.builtIn("may-2021");
        Population p = s.withPopulation(s.population().withPositions(20_000)).buildPopulation(null);
        StressTest.Result small = StressTest.run(p, s.engine(), 2);
        StressTest.Result big = StressTest.run(p, s.engine(), 10);
        assertThat(big.cascade().liquidatedUsd()).isGreaterThan(small.cascade().liquidatedUsd());
        assertThat(big.cascadePct()).isPositive();
        // The population itself was not mutated by the runs.
        assertThat(StressTest.run(p, s.engine(), 10).cascade().liquidatedUsd()).isEqualTo(big.cascade().liquidatedUsd());
        assertThatThrownBy(() -> StressTest.run(p, s.engine(), 120)).hasMessageContaining("between 0 and 100");
    }
}
