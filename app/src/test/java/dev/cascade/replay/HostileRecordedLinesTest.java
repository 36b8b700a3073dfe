package dev.cascade.replay;

import dev.cascade.core.model.EventKeys;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.core.record.RecordedFrame;
import dev.cascade.core.record.RecordedFrameCodec;
import dev.cascade.feed.fake.FakeVenue;
import dev.cascade.feed.fake.FakeVenues;
import dev.cascade.store.DuckDbStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recorded-line half of the hostile-input contract: a line over the cap (a gzip bomb) is skipped with bounded
 * memory and the lines after it are read; two records on a line, data after a record, a non-numeric receive time and
 * invalid UTF-8 are rejected; every rejection is counted per feed and reason.
 */
class HostileRecordedLinesTest {
    @TempDir
    Path dir;

    /** Receive times two days after the fake venues' first frame (10 Oct 2025): no frame's exchange time is past them. */
    private static final long RT0 = 1_760_303_700_000L;

    private static byte[] line(long t, String src, String frame) {
        return (RecordedFrameCodec.encode(new RecordedFrame(t, src, frame)) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The hostile kinds of line, each as the bytes of one line, and the feed each is counted against. */
    private static final String[] HOSTILE_KINDS = {"two records", "garbage after", "t true", "t string", "invalid utf8",
            "not json", "truncated", "bad frame"};

    private static byte[] hostile(String kind, FakeVenue v, int i) {
        byte[] good = line(RT0 + i, v.source(), v.frame(i));
        String g = new String(good, StandardCharsets.UTF_8).trim();
        return switch (kind) {
            case "two records" -> (g + g + "\n").getBytes(StandardCharsets.UTF_8);
            case "garbage after" -> (g + " tail\n").getBytes(StandardCharsets.UTF_8);
            case "t true" -> (g.replaceFirst("\"t\":\\d+", "\"t\":true") + "\n").getBytes(StandardCharsets.UTF_8);
            case "t string" -> (g.replaceFirst("\"t\":(\\d+)", "\"t\":\"$1\"") + "\n").getBytes(StandardCharsets.UTF_8);
            case "invalid utf8" -> {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                byte[] head = ("{\"t\":5,\"src\":\"" + v.source() + "\",\"frame\":\"{\\\"s\\\":\\\"BTC").getBytes(StandardCharsets.UTF_8);
                b.writeBytes(head);
                b.writeBytes(new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
                b.writeBytes("\\\"}\"}\n".getBytes(StandardCharsets.UTF_8));
                yield b.toByteArray();
            }
            case "not json" -> "%%% not a record %%%\n".getBytes(StandardCharsets.UTF_8);
            case "truncated" -> (g.substring(0, g.length() / 2) + "\n").getBytes(StandardCharsets.UTF_8);
            case "bad frame" -> line(RT0 + 7, v.source(), v.truncated(i));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static final Map<String, String> TABLES = Map.of("Liquidation", "liquidation", "Trade", "trade",
            "OpenInterest", "open_interest", "FundingRate", "funding", "MarkPrice", "mark_price");

    /** One record whose frame is {@code mib} MiB of one repeated byte: gzip makes it about a thousand times smaller. */
    private static void writeBomb(OutputStream o, String source, int mib) throws java.io.IOException {
        o.write(("{\"t\":2,\"src\":\"" + source + "\",\"frame\":\"").getBytes(StandardCharsets.US_ASCII));
        byte[] block = new byte[1 << 20];
        java.util.Arrays.fill(block, (byte) '7');
        for (int k = 0; k < mib; k++) {
            o.write(block);
        }
        o.write("\"}\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aBombLineIsSkippedUnderTheCapAndTheLinesAfterItAreRead() throws Exception {
        FakeVenue v = FakeVenues.create("okx");
        Path f = dir.resolve("bomb.jsonl.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f), 1 << 16)) {
            o.write(line(RT0 + 1, v.source(), v.frame(0)));
            writeBomb(o, v.source(), 8);
            o.write(line(RT0 + 3, v.source(), v.frame(1)));
        }
        List<MarketEvent> events = new ArrayList<>();
        Replayer.Result r = new Replayer(Instruments.withDefaults(), 1 << 20).replay(List.of(f), events::add, (d, t) -> { });
        assertThat(r.files().get(0).complete()).isTrue();
        assertThat(r.files().get(0).lines()).isEqualTo(3);
        assertThat(r.badLines()).isEqualTo(1);
        assertThat(r.frames()).isEqualTo(2); // the lines before and after the bomb
        assertThat(events).isNotEmpty();
        assertThat(r.rejections().byFeed()).containsOnlyKeys("okx");
        assertThat(r.rejections().byFeed().get("okx").keySet()).singleElement().asString().startsWith("line longer than the 1048576-byte cap");
    }

    @Test
    void everyHostileKindIsCountedAgainstItsFeedWithItsReason() throws Exception {
        FakeVenue v = FakeVenues.create("bybit-linear");
        Path f = dir.resolve("hostile.jsonl");
        int valid = 0;
        try (OutputStream o = Files.newOutputStream(f)) {
            for (int i = 0; i < HOSTILE_KINDS.length; i++) {
                o.write(line(RT0 + 100 + i, v.source(), v.frame(i)));
                valid++;
                o.write(hostile(HOSTILE_KINDS[i], v, i));
            }
        }
        List<MarketEvent> events = new ArrayList<>();
        Replayer.Result r = new Replayer(Instruments.withDefaults()).replay(List.of(f), events::add, (d, t) -> { });
        assertThat(r.rejections().total()).isEqualTo(HOSTILE_KINDS.length);
        assertThat(r.badLines()).isEqualTo(HOSTILE_KINDS.length - 1); // the bad frame is a good line
        assertThat(r.rejectedFrames()).isEqualTo(1);
        assertThat(r.frames()).isEqualTo(valid + 1);
        Map<String, Long> bybit = r.rejections().byFeed().get("bybit-linear");
        assertThat(bybit).containsKeys("more than one record on the line", "data after the record", "invalid recorded line", "invalid UTF-8");
        assertThat(bybit.keySet()).anySatisfy(k -> assertThat(k).contains("'t' is not an integer"));
        assertThat(r.rejections().byFeed().get(RejectionTally.UNKNOWN_FEED)).containsKey("invalid recorded line"); // not json
    }

    /**
     * Done-means of the contract: 100,000 lines mixing valid and hostile ones, with a gzip bomb among them, replayed by
     * the real CLI in a JVM whose heap is 64 MiB: every valid event is stored exactly once, every hostile line is
     * counted, and the replay exits 3. (Reading the bomb's line whole would need over 512 MiB of heap.)
     */
    @Test
    void aHundredThousandMixedLinesReplayInA64MiBHeap() throws Exception {
        long seed = System.nanoTime();
        System.out.println("mixed-file seed: " + seed);
        Random rnd = new Random(seed);
        List<FakeVenue> venues = List.of(FakeVenues.create("binance-usdm"), FakeVenues.create("bybit-linear"),
                FakeVenues.create("okx"), FakeVenues.create("bitmex"));
        List<MarketEvent> events = new ArrayList<>();
        Pipeline oracle = new Pipeline(Instruments.withDefaults(), events::add, (s, fr, reason) -> {
            throw new AssertionError("valid frame rejected: " + reason);
        });
        Path file = dir.resolve("mixed.jsonl.gz");
        int lines = 100_000;
        int hostile = 0;
        int bombAt = 50_000 + rnd.nextInt(1000);
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int n = 0; n < lines; n++) {
                FakeVenue v = venues.get(rnd.nextInt(venues.size()));
                int i = n; // distinct frames; some repeated below
                if (n == bombAt) {
                    writeBomb(o, v.source(), 256);
                    hostile++;
                } else if (rnd.nextInt(10) == 0) {
                    o.write(hostile(HOSTILE_KINDS[rnd.nextInt(HOSTILE_KINDS.length)], v, i));
                    hostile++;
                } else {
                    int frame = rnd.nextInt(50) == 0 && n > 10 ? n - 1 - rnd.nextInt(10) : i; // the odd duplicate line
                    long t = RT0 + n;
                    if (v.source().equals("bitmex")) {
                        t = RT0 + frame; // BitMEX events take the receive time: a repeated frame repeats it
                    }
                    o.write(line(t, v.source(), v.frame(frame)));
                    oracle.accept(v.source(), v.frame(frame), t);
                }
            }
        }
        Map<String, Set<Long>> expected = new HashMap<>(); // event ids are unique per table
        for (MarketEvent e : events) {
            expected.computeIfAbsent(TABLES.get(e.getClass().getSimpleName()), k -> new HashSet<>()).add(EventKeys.of(e));
        }
        Path db = dir.resolve("store.duckdb");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                "dev.cascade.cli.CascadeCli", "replay", "--db", db.toString(), file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        System.out.println(out.lines().filter(l -> !l.startsWith("WARN") && !l.contains("bad recorded line")
                && !l.contains("rejected frame")).reduce("", (a, b) -> a + b + "\n"));
        assertThat(out).doesNotContain("OutOfMemoryError");
        assertThat(p.exitValue()).as(out).isEqualTo(3);
        assertThat(out).contains("rejected " + hostile + " line(s) or frame(s)");
        assertThat(out).contains((hostile - 20) + " more were not logged one by one");
        try (DuckDbStore store = DuckDbStore.open(db); Connection c = store.connect(); Statement st = c.createStatement()) {
            for (String t : TABLES.values()) {
                List<Long> stored = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT event_id FROM " + t)) {
                    while (rs.next()) {
                        stored.add(rs.getLong(1));
                    }
                }
                assertThat(stored).as(t).doesNotHaveDuplicates();
                assertThat(new HashSet<>(stored)).as(t).isEqualTo(expected.getOrDefault(t, Set.of()));
            }
        }
    }
}
