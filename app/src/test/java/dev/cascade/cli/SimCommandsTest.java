package dev.cascade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

class SimCommandsTest {
    record Run(int exit, String out, String err) { }

    private static Run run(Callable<Integer> cmd, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(cmd).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void stressAnswersInOneSentenceThenReports() {
        Run r = run(new StressCommand(), "--drop", "8%", "--scenario", "may-2021", "--positions", "5000");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("If BTCUSDT drops 8.0% now (43,000 -> 39,560)").contains("is liquidated")
                .contains("mark price").contains("liquidated USD per step").contains("(exact)");
        assertThat(r.err()).contains("population: ");
    }

    @Test
    void simulateJsonHasTheSummaryAndEveryStep() throws Exception {
        Run r = run(new SimulateCommand(), "--scenario", "oct-2025", "--positions", "5000", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("scenario").asText()).isEqualTo("oct-2025");
        assertThat(n.get("moneyConserved").asBoolean()).isTrue();
        assertThat(n.get("steps").size()).isGreaterThan(10);
        assertThat(n.get("lowPrice").asDouble()).isLessThan(121_500);
    }

    @Test
    void badInputGivesAClearMessageAndExitCode2() {
        Run pct = run(new StressCommand(), "--drop", "lots");
        assertThat(pct.exit()).isEqualTo(2);
        assertThat(pct.err()).contains("not a percentage: 'lots'");
        Run range = run(new StressCommand(), "--drop", "150%");
        assertThat(range.exit()).isEqualTo(2);
        assertThat(range.err()).contains("between 0 and 100");
        Run scen = run(new SimulateCommand(), "--scenario", "june-2022");
        assertThat(scen.exit()).isEqualTo(2);
        assertThat(scen.err()).contains("neither a built-in scenario").contains("may-2021");
        Run missing = run(new SimulateCommand());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--scenario");
    }

    @Test
    void positionsFileAndScenarioFileAreRead(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("pos.csv");
        Files.writeString(csv, "side,qty,entry,wallet,mode\nlong,2,43000,4300\nlong,1,42000,2100,cross\nshort,1,43000,8600\nbogus\n");
        Run r = run(new StressCommand(), "--drop", "10", "--positions-file", csv.toString(), "--scenario", "may-2021");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("skipped line 5:").contains("1 line(s) rejected");
        assertThat(r.out()).contains("(2 positions)");

        Path scen = dir.resolve("s.json");
        Files.writeString(scen, """
                {"name":"tiny","startPrice":"100","population":{"positions":500,"oiUsd":"1000000",
                 "leverage":[{"x":20,"weight":1}],"seed":5},"book":{"depth1PctUsd":"20000"},
                 "shocks":[{"type":"gap","pct":-3}]}
                """);
        Run s = run(new SimulateCommand(), "--scenario", scen.toString());
        assertThat(s.exit()).as(s.err()).isZero();
        assertThat(s.out()).contains("cascade simulate: tiny");
        Files.writeString(scen, "{\"name\":\"broken\"");
        Run b = run(new SimulateCommand(), "--scenario", scen.toString());
        assertThat(b.exit()).isEqualTo(2);
        assertThat(b.err()).contains("not valid JSON");
    }
}
