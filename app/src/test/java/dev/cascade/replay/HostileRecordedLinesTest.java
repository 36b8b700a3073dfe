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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** Frames a venue never sends, each carried by a well-formed line: the normalizers and the guard must refuse them. */
    private static final String[] HOSTILE_FRAMES = {"bad frame", "huge numbers", "deep nesting", "wrong types"};

    private static String hostileFrame(String kind, FakeVenue v, int i) {
        String f = v.frame(i);
        return switch (kind) {
            case "bad frame" -> v.truncated(i);
            // Prices and sizes of 30 digits: no long holds them, no venue sends them.
            case "huge numbers" -> f.replaceAll("\\d+\\.\\d+", "9".repeat(30) + ".5");
            // 3,000 levels of arrays in a field no normalizer reads (real frames nest 5 deep).
            case "deep nesting" -> f.replaceFirst(",", ",\"deep\":" + "[".repeat(3000) + "]".repeat(3000) + ",");
            // Decimal strings become arrays, bare decimals booleans.
            case "wrong types" -> f.replaceAll("\"(\\d+\\.\\d+)\"", "[\"$1\"]").replaceAll("(?<=:)\\d+\\.\\d+", "true");
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** The feed and reason kind the replay counts a hostile line of {@code kind} under. */
    private static String[] lineReason(String kind, FakeVenue v) {
        return switch (kind) {
            case "two records" -> new String[]{v.source(), "more than one record on the line"};
            case "garbage after" -> new String[]{v.source(), "data after the record"};
            case "t true", "t string" -> new String[]{v.source(), "receive time 't' is not an integer (epoch ms)"};
            case "invalid utf8" -> new String[]{v.source(), "invalid UTF-8"};
            case "not json" -> new String[]{RejectionTally.UNKNOWN_FEED, "invalid recorded line"};
            case "truncated" -> new String[]{v.source(), "invalid recorded line"};
            case "binary garbage" -> new String[]{RejectionTally.UNKNOWN_FEED, "invalid UTF-8"};
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static final String LONG_LINE = "(the line over the cap)";

    /** Up to 300 random bytes, never a line break, starting with a byte UTF-8 never uses. */
    private static byte[] binaryGarbage(Random rnd) {
        byte[] b = new byte[2 + rnd.nextInt(300)];
        rnd.nextBytes(b);
        b[0] = (byte) 0xFF;
        for (int k = 1; k < b.length - 1; k++) {
            if (b[k] == '\n' || b[k] == '\r') {
                b[k] = 0;
            }
        }
        b[b.length - 1] = '\n';
        return b;
    }

    /**
     * Done-means of the contract: 100,000 lines of four venues mixing valid lines (some repeated) with hostile ones
     * (cut records and frames, numbers no long holds, 3,000-deep nesting, wrong types, binary garbage, invalid UTF-8,
     * a 64 MiB line), replayed by the real CLI into a DuckDB store in a JVM whose heap is 64 MiB: every valid event is
     * stored exactly once, and every hostile line is counted under its feed and reason, exactly as an in-process
     * pipeline over the same frames counts them. (Reading the long line whole would need more heap than that.)
     */
    @Test
    void aHundredThousandMixedLinesReplayInA64MiBHeap() throws Exception {
        long seed = Long.getLong("prop.seed", System.nanoTime());
        System.out.println("mixed-file seed: " + seed + " (rerun with -Dprop.seed=" + seed + ")");
        Random rnd = new Random(seed);
        List<FakeVenue> venues = List.of(FakeVenues.create("binance-usdm"), FakeVenues.create("bybit-linear"),
                FakeVenues.create("okx"), FakeVenues.create("bitmex"));
        List<MarketEvent> events = new ArrayList<>();
        RejectionTally expectedRejects = new RejectionTally();
        boolean[] hostileFrame = {false};
        Pipeline oracle = new Pipeline(Instruments.withDefaults(), events::add, (s, fr, reason) -> {
            if (!hostileFrame[0]) {
                throw new AssertionError("valid frame rejected: " + reason);
            }
            expectedRejects.count(s, reason);
        });
        Path file = dir.resolve("mixed.jsonl.gz");
        int lines = 100_000;
        Map<String, Integer> hostileLines = new TreeMap<>();
        int bombAt = 50_000 + rnd.nextInt(1000);
        String bombFeed = null;
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int n = 0; n < lines; n++) {
                FakeVenue v = venues.get(rnd.nextInt(venues.size()));
                int i = n; // distinct frames; some repeated below
                if (n == bombAt) {
                    writeBomb(o, v.source(), 64);
                    bombFeed = v.source();
                    expectedRejects.count(bombFeed, LONG_LINE); // its reason's exact wording is checked below
                    hostileLines.merge("long line", 1, Integer::sum);
                } else if (rnd.nextInt(10) == 0) {
                    int k = rnd.nextInt(HOSTILE_KINDS.length + HOSTILE_FRAMES.length); // line kinds, binary garbage, frame kinds
                    if (k < HOSTILE_KINDS.length - 1) { // the line kinds ("bad frame", the last, is a frame kind)
                        String kind = HOSTILE_KINDS[k];
                        o.write(hostile(kind, v, i));
                        String[] why = lineReason(kind, v);
                        expectedRejects.count(why[0], why[1]);
                        hostileLines.merge(kind, 1, Integer::sum);
                    } else if (k == HOSTILE_KINDS.length - 1) {
                        o.write(binaryGarbage(rnd));
                        String[] why = lineReason("binary garbage", v);
                        expectedRejects.count(why[0], why[1]);
                        hostileLines.merge("binary garbage", 1, Integer::sum);
                    } else {
                        String kind = HOSTILE_FRAMES[k - HOSTILE_KINDS.length];
                        String frame = hostileFrame(kind, v, i);
                        long t = RT0 + n;
                        o.write(line(t, v.source(), frame));
                        long before = expectedRejects.total();
                        hostileFrame[0] = true;
                        oracle.accept(v.source(), frame, t);
                        hostileFrame[0] = false;
                        // A frame with nothing the mutation could change stays valid: its events are then expected.
                        if (expectedRejects.total() > before) {
                            hostileLines.merge(kind, 1, Integer::sum);
                        }
                    }
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
        System.out.println("hostile lines by kind: " + hostileLines);
        assertThat(hostileLines.keySet()).as("every hostile kind was drawn (and the long line)")
                .hasSize(HOSTILE_KINDS.length + HOSTILE_FRAMES.length + 1);
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
        String summary = out.lines().filter(l -> !l.startsWith("WARN") && !l.contains("bad recorded line")
                && !l.contains("rejected frame")).reduce("", (a, b) -> a + b + "\n");
        System.out.println(summary);
        assertThat(out).doesNotContain("OutOfMemoryError");
        assertThat(p.exitValue()).as(out).isEqualTo(3);

        // Every rejection, by feed and reason, as printed: the long line's, then exactly the expected ones.
        Map<String, Map<String, Long>> counted = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^  (.{16})\\s*(\\d+)  (.+)$").matcher(summary);
        while (m.find()) {
            counted.computeIfAbsent(m.group(1).trim(), f -> new LinkedHashMap<>()).merge(m.group(3), Long.parseLong(m.group(2)), Long::sum);
        }
        Map<String, Long> bombFeedReasons = counted.get(bombFeed);
        String longLine = bombFeedReasons.keySet().stream().filter(r -> r.startsWith("line longer than the")).findFirst().orElseThrow();
        assertThat(longLine).startsWith("line longer than the 16777216-byte cap (").endsWith("bytes read, skipped unparsed)");
        bombFeedReasons.put(LONG_LINE, bombFeedReasons.remove(longLine));
        Map<String, Map<String, Long>> want = new TreeMap<>();
        expectedRejects.byFeed().forEach((f, r) -> want.put(f, new TreeMap<>(r)));
        Map<String, Map<String, Long>> got = new TreeMap<>();
        counted.forEach((f, r) -> got.put(f, new TreeMap<>(r)));
        assertThat(got).isEqualTo(want);
        assertThat(out).contains("rejected " + expectedRejects.total() + " line(s) or frame(s)");

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
