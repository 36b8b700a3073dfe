package dev.cascade.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Seeded fuzz of every option of every command: a value that is wrong for its flag exits 2 (bad usage) with a message
 * naming the flag, before any store is opened or any work starts; never 1 (a failure) or a stack trace. The
 * inventory check fails when a command gains a flag this test does not fuzz.
 */
class CliFuzzTest {
    @TempDir
    Path dir;

    private static final String[] BAD_DURATIONS = {"9999999999999999d", "99999999999999999999h", "0m", "-4h", "4x", "1e9h",
            "36501d", "\u0664h", "PT4H", "", "four hours"};
    private static final String[] BAD_INSTANTS = {"+100000000-01-01T00:00:00Z", "-100000000-01-01T00:00:00Z",
            "+999999999-12-31T23:59:59Z", "999999999999999999999", "2025-02-30", "1969-12-31", "yesterday", "10000-01-01"};
    private static final String[] BAD_INTS = {"-1", "99999999999999999999", "abc", "1.5", "0x10", "NaN", "2147483648"};

    private static String pick(Random r, String[] v) {
        return v[r.nextInt(v.length)];
    }

    private static String junk(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0, n = 1 + r.nextInt(10); i < n; i++) {
            b.append((char) (r.nextInt(5) == 0 ? 0x100 + r.nextInt(0x2000) : 33 + r.nextInt(94)));
        }
        return b.append('%').toString();
    }

    /** Flags that take no value, or whose every value is acceptable: not fuzzed, with the reason. */
    private static final Map<String, String> NOT_FUZZED = Map.ofEntries(
            Map.entry("--help", "no value"), Map.entry("-h", "no value"), Map.entry("--version", "no value"),
            Map.entry("-V", "no value"), Map.entry("--windows", "no value"),
            Map.entry("--no-oi-poll", "no value"), Map.entry("--no-ratio-poll", "no value"), Map.entry("--allow-remote", "no value"),
            Map.entry("--exit-after-replay", "no value"), Map.entry("--allow-private-webhooks", "no value"),
            Map.entry("--access-log", "no value"),
            Map.entry("--seed", "any long is a seed; non-numbers are covered by picocli's type check below"),
            Map.entry("--out", "an output path: any name may be created"), Map.entry("-o", "an output path"),
            Map.entry("--record", "an output path: any name may be created"),
            Map.entry("--db", "a store path: writing commands create it, reading ones are checked in CliTest"),
            Map.entry("--token", "any string of 16+ characters; short ones are checked in ServeCommandTest"));

    /** Per flag, a generator of values that are wrong for it (under every command that has it). */
    private static Map<String, Function<Random, String>> invalid(Path dir) {
        String missing = dir.resolve("no-such-file.jsonl").toString();
        Map<String, Function<Random, String>> m = new LinkedHashMap<>();
        m.put("--since", r -> pick(r, BAD_DURATIONS));
        m.put("--duration", r -> pick(r, BAD_DURATIONS));
        m.put("--max-idle", r -> pick(r, BAD_DURATIONS));
        m.put("--from", r -> pick(r, BAD_INSTANTS));
        m.put("--to", r -> pick(r, BAD_INSTANTS));
        m.put("--by", r -> pick(r, new String[]{"price", "exchange,colour", "1"}));
        m.put("--exchange", r -> pick(r, new String[]{"binance2", "' OR 1=1", junk(r)}));
        m.put("--exchanges", r -> pick(r, new String[]{"binance2", "mtgox", junk(r)}));
        m.put("--symbol", r -> pick(r, new String[]{"BTC-USDT'", "x".repeat(40), "B TC", junk(r)}));
        m.put("--symbols", r -> pick(r, new String[]{"BTC$", "x".repeat(40), junk(r)}));
        m.put("--side", r -> pick(r, new String[]{"BOTH", "longs", junk(r)}));
        m.put("--format", r -> pick(r, new String[]{"xml", "PDF", junk(r)}));
        m.put("--table", r -> pick(r, new String[]{"users", "liquidation;drop", junk(r)}));
        m.put("--connect-timeout", r -> pick(r, new String[]{"0", "301", "-5", "abc", "99999999999"}));
        m.put("--max-line-mib", r -> pick(r, new String[]{"0", "1025", "-5", "abc", "99999999999"}));
        m.put("--url", r -> pick(r, new String[]{"nokey", "binance=ftp://x", "mtgox=ws://127.0.0.1:1/", "=ws://x"}));
        m.put("--bus", r -> pick(r, new String[]{"http://x", "kafka://", "redis://127.0.0.1", junk(r)}));
        // No store adapter for these schemes (ClickHouse's is in the scale-out jar, not on this classpath), no file, junk.
        m.put("--store", r -> pick(r, new String[]{"postgres://127.0.0.1/x", "clickhouse://127.0.0.1:1/x", "duckdb:", "1nvalid:x", junk(r)}));
        m.put("--rows", r -> pick(r, BAD_INTS));
        m.put("--bin", r -> pick(r, new String[]{"0", "-100", "1e9", "abc", "10000001", "0.001"}));
        m.put("--bucket", r -> pick(r, new String[]{"0s", "59s", "2d", "abc", "-1h", "99999999999999d"}));
        m.put("--drop", r -> pick(r, new String[]{"0", "-10", "100", "abc", "1e999", "150%"}));
        m.put("--rise", r -> pick(r, new String[]{"0", "-10", "1000", "abc", "1e999", "1500%"}));
        m.put("--scenario", r -> pick(r, new String[]{"may-2099", missing}));
        m.put("--positions", r -> pick(r, new String[]{"0", "-1", "abc", "99999999999999", "1000000001"}));
        m.put("--positions-file", r -> missing);
        m.put("--brackets", r -> missing);
        m.put("--host", r -> pick(r, new String[]{"0.0.0.0", "192.168.1.10", "example.com", "::"}));
        m.put("--port", r -> pick(r, new String[]{"-1", "65536", "99999", "abc"}));
        m.put("--retain-raw-days", r -> pick(r, new String[]{"-1", "36501", "abc", "99999999999", "7d"}));
        m.put("--speed", r -> pick(r, new String[]{"0x", "-2x", "fast", "1e999x", "NaNx"}));
        m.put("--replay", r -> missing);
        m.put("--load", r -> missing);
        m.put("--data", r -> missing);
        m.put("--allow-host", r -> pick(r, new String[]{"evil.example/x", "a b", "", junk(r)}));
        m.put("--cors-origin", r -> pick(r, new String[]{"*", "null", "evil.example", "https://x.example/path", junk(r)}));
        return m;
    }

    /** Each command with arguments that make it valid apart from the flag under test (which replaces its baseline). */
    private Map<String, List<String>> baselines() {
        String db = dir.resolve("fuzz.duckdb").toString();
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("query", List.of("--db", db, "--since", "4h"));
        m.put("volume", List.of("--db", db, "--since", "4h"));
        m.put("export", List.of("--db", db, "--out", dir.resolve("x.csv").toString(), "--since", "4h"));
        m.put("autopsy", List.of("--db", db, "--from", "2025-10-10", "--to", "2025-10-11", "--out", dir.toString()));
        m.put("ingest", List.of("--db", db, "--exchanges", "binance", "--duration", "1s"));
        m.put("liqmap", List.of("--db", db));
        m.put("stress", List.of("--drop", "10"));
        m.put("simulate", List.of("--scenario", "oct-2025"));
        m.put("serve", List.of("--db", db, "--port", "0"));
        m.put("replay", List.of("--db", db, dir.resolve("no-such-file.jsonl").toString()));
        m.put("demo", List.of("--db", db, "--out", dir.toString()));
        return m;
    }

    private static List<String> with(List<String> baseline, String flag, String value) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < baseline.size(); i++) {
            String a = baseline.get(i);
            if (a.equals(flag)) {
                i++; // replaced below
            } else if (flag.equals("--since") && (a.equals("--from") || a.equals("--to"))
                    || (flag.equals("--from") || flag.equals("--to")) && a.equals("--since")
                    || flag.equals("--rise") && a.equals("--drop")) {
                i++; // --since and --from/--to (and --drop and --rise) exclude each other: fuzz one at a time
            } else {
                out.add(a);
            }
        }
        out.add(flag);
        out.add(value);
        if (flag.equals("--to") && !out.contains("--from")) {
            out.add("--from");
            out.add("2025-10-10");
        }
        return out;
    }

    @Test
    void everyOptionOfEveryCommandRefusesBadValuesWithExit2() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("CliFuzzTest seed " + seed + " (-Dfuzz.seed=" + seed + ")");
        Random rnd = new Random(seed);
        Map<String, Function<Random, String>> invalid = invalid(dir);
        Map<String, List<String>> baselines = baselines();
        CommandLine root = CascadeCli.commandLine();
        Set<String> uncovered = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        int runs = 0;
        for (Map.Entry<String, CommandLine> sub : root.getSubcommands().entrySet()) {
            if (sub.getKey().equals("help")) {
                continue;
            }
            List<String> baseline = baselines.get(sub.getKey());
            assertThat(baseline).as("a baseline for command " + sub.getKey()).isNotNull();
            for (CommandLine.Model.OptionSpec o : sub.getValue().getCommandSpec().options()) {
                String flag = o.longestName();
                if (NOT_FUZZED.containsKey(flag)) {
                    continue;
                }
                if (!invalid.containsKey(flag)) {
                    uncovered.add(sub.getKey() + " " + flag);
                    continue;
                }
                for (int i = 0; i < 4; i++) {
                    List<String> args = new ArrayList<>();
                    args.add(sub.getKey());
                    args.addAll(with(baseline, flag, invalid.get(flag).apply(rnd)));
                    CliTest.Run run = assertTimeoutPreemptively(Duration.ofSeconds(120),
                            () -> CliTest.run(args.toArray(String[]::new)), () -> String.join(" ", args));
                    runs++;
                    if (run.exit() != CascadeCli.EXIT_USAGE || run.err().isBlank() || run.err().contains("\tat ")) {
                        wrong.add(String.join(" ", args) + " -> exit " + run.exit() + ": " + run.err().strip());
                    }
                }
            }
        }
        assertThat(uncovered).as("flags without a fuzz generator (add one, or a reason in NOT_FUZZED)").isEmpty();
        assertThat(wrong).as("runs that did not exit 2 with a message (seed " + seed + ")").isEmpty();
        System.out.println("CliFuzzTest: " + runs + " runs, all exit 2");
    }
}
