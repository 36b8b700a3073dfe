package dev.cascade.scaleout.clickhouse;

import dev.cascade.core.port.DashboardQueries;
import dev.cascade.core.port.MarketHistory;
import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.QueryStore.Dimension;
import dev.cascade.core.port.QueryStore.LiquidationFilter;
import dev.cascade.core.port.ReadStore;
import dev.cascade.scaleout.ScaleoutCli;
import dev.cascade.scaleout.bus.BusUrl;
import dev.cascade.scaleout.bus.BusTopics;
import dev.cascade.scaleout.bus.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of the read side: every read of every port ({@link QueryStore}, {@link DashboardQueries},
 * {@link MarketHistory}) gives the same answer, row for row and in the same order, on DuckDB and on the real
 * ClickHouse engine, each filled by its own consumer group from the same Kafka topic (the bundled data files).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class StoreReadsContractTest {
    private static final long DAY = 86_400_000L;
    private static final long CRASH_FROM = 1_760_097_600_000L; // 2025-10-10 12:00 UTC
    private static final long CRASH_TO = CRASH_FROM + 16 * 3_600_000L;
    /** Whole history, the crash, a day across it, a window no data falls in. */
    private static final long[][] WINDOWS = {{1_577_836_800_000L, 1_783_000_000_000L}, {CRASH_FROM, CRASH_TO},
            {CRASH_FROM - DAY / 2, CRASH_FROM + DAY / 2}, {1_000L, 2_000L}};
    private static final String[] COINS = {null, "BTC", "ETH", "NOPE"};
    private static final long[] BUCKETS = {60_000L, 3_600_000L, 4 * 3_600_000L, DAY};

    private static Path dir;
    private static ReadStore duck;
    private static ReadStore clickhouse;
    private static int compared;
    private static int nonEmpty;

    @BeforeAll
    static void fillBothStoresFromOneTopic() throws IOException {
        dir = Files.createTempDirectory("store-contract");
        BusUrl bus = TestBroker.get().bus("store-contract");
        BusTopics.ensure(bus, 3);
        String busUrl = "kafka://" + bus.bootstrapServers() + "/" + bus.topic();
        List<String> files;
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("cascade.root", ".."), "data"))) {
            files = s.map(Path::toString).filter(f -> f.endsWith(".jsonl.gz")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(5);
        List<String> publish = new ArrayList<>(List.of("publish", "--bus", busUrl));
        publish.addAll(files);
        assertThat(ScaleoutCli.commandLine().execute(publish.toArray(String[]::new))).isZero();

        Path duckFile = dir.resolve("contract.duckdb");
        String chUrl = TestClickHouse.freshUrl("contract");
        assertThat(ScaleoutCli.commandLine().execute("consume", "--bus", busUrl, "--store", "duckdb:" + duckFile,
                "--group", "contract-duckdb", "--idle-exit", "3")).isZero();
        assertThat(ScaleoutCli.commandLine().execute("consume", "--bus", busUrl, "--store", chUrl,
                "--group", "contract-clickhouse", "--idle-exit", "3")).isZero();

        // Both through the URL opener the commands use (ServiceLoader providers).
        duck = ReadStore.open("duckdb:" + duckFile);
        clickhouse = ReadStore.open(chUrl);
        assertThat(clickhouse.description()).startsWith("ClickHouse ");
    }

    @AfterAll
    static void close() throws Exception {
        if (clickhouse != null) {
            clickhouse.close();
        }
        if (duck != null) {
            duck.close();
        }
        System.out.println("store reads contract: " + compared + " reads compared, " + nonEmpty + " with rows");
    }

    private static <T> void same(String what, Function<ReadStore, List<T>> read) {
        List<T> onDuck = read.apply(duck);
        List<T> onClickHouse = read.apply(clickhouse);
        assertThat(onClickHouse).as(what).isEqualTo(onDuck);
        compared++;
        if (!onDuck.isEmpty()) {
            nonEmpty++;
        }
    }

    private static QueryStore q(ReadStore store) {
        return store.queries();
    }

    private static DashboardQueries d(ReadStore store) {
        return store.dashboard();
    }

    private static MarketHistory h(ReadStore store) {
        return store.history();
    }

    @Test
    void analyticsReadsAnswerTheSameOnBothEngines() {
        int before = nonEmpty;
        for (long[] w : WINDOWS) {
            for (Set<Dimension> dims : List.of(EnumSet.noneOf(Dimension.class), EnumSet.of(Dimension.EXCHANGE),
                    EnumSet.of(Dimension.EXCHANGE, Dimension.SIDE), EnumSet.allOf(Dimension.class))) {
                for (LiquidationFilter f : List.of(LiquidationFilter.ANY, new LiquidationFilter(null, "BTC", "LONG"),
                        new LiquidationFilter("COINGLASS", null, null))) {
                    same("totals " + dims + f, s -> q(s).liquidationTotals(w[0], w[1], dims, f));
                }
            }
            same("sources", s -> q(s).sources(w[0], w[1]));
            for (String coin : COINS) {
                same("funding " + coin, s -> q(s).funding(w[0], w[1], coin));
                same("volume " + coin, s -> q(s).tradeVolume(w[0], w[1], coin));
                for (int limit : new int[]{1, 20, 10_000}) {
                    same("largest " + coin + limit, s -> q(s).largestLiquidations(w[0], w[1], coin, limit));
                }
                for (long b : BUCKETS) {
                    same("buckets " + coin + b, s -> q(s).liquidationBuckets(w[0], w[1], b, coin));
                    same("oi " + coin + b, s -> q(s).openInterest(w[0], w[1], b, coin));
                    same("bars " + coin + b, s -> q(s).markPriceBars(w[0], w[1], b, coin));
                }
            }
        }
        assertThat(nonEmpty - before).as("reads with rows").isGreaterThan(100);
    }

    @Test
    void dashboardReadsAnswerTheSameOnBothEngines() {
        int before = nonEmpty;
        for (long[] w : WINDOWS) {
            for (LiquidationFilter f : List.of(LiquidationFilter.ANY, new LiquidationFilter("BINANCE", "BTC", null),
                    new LiquidationFilter(null, null, "SHORT"))) {
                // Page through the newest-first history with the cursor, 500 rows at a time.
                DashboardQueries.Cursor[] cursor = {null};
                for (int page = 0; page < 20; page++) {
                    DashboardQueries.Page onDuck = d(duck).liquidations(w[0], w[1], f, 0, cursor[0], 500);
                    assertThat(d(clickhouse).liquidations(w[0], w[1], f, 0, cursor[0], 500)).as("page %d of %s", page, f).isEqualTo(onDuck);
                    compared++;
                    if (onDuck.next() == null) {
                        break;
                    }
                    nonEmpty++;
                    cursor[0] = onDuck.next();
                }
                for (long b : BUCKETS) {
                    same("side buckets " + f + b, s -> d(s).liquidationBuckets(w[0], w[1], b, f));
                    same("exchange buckets " + f + b, s -> d(s).liquidationBucketsByExchange(w[0], w[1], b, f));
                }
            }
            same("gaps", s -> d(s).gaps(w[0], w[1], 100));
            for (String coin : COINS) {
                for (long b : BUCKETS) {
                    same("oi by feed " + coin + b, s -> d(s).openInterestByFeed(w[0], w[1], b, coin));
                    same("funding series " + coin + b, s -> d(s).funding(w[0], w[1], b, coin));
                }
                for (long p : new long[]{100_00000000L, 1_000_00000000L}) {
                    same("by price " + coin + p, s -> d(s).liquidationsByPrice(w[0], w[1], coin, p));
                    same("heatmap " + coin + p, s -> d(s).liquidationHeatmap(w[0], w[1], coin, 3_600_000L, p, 100_000));
                }
                same("funding observations " + coin, s -> d(s).fundingObservations(w[0], w[1], coin, 10_000));
                same("priced range " + coin, s -> List.of(d(s).pricedLiquidations(w[0], w[1], coin)));
            }
        }
        for (DashboardQueries.Table t : DashboardQueries.Table.values()) {
            same("latest " + t, s -> List.of(d(s).latestTs(t)));
        }
        assertThat(nonEmpty - before).as("reads with rows").isGreaterThan(50);
    }

    @Test
    void marketHistoryReadsAnswerTheSameOnBothEngines() {
        int before = nonEmpty;
        for (long[] w : WINDOWS) {
            for (String coin : new String[]{"BTC", "ETH"}) {
                same("oi events " + coin, s -> h(s).openInterestEvents(w[0], w[1], coin));
                same("mark events " + coin, s -> h(s).markPriceEvents(w[0], w[1], coin));
                same("trade events " + coin, s -> h(s).tradeEvents(w[0], w[1], coin, 1_000_000));
            }
        }
        for (String coin : new String[]{"BTC", "ETH", "NOPE"}) {
            same("latest data " + coin, s -> List.of(h(s).latestDataTs(coin)));
        }
        assertThat(nonEmpty - before).as("reads with rows").isGreaterThan(3);
    }
}
