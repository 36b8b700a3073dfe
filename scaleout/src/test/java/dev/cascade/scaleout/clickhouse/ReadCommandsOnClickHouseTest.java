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
        sameOnBoth("liqmap", "--symbol", "BTC", "--from", "2025-10-10T12:00Z", "--to", "2025-10-11T04:00Z", "--json");
        sameOnBoth("stress", "--drop", "10", "--from", "2025-10-10T12:00Z", "--to", "2025-10-11T04:00Z", "--json");
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
        Run export = run("export", "--table", "liquidation", "--since", "1d", "--out", dir.resolve("x.csv").toString(), "--store", clickhouse);
        assertThat(export.exit()).isEqualTo(2);
    }

    private static String withoutTimingLine(String out) {
        return out.replaceAll("(?m)^Autopsy built in .*$", "");
    }
}
