package dev.cascade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.core.money.Fixed;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cascade.core.port.ReadStore;
import dev.cascade.server.SimulatorMapServices;
import dev.cascade.store.DuckDbReadStore;
import dev.cascade.store.MapEvents;
import dev.cascade.wire.WireJson;
import dev.cascade.wire.WireAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `cascade liqmap` and `cascade stress --db` over the hand-computed store of {@link MapEvents}. */
class LiqmapCommandTest {
    @TempDir
    static Path dir;
    static Path db;

    @BeforeAll
    static void store() {
        db = dir.resolve("map.duckdb");
        MapEvents.writeStore(db);
    }

    static CliTest.Run run(String... args) {
        return CliTest.run(args);
    }

    @Test
    void liqmapPrintsTheModelWithAChartAndTiers() {
        CliTest.Run r = run("liqmap", "--db", db.toString(), "--symbol", "btc");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("== Liquidation map of BTC (oi-flow-leverage-tiers) ==")
                .contains("MODEL: estimated liquidation levels")
                .contains("instruments   BINANCE BTC-USDT-PERP, OKX BTC-USDT-PERP")
                .contains("skipped       COINGLASS BTC-ALL-AGG")
                .contains("last price    50,000")
                .contains("longs below   $4.6M   shorts above   $5.4M")
                .contains("     10x  longs      $1.4M  shorts      $1.6M")
                .contains("<- last price 50,000")
                .contains("assumptions:");
        // The bin size is stated as it is: the model's bins, and how many of them each chart row sums.
        java.util.regex.Matcher bins = java.util.regex.Pattern.compile("price bins    100 wide \\(model\\); each chart row below sums (\\d+) bins = ([0-9,]+) of price")
                .matcher(r.out());
        assertThat(bins.find()).as(r.out()).isTrue();
        assertThat(Long.parseLong(bins.group(2).replace(",", ""))).isEqualTo(100L * Long.parseLong(bins.group(1)));
        assertThat(r.out()).contains("estimated liquidation USD per " + bins.group(2) + " of price");
        assertThat(r.out()).doesNotContain("(bin 100)");
        // The chart: shorts above the last-price marker, longs below.
        String chart = r.out().substring(r.out().indexOf("estimated liquidation USD per"));
        int marker = chart.indexOf("<- last price");
        assertThat(chart.substring(0, marker)).contains("|S").doesNotContain("|L");
        assertThat(chart.substring(marker)).contains("|L").doesNotContain("|S");
    }

    @Test
    void liqmapRowsAreTheBinsWhenTheyFit() {
        CliTest.Run r = run("liqmap", "--db", db.toString(), "--symbol", "btc", "--bin", "5000", "--rows", "100");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("price bins    5,000 wide (model)\n").contains("estimated liquidation USD per 5,000 of price")
                .doesNotContain("each chart row");
    }

