package dev.cascade.cli;

import dev.cascade.feed.fake.FakeRest;
import dev.cascade.feed.fake.FakeVenue;
import dev.cascade.feed.fake.FakeVenues;
import dev.cascade.feed.fake.FakeWsServer;
import dev.cascade.store.DuckDbStore;
import dev.cascade.store.ReadAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** `cascade ingest` end to end, only ever against 127.0.0.1. */
class IngestCommandTest {
    private record Run(int exit, String out, String err) {
    }

    private static synchronized Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            CommandLine cl = CascadeCli.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute(args);
            return new Run(exit, buf.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }

    private static final String RATIO_PATH = "/api/v5/rubik/stat/contracts/long-short-account-ratio-contract";

    @Test
    void ingestsFromLoopbackFakesRecordsFramesAndReportsPerFeed(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("live.duckdb");
        Path rec = dir.resolve("live.jsonl");
        try (FakeVenue okx = FakeVenues.create("okx").start(); FakeVenue deribit = FakeVenues.create("deribit").start();
             FakeRest rest = new FakeRest(pq -> pq.startsWith(RATIO_PATH)
                     // OKX's long/short answer: bare [ts, ratio] pairs, the instrument only in the request.
                     ? FakeRest.Reply.ok("{\"code\":\"0\",\"msg\":\"\",\"data\":[[\"1760130000000\",\"1.25\"]]}")
                     : FakeRest.Reply.ok("{\"code\":\"0\",\"data\":[{\"instId\":\"BTC-USDT-SWAP\",\"ctVal\":\"0.01\","
                     + "\"ctType\":\"linear\",\"settleCcy\":\"USDT\"},{\"instId\":\"ETH-USDT-SWAP\",\"ctVal\":\"0.1\",\"ctType\":\"linear\",\"settleCcy\":\"USDT\"}]}"))) {
            CompletableFuture<Run> result = CompletableFuture.supplyAsync(() -> run("ingest", "--db", db.toString(),
                    "--record", rec.toString(), "--exchanges", "okx,deribit", "--symbols", "BTC,ETH", "--duration", "3s",
                    "--url", "okx=" + okx.base(), "--url", "okx-rest=" + rest.base(), "--url", "deribit=" + deribit.base()));
            FakeWsServer.Conn o = okx.server().await(c -> c.subscribed, 10_000);
            FakeWsServer.Conn d = deribit.server().await(c -> c.subscribed, 10_000);
            for (int i = 0; i < 50; i++) {
                o.send(okx.frame(i));
                d.send(deribit.frame(i));
            }
            Run r = result.get();
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("okx: 2 swap instruments loaded (ctVal)", "okx: connected", "deribit: connected")
                    .contains("stored ").contains("PARTIAL (totals are a lower bound)")
                    .contains("liquidations this run: observed, and an ESTIMATE");
            assertThat(rest.requests).startsWith("/api/v5/public/instruments?instType=SWAP")
                    .contains(RATIO_PATH + "?instId=BTC-USDT-SWAP&period=5m&limit=3", RATIO_PATH + "?instId=ETH-USDT-SWAP&period=5m&limit=3");
            // The subscribe messages went out in each venue's protocol.
            assertThat(o.received.get(0)).contains("\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"");
            assertThat(d.received).anyMatch(m -> m.contains("public/set_heartbeat"));
            try (Connection c = ReadAccess.open(db); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT source, count(*) FROM liquidation GROUP BY source ORDER BY source")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("deribit");
                assertThat(rs.getLong(2)).isEqualTo(50); // 50 trades: 13 T + 13 M + 12 MT (two each) + 12 unflagged
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("okx");
                assertThat(rs.getLong(2)).isEqualTo(45); // every 10th OKX frame is open interest
            }
            try (Connection c = ReadAccess.open(db); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT symbol, period_ms, ratio_e8, long_share_e8 FROM long_short_ratio ORDER BY symbol")) {
                for (String symbol : List.of("BTC-USDT-PERP", "ETH-USDT-PERP")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(symbol);
                    assertThat(rs.getLong(2)).isEqualTo(300_000L);
                    assertThat(rs.getLong(3)).isEqualTo(125_000_000L);
                    assertThat(rs.getLong(4)).isEqualTo(55_555_556L); // 1.25 / 2.25
                }
                assertThat(rs.next()).isFalse();
            }
            assertThat(Files.readAllLines(rec)).hasSizeGreaterThanOrEqualTo(100).anyMatch(l -> l.contains("\"src\":\"okx\""));
            // The recorded feed is faithful: replaying it into a fresh store rebuilds exactly the same liquidations.
            Path db2 = dir.resolve("replayed.duckdb");
            Run replay = run("replay", "--db", db2.toString(), rec.toString());
            assertThat(replay.exit()).as(replay.out() + replay.err()).isZero();
            assertThat(liquidationIds(db2)).isEqualTo(liquidationIds(db));
        }
    }

    @Test
    void withNothingReachableItFailsClearlyPerExchange(@TempDir Path dir) {
        Run r = run("ingest", "--db", dir.resolve("x.duckdb").toString(), "--exchanges", "okx,bitmex", "--connect-timeout", "2",
                "--url", "okx=ws://127.0.0.1:1", "--url", "okx-rest=http://127.0.0.1:1",
                "--url", "bitmex=ws://127.0.0.1:1", "--url", "bitmex-rest=http://127.0.0.1:1");
        assertThat(r.exit()).isEqualTo(CascadeCli.EXIT_FAILED);
        assertThat(r.out()).contains("okx: cannot connect to 127.0.0.1:1 (refused or unreachable)")
                .contains("bitmex: cannot connect to 127.0.0.1:1 (refused or unreachable)")
                .contains("okx: instrument metadata not loaded").doesNotContain("Exception");
        assertThat(r.err()).contains("error: no exchange reachable (2 of 2 feeds failed").doesNotContain("\tat ");
    }

    @Test
    void badFlagsAreUsageErrorsWithAMessage() {
        Run r = run("ingest", "--exchanges", "kraken");
        assertThat(r.exit()).isEqualTo(CascadeCli.EXIT_USAGE);
        assertThat(r.err()).contains("unknown exchange 'kraken'");
        r = run("ingest", "--symbols", "BTC,E TH");
        assertThat(r.exit()).isEqualTo(CascadeCli.EXIT_USAGE);
        assertThat(r.err()).contains("bad symbol 'E TH'");
        r = run("ingest", "--url", "okx=http://127.0.0.1:1");
        assertThat(r.exit()).isEqualTo(CascadeCli.EXIT_USAGE);
        assertThat(r.err()).contains("URL for okx must be ws(s)://");
        r = run("ingest", "--duration", "soon");
        assertThat(r.exit()).isEqualTo(CascadeCli.EXIT_USAGE);
        assertThat(r.err()).contains("--duration: 'soon' is not a duration");
    }

    @Test
    void busWithoutTheScaleoutAdaptersSaysHowToRunItAndOpensNothing(@TempDir Path dir) {
        // The app module has no bus adapter on its classpath (it must not depend on cascade-scaleout).
        Path db = dir.resolve("not-created.duckdb");
        Run r = run("ingest", "--bus", "kafka://127.0.0.1:9/frames", "--exchanges", "okx", "--duration", "1s");
        assertThat(r.exit()).isEqualTo(CascadeCli.EXIT_USAGE);
        assertThat(r.err()).contains("no bus adapter for 'kafka://' on the classpath", "./cascade-scaleout ingest --bus kafka://127.0.0.1:9/frames",
                "scaleout/target/cascade-scaleout.jar").doesNotContain("\tat ");
        assertThat(r.out()).doesNotContain("connecting to");
        r = run("ingest", "--bus", "127.0.0.1:9092");
        assertThat(r.exit()).isEqualTo(CascadeCli.EXIT_USAGE);
        assertThat(r.err()).contains("--bus must be a URL like kafka://127.0.0.1:9092");
        r = run("ingest", "--bus", "kafka://127.0.0.1:9", "--db", db.toString());
        assertThat(r.exit()).isEqualTo(CascadeCli.EXIT_USAGE);
        assertThat(r.err()).contains("--bus and --db exclude each other");
        assertThat(db).doesNotExist();
    }

    private static java.util.List<Long> liquidationIds(Path db) throws Exception {
        java.util.List<Long> ids = new java.util.ArrayList<>();
        try (Connection c = ReadAccess.open(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT event_id FROM liquidation ORDER BY event_id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
