package dev.cascade.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AutopsyCommandTest {
    @TempDir
    Path dir;

    @Test
    void demoEndsWithTheAutopsyAndTheCommandWritesAllFormats() throws Exception {
        Path db = dir.resolve("demo.duckdb");
        CliTest.Run demo = CliTest.run("demo", "--db", db.toString(), "--data", Path.of(System.getProperty("cascade.root", "..")).resolve("data").toString());
        assertThat(demo.exit()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("# Crash autopsy: BTC, 2025-10-10 00:00 to 2025-10-12 00:00 UTC")
                .contains("SYNTHETIC").contains(dir.resolve("out").resolve("oct-2025").resolve("autopsy-btc-20251010T000000.html").toString())
                .contains("# Crash autopsy: BTC, 2021-05-18 00:00 to 2021-05-21 00:00 UTC")
                .contains(dir.resolve("out").resolve("may-2021").resolve("autopsy-btc-20210518T000000.html").toString());

        Path out = dir.resolve("reports");
        CliTest.Run r = CliTest.run("autopsy", "--db", db.toString(), "--from", "2025-10-10T12:00", "--to", "2025-10-11T04:00",
                "--symbol", "btc", "--out", out.toString(), "--format", "html");
        assertThat(r.exit()).as(r.err()).isZero();
        Path html = out.resolve("autopsy-btc-20251010T120000.html");
        assertThat(html).exists();
        assertThat(Files.readString(html)).contains("echarts.init").contains("Cascade 1");
        assertThat(out.resolve("autopsy-btc-20251010T120000.md")).doesNotExist();

        // CoinGlass-style windows ending 10 Oct 22:00 (exact sums are checked in SqlQueryStoreAnalyticsTest).
        CliTest.Run w = CliTest.run("query", "--db", db.toString(), "--windows", "--to", "2025-10-10T22:00", "--symbol", "BTC");
        assertThat(w.exit()).as(w.err()).isZero();
        assertThat(w.out()).contains("== last 1h ==").contains("== last 24h ==").contains("coinglass").contains("long/short ratio");
    }

    @Test
    void badFlagsAreUsageErrors() {
        CliTest.Run r = CliTest.run("autopsy", "--db", dir.resolve("none.duckdb").toString(), "--from", "2025-10-12", "--to", "2025-10-10");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--to");
        CliTest.Run s = CliTest.run("autopsy", "--db", dir.resolve("none.duckdb").toString(), "--from", "2025-10-10", "--to", "2025-10-12",
                "--symbol", "BTC'; DROP TABLE liquidation;--");
        assertThat(s.exit()).isEqualTo(2);
        assertThat(s.err()).contains("--symbol");
        CliTest.Run f = CliTest.run("autopsy", "--from", "2025-10-10", "--to", "2025-10-12", "--format", "pdf");
        assertThat(f.exit()).isEqualTo(2);
    }
}