    @Test
    void liqmapJsonHasEveryBinByTier() throws Exception {
        CliTest.Run r = run("liqmap", "--db", db.toString(), "--format", "json", "--bin", "1000");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("model").asText()).isEqualTo("oi-flow-leverage-tiers");
        assertThat(WireAssert.fixed(n.get("binWidth"), 8)).isEqualTo(1000 * Fixed.ONE_E8);
        assertThat(WireAssert.fixed(n.get("longUsd"), 6)).isEqualTo(2 * MapEvents.LONG_USD_PER_VENUE * Fixed.ONE_E6);
        // 1,000-wide bins: 45,000 holds the 10x longs (45,200) of both venues.
        JsonNode b = n.get("bins").get(1);
        assertThat(WireAssert.fixed(b.get("priceLow"), 8)).isEqualTo(45_000 * Fixed.ONE_E8);
        assertThat(WireAssert.fixed(b.get("longByTierUsd").get(1), 6)).isEqualTo(2 * 678_000 * Fixed.ONE_E6);
    }

    @Test
    void stressFromTheStoreAnswersInOneSentence() {
        CliTest.Run r = run("stress", "--drop", "10%", "--db", db.toString(), "--symbol", "BTC");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("If BTC drops 10.0% now (50,000 -> 45,000)")
                .contains("(8 of 20 estimated positions)")
                .contains("MODEL: estimated liquidation levels")
                .contains("order book and engine: the oct-2025 scenario's")
                .contains("(exact)");
        assertThat(r.err()).contains("map: BTC, 2 instrument(s), 20 estimated cohorts");
    }

    /** `stress --rise 10` is the API's shockPct=10 on the same store: the same figures, field for field. */
    @Test
    void stressRiseAnswersAsTheApisPositiveShock() throws Exception {
        CliTest.Run r = run("stress", "--rise", "10", "--db", db.toString(), "--symbol", "BTC", "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        ObjectNode cli = (ObjectNode) new ObjectMapper().readTree(r.out());
        ObjectNode api;
        try (ReadStore store = DuckDbReadStore.open(db)) {
            api = (ObjectNode) new ObjectMapper().readTree(WireJson.write(new SimulatorMapServices(store.history()).stress("BTC", 10)));
        }
        assertThat(cli.get("shockPct").asDouble()).isEqualTo(10.0);
        assertThat(WireAssert.fixed(cli.get("shortLiquidatedUsd"), 6)).isPositive();
        // The one difference is the wording of where the order book comes from.
        assertThat(cli.remove("label")).isNotNull();
        assertThat(api.remove("label")).isNotNull();
        assertThat(cli.remove("assumptions")).isNotNull();
        assertThat(api.remove("assumptions")).isNotNull();
        assertThat(cli).isEqualTo(api);
    }

    /** A rise liquidates the estimated shorts above the price, as the API's signed shockPct does. */
    @Test
    void stressRiseLiquidatesShortsAndCsvHasTheSameFigures() throws Exception {
        CliTest.Run r = run("stress", "--rise", "10%", "--db", db.toString(), "--symbol", "BTC");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("If BTC rises 10.0% now (50,000 -> 55,000)").contains("cascade stress --rise 10.0%");
        CliTest.Run csv = run("stress", "--rise", "10%", "--db", db.toString(), "--symbol", "BTC", "--format", "csv");
        assertThat(csv.exit()).as(csv.err()).isZero();
        String[] lines = csv.out().split("\r\n");
        assertThat(lines[0]).startsWith("coin,move_pct,start_price,shock_price");
        assertThat(lines[1]).startsWith("BTC,10.0,50000,55000,");
        String[] f = lines[1].split(",");
        assertThat(new java.math.BigDecimal(f[5])).isZero(); // no longs liquidated by a rise
        assertThat(new java.math.BigDecimal(f[6])).isPositive();
        CliTest.Run both = run("stress", "--rise", "10%", "--drop", "5%", "--db", db.toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        CliTest.Run neither = run("stress", "--db", db.toString());
        assertThat(neither.exit()).isEqualTo(2);
        // The map as CSV: one record per bin, the same USD as the JSON.
        CliTest.Run bins = run("liqmap", "--db", db.toString(), "--format", "csv", "--bin", "1000");
        assertThat(bins.exit()).as(bins.err()).isZero();
        assertThat(bins.out()).startsWith("coin,bin_low,bin_width,long_usd,short_usd\r\n").contains("\r\nBTC,45000,1000,");
    }

    @Test
    void badFlagsExit2WithAMessage() {
        CliTest.Run bin = run("liqmap", "--db", db.toString(), "--bin", "-5");
        assertThat(bin.exit()).isEqualTo(2);
        assertThat(bin.err()).contains("--bin must be a price width in USD");
        CliTest.Run sym = run("liqmap", "--db", db.toString(), "--symbol", "BTC;DROP");
        assertThat(sym.exit()).isEqualTo(2);
        assertThat(sym.err()).contains("--symbol must be a base coin");
        CliTest.Run both = run("liqmap", "--db", db.toString(), "--since", "1d", "--from", "2025-10-10");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--since cannot be combined");
        CliTest.Run to = run("liqmap", "--db", db.toString(), "--to", "2025-10-10");
        assertThat(to.exit()).isEqualTo(2);
        assertThat(to.err()).contains("--to needs --from");
        CliTest.Run since = run("liqmap", "--db", db.toString(), "--since", "soon");
        assertThat(since.exit()).isEqualTo(2);
        assertThat(since.err()).contains("not a duration");
        CliTest.Run noDb = run("liqmap", "--db", dir.resolve("none.duckdb").toString());
        assertThat(noDb.exit()).isEqualTo(2);
        assertThat(noDb.err()).contains("no store file");
        CliTest.Run drop = run("stress", "--drop", "lots", "--db", db.toString());
        assertThat(drop.exit()).isEqualTo(2);
        assertThat(drop.err()).contains("not a percentage");
        CliTest.Run mixed = run("stress", "--drop", "5%", "--db", db.toString(), "--positions", "10");
        assertThat(mixed.exit()).isEqualTo(2);
        assertThat(mixed.err()).contains("with --db the population comes from the store");
        CliTest.Run window = run("stress", "--drop", "5%", "--since", "1d");
        assertThat(window.exit()).isEqualTo(2);
        assertThat(window.err()).contains("need --db FILE");
    }

    @Test
    void missingEventLevelDataSaysWhatIsNeeded() {
        CliTest.Run none = run("liqmap", "--db", db.toString(), "--symbol", "SOL");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("no mark prices or trades for SOL").contains("open-interest samples");
        CliTest.Run early = run("stress", "--drop", "10%", "--db", db.toString(), "--from", "2025-10-10T11:00", "--to",
                "2025-10-10T12:00:30");
        assertThat(early.exit()).isEqualTo(1);
        assertThat(early.err()).contains("only one open-interest sample").contains("hint:");
    }
}
