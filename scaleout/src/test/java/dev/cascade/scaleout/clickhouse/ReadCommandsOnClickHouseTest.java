package dev.cascade.scaleout.clickhouse;

import dev.cascade.cli.CascadeCli;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.replay.Replayer;
import dev.cascade.store.DuckDbStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reading commands of {@code cascade} with {@code --store clickhouse://...} (the reader found through the
 * scale-out jar's ServiceLoader provider, as {@code ./cascade} finds it) print exactly what they print with
 * {@code --db FILE} over the same events, and the autopsy writes the same report files.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReadCommandsOnClickHouseTest {
    @TempDir
    static Path dir;
    private static Path duck;
    private static String clickhouse;

    @BeforeAll
    static void sameEventsInBothStores() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("cascade.root", ".."), "data"))) {
            files = s.filter(f -> f.toString().endsWith(".jsonl.gz")).sorted().toList();
        }
        List<MarketEvent> events = new ArrayList<>();
        new Replayer(Instruments.withDefaults()).replay(files, events::add, (a, b) -> { });
        duck = dir.resolve("same.duckdb");
        try (DuckDbStore d = DuckDbStore.open(duck)) {
            events.forEach(d::accept);
            d.flush();
        }
        clickhouse = TestClickHouse.freshUrl("commands");
        try (ClickHouseStore c = ClickHouseStore.open(ClickHouseUrl.parse(clickhouse))) {
            events.forEach(c::accept);
            c.flush();
        }
    }

    private record Run(int exit, String out) {
    }

    private static synchronized Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int exit = CascadeCli.commandLine().execute(args);
            return new Run(exit, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
    }

    private static void sameOnBoth(String... args) {
        List<String> onDuck = new ArrayList<>(List.of(args));
        onDuck.addAll(List.of("--db", duck.toString()));
        List<String> onClickHouse = new ArrayList<>(List.of(args));
        onClickHouse.addAll(List.of("--store", clickhouse));
        Run d = run(onDuck.toArray(String[]::new));
        Run c = run(onClickHouse.toArray(String[]::new));
        assertThat(d.exit()).as(d.out()).isZero();
        assertThat(c.exit()).as(c.out()).isZero();
        assertThat(c.out()).as(String.join(" ", args)).isEqualTo(d.out()).isNotBlank();
    }

    @Test
    void queryPrintsTheSameTotalsAndTheSameHintOverAnEmptyWindow() {
        sameOnBoth("query", "--from", "2025-10-10", "--to", "2025-10-12", "--by", "exchange,side");
        sameOnBoth("query", "--from", "2021-05-18", "--to", "2021-05-21", "--by", "symbol", "--format", "csv");
        sameOnBoth("query", "--windows", "--to", "2025-10-11T04:00Z", "--symbol", "BTC");
        Run empty = run("query", "--from", "2001-01-01", "--to", "2001-01-02", "--store", clickhouse);
        assertThat(empty.out()).contains("the store holds ").contains(" liquidations up to ");
        sameOnBoth("query", "--from", "2001-01-01", "--to", "2001-01-02");
    }

    @Test
    void liqmapAndStressReadTheSameMarketHistory() {
        sameOnBoth("liqmap", "--symbol", "BTC", "--from", "2025-10-10T12:00Z", "--to", "2025-10-11T04:00Z", "--format", "json");
        sameOnBoth("stress", "--drop", "10", "--from", "2025-10-10T12:00Z", "--to", "2025-10-11T04:00Z", "--format", "json");
    }

    @Test
    void autopsyWritesTheSameReportFromEitherStore() throws Exception {
        Path outDuck = dir.resolve("autopsy-duck");
        Path outClickHouse = dir.resolve("autopsy-clickhouse");
        Run d = run("autopsy", "--from", "2025-10-10T12:00Z", "--to", "2025-10-11T04:00Z", "--symbol", "BTC", "--out",
                outDuck.toString(), "--db", duck.toString());
        Run c = run("autopsy", "--from", "2025-10-10T12:00Z", "--to", "2025-10-11T04:00Z", "--symbol", "BTC", "--out",
                outClickHouse.toString(), "--store", clickhouse);
        assertThat(d.exit()).isZero();
        assertThat(c.exit()).as(c.out()).isZero();
        assertThat(withoutTimingLine(c.out())).isEqualTo(withoutTimingLine(d.out()));
        List<Path> written;
        try (Stream<Path> s = Files.list(outDuck)) {
            written = s.sorted().toList();
        }
        assertThat(written).hasSizeGreaterThanOrEqualTo(3);
        for (Path f : written) {
            assertThat(Files.readString(outClickHouse.resolve(f.getFileName()))).as(f.getFileName().toString()).isEqualTo(Files.readString(f));
        }
    }

    @Test
    void aStoreUrlNoAdapterServesIsAUsageError() {
        Run r = run("query", "--since", "1d", "--store", "postgres://127.0.0.1/cascade");
        assertThat(r.exit()).isEqualTo(2);
        Run parquet = run("export", "--table", "liquidation", "--since", "1d", "--out", dir.resolve("x.parquet").toString(), "--store", clickhouse);
        assertThat(parquet.exit()).isEqualTo(2);
    }

    @Test
    void exportWritesTheSameBytesFromEitherStore() throws Exception {
        for (String table : List.of("liquidation", "open_interest", "funding", "mark_price", "feed_gap")) {
            for (String ext : List.of(".csv", ".json", ".jsonl")) {
                Path fromDuck = dir.resolve("duck-" + table + ext);
                Path fromClickHouse = dir.resolve("clickhouse-" + table + ext);
                Run d = run("export", "--table", table, "--from", "2021-05-01", "--to", "2025-10-12", "--out", fromDuck.toString(),
                        "--db", duck.toString());
                Run c = run("export", "--table", table, "--from", "2021-05-01", "--to", "2025-10-12", "--out", fromClickHouse.toString(),
                        "--store", clickhouse);
                assertThat(d.exit()).as(d.out()).isZero();
                assertThat(c.exit()).as(c.out()).isZero();
                assertThat(c.out().replace(fromClickHouse.toString(), "")).isEqualTo(d.out().replace(fromDuck.toString(), ""));
                assertThat(Files.mismatch(fromDuck, fromClickHouse)).as(table + ext).isEqualTo(-1L);
            }
        }
        assertThat(Files.readAllLines(dir.resolve("duck-liquidation.jsonl"))).hasSizeGreaterThan(1000);
    }

    /** {@code cascade serve} as a child JVM (the test classpath holds the scale-out jar's classes, as ./cascade's does). */
    private static Process serve(Path log, String... storeArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "dev.cascade.cli.CascadeCli", "serve", "--port", "0", "--token",
                "contract-token-0123456789abcdef"));
        cmd.addAll(List.of(storeArgs));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits for the child's "Cascade dashboard: URL" line (or its death) and returns the URL. */
    private static String awaitUrl(Process p, Path log) throws Exception {
        while (true) {
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("Cascade dashboard: ")) {
                    return line.substring("Cascade dashboard: ".length()).split(" ")[0];
                }
            }
            if (p.waitFor(100, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("serve exited " + p.exitValue() + ": " + Files.readString(log));
            }
        }
    }

    /** Status and body; a JSON body as a tree, so key order (a map's iteration order in the server) does not matter. */
    private static List<Object> get(String url) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        String type = r.headers().firstValue("content-type").orElse("");
        return List.of(r.statusCode(), type.contains("json") ? new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()) : r.body());
    }

    @Test
    void serveAnswersEveryReadingEndpointTheSameOverClickHouse() throws Exception {
        Process duckServer = serve(dir.resolve("serve-duck.log"), "--db", duck.toString());
        Process chServer = serve(dir.resolve("serve-ch.log"), "--store", clickhouse, "--db", dir.resolve("rules.duckdb").toString());
        try {
            String d = awaitUrl(duckServer, dir.resolve("serve-duck.log"));
            String c = awaitUrl(chServer, dir.resolve("serve-ch.log"));
            String w = "from=2025-10-10T12:00Z&to=2025-10-11T04:00Z";
            List<String> paths = List.of("api/totals?" + w, "api/totals?" + w + "&by=exchange,side", "api/liquidations?" + w + "&limit=50",
                    "api/liquidations/buckets?" + w + "&bucket=1h", "api/open-interest?" + w + "&coin=BTC&bucket=1h",
                    "api/funding?from=2021-01-01&to=2021-06-01&coin=BTC&bucket=1d",
                    "api/autopsy?" + w + "&coin=BTC", "api/liquidation-map?coin=BTC&" + w, "api/stress?coin=BTC&drop=10&" + w, "");
            int withData = 0;
            for (String path : paths) {
                List<Object> onDuck = get(d + path);
                assertThat(get(c + path)).as(path).isEqualTo(onDuck);
                withData += onDuck.get(0).equals(200) && onDuck.get(1).toString().length() > 200 ? 1 : 0;
            }
            assertThat(withData).as("endpoints that answered with data").isGreaterThanOrEqualTo(6);
        } finally {
            duckServer.destroy();
            chServer.destroy();
            duckServer.waitFor(30, TimeUnit.SECONDS);
            chServer.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String withoutTimingLine(String out) {
        return out.replaceAll("(?m)^Autopsy built in .*$", "");
    }
}
