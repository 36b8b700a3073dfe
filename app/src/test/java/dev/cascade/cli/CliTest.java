package dev.cascade.cli;

import dev.cascade.replay.BundleBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var cl = CascadeCli.commandLine();
            cl.setOut(new PrintWriter(System.out, true));
            cl.setErr(new PrintWriter(System.err, true));
            int exit = cl.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Path bundled(String name) {
        return Path.of(System.getProperty("cascade.root", "..")).resolve("data").resolve(name);
    }

    static Path shared(String name) {
        return Path.of(System.getProperty("cascade.shared", "../../shared")).resolve("data").resolve(name);
    }

    @Test
    void replayThenQueryGivesTheFileTotalsExactly() throws Exception {
        String db = dir.resolve("c.duckdb").toString();
        Run replay = run("replay", "--db", db, bundled(BundleBuilder.LIQ).toString());
        assertThat(replay.exit()).as(replay.out() + replay.err()).isZero();
        assertThat(replay.out()).contains("stored 2160 new, 0 already stored");
        Run again = run("replay", "--db", db, bundled(BundleBuilder.LIQ).toString());
        assertThat(again.out()).contains("stored 0 new, 2160 already stored");

        // The 20:00 UTC bucket of 10 Oct 2025, read from the shared CSV and from the store.
        String row = Files.readAllLines(shared("coinglass_BTC_liq_4h_20250518_20251114.csv")).stream()
                .filter(l -> l.startsWith("1760126400000,")).findFirst().orElseThrow();
        String[] f = row.split(",");
        Run q = run("query", "--db", db, "--from", "2025-10-10T20:00Z", "--to", "2025-10-11T00:00Z", "--by", "side", "--format", "csv");
        assertThat(q.exit()).as(q.err()).isZero();
        List<String> lines = q.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("source_class,exchange,symbol,side,count,notional_usd,lower_bound");
        assertThat(new BigDecimal(lines.get(1).split(",")[5])).isEqualByComparingTo(new BigDecimal(f[2]));
        assertThat(new BigDecimal(lines.get(2).split(",")[5])).isEqualByComparingTo(new BigDecimal(f[3]));
        assertThat(lines.get(1)).startsWith("AGGREGATE,*,*,LONG,1,");

        Run table = run("query", "--db", db, "--from", "2025-10-10", "--to", "2025-10-12", "--by", "exchange,side");
        assertThat(table.out()).contains("coinglass").contains("LONG").contains("$306,463,463.54").contains("total");
        Run json = run("query", "--db", db, "--from", "2025-10-10", "--to", "2025-10-12", "--by", "none", "--format", "json");
        assertThat(json.out()).contains("\"notionalUsd\" : \"" + csvTotal("2025-10-10T00:00:00Z", "2025-10-12T00:00:00Z")
                .stripTrailingZeros().toPlainString() + "\"");
    }

    /** Long + short USD of every 4h bucket starting in [from, to), summed exactly from the shared CSV. */
    static BigDecimal csvTotal(String from, String to) throws java.io.IOException {
        long f0 = Instant.parse(from).toEpochMilli();
        long t0 = Instant.parse(to).toEpochMilli();
        return Files.readAllLines(shared("coinglass_BTC_liq_4h_20250518_20251114.csv")).stream().skip(1)
                .map(l -> l.split(",")).filter(f -> Long.parseLong(f[0]) >= f0 && Long.parseLong(f[0]) < t0)
                .map(f -> new BigDecimal(f[2]).add(new BigDecimal(f[3]))).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(6, java.math.RoundingMode.UNNECESSARY);
    }

    @Test
    void badFlagsSayWhatIsWrongWithExitCode2() {
        Run since = run("query", "--since", "5x");
        assertThat(since.exit()).isEqualTo(2);
        assertThat(since.err()).contains("'5x' is not a duration");
        Run by = run("query", "--since", "1h", "--by", "venue");
        assertThat(by.exit()).isEqualTo(2);
        assertThat(by.err()).contains("unknown dimension 'venue'");
        Run exchange = run("query", "--since", "1h", "--exchange", "kraken");
        assertThat(exchange.exit()).isEqualTo(2);
        assertThat(exchange.err()).contains("unknown exchange 'kraken'");
        Run window = run("query", "--from", "2025-10-12", "--to", "2025-10-10");
        assertThat(window.exit()).isEqualTo(2);
        assertThat(window.err()).contains("must be after --from");
        Run both = run("query", "--since", "1h", "--from", "2025-10-10");
        assertThat(both.err()).contains("cannot be combined");
        Run unknown = run("frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unmatched argument");
    }

    @Test
    void missingStoreAndMissingFilesAreClearErrors() {
        Run q = run("query", "--db", dir.resolve("nope.duckdb").toString(), "--since", "1h");
        assertThat(q.exit()).isEqualTo(2);
        assertThat(q.err()).startsWith("--db: no store file at").doesNotContain("Exception");
        Run r = run("replay", "--db", dir.resolve("x.duckdb").toString(), dir.resolve("missing.jsonl").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no such file");
        assertThat(dir.resolve("x.duckdb")).doesNotExist();
    }

    @Test
    void exportsCsvAndParquet() throws Exception {
        String db = dir.resolve("e.duckdb").toString();
        assertThat(run("replay", "--db", db, bundled(BundleBuilder.OI).toString()).exit()).isZero();
        Path csv = dir.resolve("oi.csv");
        Run e = run("export", "--db", db, "--table", "open_interest", "--from", "2025-10-01", "--to", "2025-10-02", "--out", csv.toString());
        assertThat(e.exit()).as(e.err()).isZero();
        assertThat(e.out()).contains("exported 6 open_interest rows");
        assertThat(Files.readAllLines(csv)).hasSize(7).first().asString().startsWith("event_id,ts,");
        Path parquet = dir.resolve("oi.parquet");
        assertThat(run("export", "--db", db, "--table", "open_interest", "--out", parquet.toString()).out()).contains("exported 1080 open_interest rows");
        assertThat(Files.readAllBytes(parquet)).startsWith("PAR1".getBytes(StandardCharsets.US_ASCII));
        // Parquet is written by DuckDB's COPY, whose target cannot be bound: such a path is refused there. CSV and JSON
        // are written by Cascade itself, so any file name is just a file name.
        Run bad = run("export", "--db", db, "--out", dir.resolve("x';DROP TABLE liquidation;--.parquet").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--out");
        Path odd = dir.resolve("x';DROP TABLE open_interest;--.csv");
        assertThat(run("export", "--db", db, "--table", "open_interest", "--out", odd.toString()).exit()).isZero();
        assertThat(Files.readAllLines(odd)).hasSize(1081);
        assertThat(run("export", "--db", db, "--table", "open_interest", "--out", csv.toString()).out()).contains("exported 1080 open_interest rows");
    }

    @Test
    void demoReportsTheCrashFromTheBundledData() throws Exception {
        Run demo = run("demo", "--db", dir.resolve("demo.duckdb").toString(), "--data", bundled("").toString());
        assertThat(demo.exit()).as(demo.err()).isZero();
        BigDecimal total = csvTotal("2025-10-10T00:00:00Z", "2025-10-12T00:00:00Z");
        String expected = new java.text.DecimalFormat("$#,##0.00", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT))
                .format(total.setScale(2, java.math.RoundingMode.HALF_UP));
        assertThat(demo.out()).contains(expected).contains("drawdown").contains("OI flush");
    }
}
