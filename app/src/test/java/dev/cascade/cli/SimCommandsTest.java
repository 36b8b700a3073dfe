package dev.cascade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SimCommandsTest {
    @Test
    void stressAnswersInOneSentenceThenReports() {
        CliTest.Run r = CliTest.run("stress", "--drop", "8%", "--scenario", "may-2021", "--positions", "5000");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("If BTCUSDT drops 8.0% now (43,000 -> 39,560)").contains("is liquidated")
                .contains("mark price").contains("liquidated USD per step").contains("(exact)");
        assertThat(r.err()).contains("population: ");
    }

    @Test
    void simulateJsonHasTheSummaryAndEveryStep() throws Exception {
        CliTest.Run r = CliTest.run("simulate", "--scenario", "oct-2025", "--positions", "5000", "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("scenario").asText()).isEqualTo("oct-2025");
        assertThat(n.get("moneyConserved").asBoolean()).isTrue();
        assertThat(n.get("steps").size()).isGreaterThan(10);
        assertThat(n.get("lowPrice").isTextual()).as("prices as exact decimal strings").isTrue();
        assertThat(new java.math.BigDecimal(n.get("lowPrice").asText())).isLessThan(new java.math.BigDecimal("121500"));
        assertThat(n.at("/steps/0/mark").isTextual()).isTrue();
    }

    /** A clocked scenario reports itself against the real series: hourly mark vs real close, liquidations per bucket. */
    @Test
    void clockedScenarioIsReportedAgainstTheRealPath() throws Exception {
        CliTest.Run r = CliTest.run("simulate", "--scenario", "may-2021-path", "--positions", "20000");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Against the real path").contains("mean |error|").contains("2021-05-19 13:00")
                .contains("longs").contains("vs $1,386.0M");
        CliTest.Run j = CliTest.run("simulate", "--scenario", "may-2021-path", "--positions", "20000", "--format", "json");
        JsonNode n = new ObjectMapper().readTree(j.out());
        assertThat(n.get("startTime").asText()).isEqualTo("2021-05-19T00:00:00Z");
        JsonNode real = n.get("againstRealPath");
        assertThat(real.get("prices").size()).isEqualTo(24);
        assertThat(real.get("liquidations").get(0).get("realLongUsd").asLong()).isEqualTo(1_386_008_445_366_000L);
        // Every hourly row's error is (simulated - real) / real in bps, recomputed here.
        for (JsonNode p : real.get("prices")) {
            long sim = p.get("simulated").asLong();
            long rl = p.get("real").asLong();
            assertThat(p.get("errorBps").asLong()).isEqualTo(Math.round((sim - rl) * 10_000.0 / rl));
        }
    }

    @Test
    void badInputGivesAClearMessageAndExitCode2() {
        CliTest.Run pct = CliTest.run("stress", "--drop", "lots");
        assertThat(pct.exit()).isEqualTo(2);
        assertThat(pct.err()).contains("--drop: not a percentage: 'lots'");
        CliTest.Run range = CliTest.run("stress", "--drop", "150%");
        assertThat(range.exit()).isEqualTo(2);
        assertThat(range.err()).contains("--drop: percentage must be above 0 and at most 99");
        CliTest.Run rise = CliTest.run("stress", "--rise", "1000%");
        assertThat(rise.exit()).isEqualTo(2);
        assertThat(rise.err()).contains("--rise: percentage must be above 0 and at most 999");
        CliTest.Run scen = CliTest.run("simulate", "--scenario", "june-2022");
        assertThat(scen.exit()).isEqualTo(2);
        assertThat(scen.err()).contains("neither a built-in scenario").contains("may-2021");
        CliTest.Run missing = CliTest.run("simulate");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--scenario");
    }

    @Test
    void positionsFileAndScenarioFileAreRead(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("pos.csv");
        Files.writeString(csv, "side,qty,entry,wallet,mode\nlong,2,43000,4300\nlong,1,42000,2100,cross\nshort,1,43000,8600\nbogus\n");
        CliTest.Run r = CliTest.run("stress", "--drop", "10", "--positions-file", csv.toString(), "--scenario", "may-2021");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("skipped line 5:").contains("1 line(s) rejected");
        assertThat(r.out()).contains("(2 positions)");

        Path scen = dir.resolve("s.json");
        Files.writeString(scen, """
                {"name":"tiny","startPrice":"100","population":{"positions":500,"oiUsd":"1000000",
                 "leverage":[{"x":20,"weight":1}],"seed":5},"book":{"depth1PctUsd":"20000"},
                 "shocks":[{"type":"gap","pct":-3}]}
                """);
        CliTest.Run s = CliTest.run("simulate", "--scenario", scen.toString());
        assertThat(s.exit()).as(s.err()).isZero();
        assertThat(s.out()).contains("cascade simulate: tiny");
        Files.writeString(scen, "{\"name\":\"broken\"");
        CliTest.Run b = CliTest.run("simulate", "--scenario", scen.toString());
        assertThat(b.exit()).isEqualTo(2);
        assertThat(b.err()).contains("not valid JSON");
    }
}
