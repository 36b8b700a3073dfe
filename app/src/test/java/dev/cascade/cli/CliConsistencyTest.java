package dev.cascade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.replay.BundleBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.cascade.cli.CliTest.bundled;
import static dev.cascade.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** The same switch, the same exit code and the same honesty about formats on every command. */
class CliConsistencyTest {
    @TempDir
    Path dir;

    /** Every subcommand's --help: exit 0, usage on stdout, nothing on stderr (no picocli warnings). */
    @Test
    void everyHelpIsCleanOnStderr() {
        List<String> names = new ArrayList<>(CascadeCli.commandLine().getSubcommands().keySet());
        assertThat(names).contains("demo", "replay", "query", "export", "autopsy", "ingest", "serve", "simulate", "stress", "liqmap");
        names.add(0, null);
        for (String name : names) {
            CliTest.Run r = name == null ? run("--help") : run(name, "--help");
            assertThat(r.exit()).as(name).isZero();
            assertThat(r.out()).as(name).contains("Usage:");
            assertThat(r.err()).as(name + " --help stderr").isEmpty();
        }
    }

    /** A store that is not there is the same failure everywhere: exit 2 naming --db, and no empty store left behind. */
    @Test
    void aMissingStoreIsExit2EverywhereAndCreatesNothing() {
        Path none = dir.resolve("none.duckdb");
        List<String[]> commands = List.of(
                new String[]{"query", "--db", none.toString(), "--since", "1h"},
                new String[]{"query", "--db", none.toString(), "--windows"},
                new String[]{"export", "--db", none.toString(), "-o", dir.resolve("x.csv").toString()},
                new String[]{"autopsy", "--db", none.toString(), "--from", "2025-10-10", "--to", "2025-10-11"},
                new String[]{"liqmap", "--db", none.toString()},
                new String[]{"stress", "--drop", "5%", "--db", none.toString()});
        for (String[] c : commands) {
            CliTest.Run r = run(c);
            assertThat(r.exit()).as(String.join(" ", c)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", c)).contains("--db: no store file at " + none);
            assertThat(none).as(String.join(" ", c)).doesNotExist();
            // The same store named as a URL is the same failure, naming --store.
            List<String> byUrl = new ArrayList<>(List.of(c));
            byUrl.set(byUrl.indexOf("--db") + 1, "duckdb:" + none);
            byUrl.set(byUrl.indexOf("--db"), "--store");
            CliTest.Run u = run(byUrl.toArray(String[]::new));
            assertThat(u.exit()).as(String.join(" ", byUrl)).isEqualTo(2);
            assertThat(u.err()).as(String.join(" ", byUrl)).contains("--store: no store file at " + none);
            assertThat(none).as(String.join(" ", byUrl)).doesNotExist();
        }
    }

    /** serve's --replay and --load name themselves when a path is not there, before a store exists. */
    @Test
    void serveNamesTheFlagOfAMissingPath() {
        Path db = dir.resolve("s.duckdb");
        for (String flag : List.of("--replay", "--load")) {
            CliTest.Run r = run("serve", "--db", db.toString(), "--port", "0", "--exchanges", "none", flag,
                    dir.resolve("typo.jsonl").toString());
            assertThat(r.exit()).as(flag).isEqualTo(2);
            assertThat(r.err()).as(flag).contains(flag + ": no such file or directory: " + dir.resolve("typo.jsonl"));
            assertThat(db).as(flag).doesNotExist();
        }
    }

    @Test
    void aMissingReplayFileFailsClearlyWithoutCreatingAStore() {
        Path db = dir.resolve("r.duckdb");
        CliTest.Run r = run("replay", "--db", db.toString(), bundled(BundleBuilder.LIQ).toString(), dir.resolve("typo.jsonl.gz").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no such file: " + dir.resolve("typo.jsonl.gz"));
        assertThat(db).doesNotExist();
    }

    @Test
    void exportWritesWhatItsExtensionSaysOrRefuses() throws Exception {
        Path db = dir.resolve("e.duckdb");
        CliTest.Run replay = run("replay", "--db", db.toString(), "--format", "json", bundled(BundleBuilder.LIQ).toString());
        assertThat(replay.exit()).as(replay.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(replay.out());
        assertThat(summary.get("events").asLong()).isEqualTo(2160);
        Path json = dir.resolve("l.json");
        assertThat(run("export", "--db", db.toString(), "-o", json.toString()).exit()).isZero();
        JsonNode rows = new ObjectMapper().readTree(json.toFile());
        assertThat(rows.isArray()).isTrue();
        assertThat(rows.size()).isEqualTo(2160);
        // 64-bit ids and fixed-point money are strings (exact in JavaScript too); times are numbers.
        JsonNode first = rows.get(0);
        assertThat(first.get("event_id").isTextual()).isTrue();
        assertThat(first.get("notional_usd_e6").isTextual()).isTrue();
        assertThat(first.get("notional_usd_e6").asText()).matches("-?[0-9]+");
        assertThat(first.get("ts").isIntegralNumber()).isTrue();
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).get("ts").asLong()).isGreaterThanOrEqualTo(rows.get(i - 1).get("ts").asLong());
        }
        Path jsonl = dir.resolve("l.jsonl");
        assertThat(run("export", "--db", db.toString(), "-o", jsonl.toString()).exit()).isZero();
        assertThat(Files.readAllLines(jsonl)).hasSize(2160).allSatisfy(l -> assertThat(l).startsWith("{"));
        Path csv = dir.resolve("l.csv");
        assertThat(run("export", "--db", db.toString(), "-o", csv.toString()).exit()).isZero();
        assertThat(Files.readAllLines(csv)).hasSize(2161).first().asString().startsWith("event_id,ts,");
        String csvText = Files.readString(csv);
        assertThat(csvText.split("\r\n", -1)).as("CRLF records, the last one ended too").hasSize(2162).endsWith("");
        assertThat(csvText.replace("\r\n", "")).doesNotContain("\n");
        CliTest.Run mismatch = run("export", "--db", db.toString(), "--format", "csv", "-o", dir.resolve("m.json").toString());
        assertThat(mismatch.exit()).isEqualTo(2);
        assertThat(mismatch.err()).contains("--format csv but --out").contains("names json");
        assertThat(dir.resolve("m.json")).doesNotExist();
        CliTest.Run unknown = run("export", "--db", db.toString(), "-o", dir.resolve("m.txt").toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("--out: end the file name in .csv");
        // query in all three formats from the same store.
        CliTest.Run qcsv = run("query", "--db", db.toString(), "--from", "2025-10-10", "--to", "2025-10-12", "--format", "csv");
        assertThat(qcsv.out()).startsWith("source_class,exchange,symbol,side,count,notional_usd,lower_bound\r\n")
                .contains("\r\nAGGREGATE,COINGLASS,*,LONG,");
        CliTest.Run qjson = run("query", "--db", db.toString(), "--windows", "--to", "2025-10-11", "--format", "json");
        assertThat(new ObjectMapper().readTree(qjson.out()).get("windows").size()).isEqualTo(4);
        CliTest.Run wcsv = run("query", "--db", db.toString(), "--windows", "--to", "2025-10-11", "--format", "csv");
        assertThat(wcsv.out()).startsWith("window,from,to,source_class,exchange,").contains("\r\n24h,");
    }

    @Test
    void simulateWritesEveryStepAsCsv() {
        CliTest.Run r = run("simulate", "--scenario", "oct-2025", "--positions", "3000", "--format", "csv");
        assertThat(r.exit()).as(r.err()).isZero();
        String[] lines = r.out().split("\r\n");
        assertThat(lines[0]).isEqualTo("step,time,mark,index,last,longs_liquidated,long_liquidated_usd,shorts_liquidated,"
                + "short_liquidated_usd,insurance_fund_usd,adl_usd");
        assertThat(lines[1]).startsWith("0,2025-10-10T20:00:00Z,");
        assertThat(lines.length).isGreaterThan(10);
        CliTest.Run bad = run("simulate", "--scenario", "oct-2025", "--format", "xml");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--format");
    }

    /** The scenario stress as CSV: one header row in snake case like every other CSV, one record of the same figures. */
    @Test
    void stressWritesOneCsvRecordWithSnakeCaseHeaders() {
        CliTest.Run r = run("stress", "--drop", "10", "--scenario", "oct-2025", "--positions", "3000", "--format", "csv");
        assertThat(r.exit()).as(r.err()).isZero();
        String[] lines = r.out().split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("scenario,move_pct,shock_price,cascade_beyond_move_pct,").doesNotContainPattern("[A-Z]");
        assertThat(lines[1]).startsWith("oct-2025,-10.0,");
        assertThat(lines[0].split(",")).hasSameSizeAs(lines[1].split(","));
    }

    /** RFC 4180: seeded random fields with commas, quotes, CR and LF survive a strict parser unchanged. */
    @Test
    void csvFieldsRoundTripThroughAnRfc4180Parser() {
        long seed = System.nanoTime();
        System.out.println("csv round-trip seed " + seed);
        Random rnd = new Random(seed);
        String alphabet = "ab,\"\r\n x1";
        for (int n = 0; n < 2000; n++) {
            List<String> fields = new ArrayList<>();
            int k = 1 + rnd.nextInt(5);
            for (int i = 0; i < k; i++) {
                StringBuilder f = new StringBuilder();
                int len = rnd.nextInt(6);
                for (int j = 0; j < len; j++) {
                    f.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
                fields.add(f.toString());
            }
            String record = Csv.record(fields);
            assertThat(record).as("seed %d", seed).endsWith("\r\n");
            assertThat(parse(record.substring(0, record.length() - 2))).as("seed %d: %s", seed, record).isEqualTo(fields);
        }
        assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.field(null)).isEmpty();
    }

    /** A strict RFC 4180 record parser (the record without its CRLF). */
    static List<String> parse(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int i = 0;
        while (true) {
            if (i < s.length() && s.charAt(i) == '"') {
                i++;
                while (true) {
                    char c = s.charAt(i++);
                    if (c == '"') {
                        if (i < s.length() && s.charAt(i) == '"') {
                            f.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        f.append(c);
                    }
                }
            } else {
                while (i < s.length() && s.charAt(i) != ',') {
                    char c = s.charAt(i++);
                    if (c == '"' || c == '\r' || c == '\n') {
                        throw new IllegalArgumentException("unquoted special character in " + s);
                    }
                    f.append(c);
                }
            }
            out.add(f.toString());
            f.setLength(0);
            if (i >= s.length()) {
                return out;
            }
            if (s.charAt(i) != ',') {
                throw new IllegalArgumentException("garbage after a quoted field in " + s);
            }
            i++;
        }
    }
}
