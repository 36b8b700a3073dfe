package dev.cascade.bench.store;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import dev.cascade.store.DuckDbStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * What the embedded store costs on disk, and what retention costs ingestion. Not a unit test.
 * <ol>
 *   <li><b>Bytes per stored event</b>, per table: N events of one kind, shaped like the live feeds (25 instruments of
 *   six venues, prices walking, Bybit's trade ids UUIDs and the others' numbers, one mark per instrument per second),
 *   stored through {@link DuckDbStore} in flushes of 10,000 into a fresh file, closed (which checkpoints); (file size
 *   - an empty store's size) / N. The per-minute rollups the flush keeps are in that figure.</li>
 *   <li><b>Flush stall with retention running</b>: a store holding {@code old} trades 40-50 days old (inserted by SQL,
 *   then rolled up), written at a live pace (80 events per flush) for {@code rounds} flushes with retention off,
 *   then with a 30-day retention deleting that backlog slice by slice: the longest, p99 and mean flush (each flush
 *   includes the upkeep step after it).</li>
 * </ol>
 * Run: {@code mvn -q -Pbench -DskipTests package && java -Xmx3g -cp bench/target/benchmarks.jar
 * dev.cascade.bench.store.StorageBench [events=1000000] [old=20000000] [rounds=400] [dir=target/bench-storage]}.
 */
public final class StorageBench {
    private static final long DAY = 86_400_000L;

    private StorageBench() {
    }

    /** One instrument of one feed. */
    private record Instrument(String source, Exchange exchange, MarketType market, String nativeSymbol, String symbol, long price) {
    }

    private static final List<Instrument> INSTRUMENTS = instruments();

    private static List<Instrument> instruments() {
        String[] coins = {"BTC", "ETH", "SOL", "XRP", "DOGE"};
        long[] prices = {90_000, 3_000, 140, 2, 0};
        List<Instrument> out = new java.util.ArrayList<>();
        for (int i = 0; i < coins.length; i++) {
            String c = coins[i];
            long p = prices[i] == 0 ? 35_000_000L : prices[i] * 100_000_000L; // DOGE 0.35
            out.add(new Instrument("binance-usdm", Exchange.BINANCE, MarketType.LINEAR, c + "USDT", c + "-USDT-PERP", p));
            out.add(new Instrument("binance-coinm", Exchange.BINANCE, MarketType.INVERSE, c + "USD_PERP", c + "-USD-PERP", p));
            out.add(new Instrument("bybit-linear", Exchange.BYBIT, MarketType.LINEAR, c + "USDT", c + "-USDT-PERP", p));
            out.add(new Instrument("okx", Exchange.OKX, MarketType.LINEAR, c + "-USDT-SWAP", c + "-USDT-PERP", p));
            out.add(new Instrument("binance-spot", Exchange.BINANCE, MarketType.SPOT, c + "USDT", c + "-USDT-SPOT", p));
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = dev.cascade.bench.analytics.AutopsyBench.keyValues(args);
        int events = Integer.parseInt(a.getOrDefault("events", "1000000"));
        long old = Long.parseLong(a.getOrDefault("old", "20000000"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "400"));
        Path dir = Path.of(a.getOrDefault("dir", "target/bench-storage"));
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "load average %s", Files.readString(Path.of("/proc/loadavg")));

        long empty = size(dir.resolve("empty.duckdb"), 0, null);
        System.out.printf(Locale.ROOT, "empty store file: %,d bytes%n", empty);
        long t0 = System.currentTimeMillis() - 2 * DAY;
        SplittableRandom rnd = new SplittableRandom(42);
        long[] walk = INSTRUMENTS.stream().mapToLong(Instrument::price).toArray();
        long[] tradeIds = new long[INSTRUMENTS.size()];
        Arrays.setAll(tradeIds, i -> 2_800_000_000L + i * 10_000_000L);
        Map<String, LongFunction<MarketEvent>> kinds = new java.util.LinkedHashMap<>();
        kinds.put("trade", i -> {
            int k = rnd.nextInt(INSTRUMENTS.size());
            Instrument in = INSTRUMENTS.get(k);
            long price = step(walk, k, rnd);
            long qty = 1_000 + rnd.nextLong(200_000_000L) / (1 + rnd.nextInt(100)); // mostly small, some large
            long usd = price / 100 * (qty / 100) / 1_000_000;
            String id = in.exchange() == Exchange.BYBIT ? new UUID(rnd.nextLong(), rnd.nextLong()).toString() : Long.toString(tradeIds[k]++);
            long ts = t0 + i * 5;
            return new Trade(in.source(), in.exchange(), in.market(), in.nativeSymbol(), in.symbol(),
                    rnd.nextBoolean() ? TakerSide.BUY : TakerSide.SELL, price, qty, usd, id, false, ts, ts + 40 + rnd.nextInt(60));
        });
        kinds.put("mark_price", i -> {
            int k = (int) (i % INSTRUMENTS.size());
            Instrument in = INSTRUMENTS.get(k);
            long price = step(walk, k, rnd);
            long ts = t0 + i / INSTRUMENTS.size() * 1_000;
            return new MarkPrice(in.source(), in.exchange(), in.market(), in.nativeSymbol(), in.symbol(), price,
                    price - rnd.nextInt(1000) * 100_000L, ts, ts + 40 + rnd.nextInt(60));
        });
        kinds.put("liquidation", i -> {
            int k = rnd.nextInt(INSTRUMENTS.size());
            Instrument in = INSTRUMENTS.get(k);
            long price = step(walk, k, rnd);
            long qty = 1_000 + rnd.nextLong(200_000_000L);
            long usd = price / 100 * (qty / 100) / 1_000_000;
            PositionSide side = rnd.nextBoolean() ? PositionSide.LONG : PositionSide.SHORT;
            long ts = t0 + i * 700;
            return new Liquidation(in.source(), in.exchange(), in.market(), in.nativeSymbol(), in.symbol(), side, price, qty, usd, qty,
                    QuantityUnit.BASE, PriceKind.AVERAGE_FILL, side == PositionSide.LONG ? "SELL" : "BUY", ts, ts + 50,
                    Completeness.COMPLETE, in.source() + "|" + in.nativeSymbol() + "|" + ts + "|" + qty);
        });
        kinds.put("open_interest", i -> {
            int k = (int) (i % INSTRUMENTS.size());
            Instrument in = INSTRUMENTS.get(k);
            long oi = 5_000_000_000_000L + rnd.nextLong(100_000_000_000L);
            long ts = t0 + i / INSTRUMENTS.size() * 5_000;
            return new OpenInterest(in.source(), in.exchange(), in.market(), in.nativeSymbol(), in.symbol(), oi,
                    oi / 100 * (walk[k] / 100) / 1_000_000, ts, ts + 50);
        });
        kinds.put("funding", i -> {
            int k = (int) (i % INSTRUMENTS.size());
            Instrument in = INSTRUMENTS.get(k);
            long ts = t0 + i / INSTRUMENTS.size() * 1_000;
            return new FundingRate(in.source(), in.exchange(), in.market(), in.nativeSymbol(), in.symbol(),
                    100_000_000L + rnd.nextInt(1_000_000), 8, (ts / (8 * 3_600_000L) + 1) * 8 * 3_600_000L, walk[k], ts, ts + 50);
        });
        System.out.println("| table | events | file bytes | bytes per event | rollup rows |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Map.Entry<String, LongFunction<MarketEvent>> e : kinds.entrySet()) {
            Path file = dir.resolve(e.getKey() + ".duckdb");
            long[] rollupRows = new long[1];
            long bytes = size(file, events, e.getValue(), rollupRows) - empty;
            System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.1f | %,d |%n", e.getKey(), events, bytes, (double) bytes / events,
                    rollupRows[0]);
        }
        if (old > 0) {
            stall(dir.resolve("stall.duckdb"), old, rounds);
        }
    }

    private static long step(long[] walk, int k, SplittableRandom rnd) {
        long tick = Math.max(1, walk[k] / 100_000);
        walk[k] += (rnd.nextInt(3) - 1) * tick;
        return walk[k];
    }

    private static long size(Path file, long n, LongFunction<MarketEvent> make) throws Exception {
        return size(file, n, make, new long[1]);
    }

    /** Stores n events into a fresh file, closes it (a checkpoint), returns its size; rollupRows[0] gets the rollup rows. */
    private static long size(Path file, long n, LongFunction<MarketEvent> make, long[] rollupRows) throws Exception {
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of(file + ".wal"));
        try (DuckDbStore s = DuckDbStore.open(file)) {
            for (long i = 0; i < n; i++) {
                s.accept(make.apply(i));
                if (i % 10_000 == 9_999) {
                    s.flush();
                }
            }
        }
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM liquidation_1m) + (SELECT count(*) FROM trade_1m) "
                     + "+ (SELECT count(*) FROM mark_price_1m)")) {
            rs.next();
            rollupRows[0] = rs.getLong(1);
            st.execute("CHECKPOINT");
        }
        if (rollupRows[0] >= 100_000) { // enough rows to weigh a rollup row on its own: copied into a fresh file
            Path copy = Path.of(file + ".rollup");
            Files.deleteIfExists(copy);
            try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + copy.toAbsolutePath()); Statement st = c.createStatement()) {
                st.execute("CHECKPOINT");
            }
            long emptyCopy = Files.size(copy);
            try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath()); Statement st = c.createStatement()) {
                st.execute("ATTACH '" + copy.toAbsolutePath() + "' AS r");
                st.execute("CREATE TABLE r.rollup AS SELECT * FROM liquidation_1m UNION ALL BY NAME SELECT * FROM trade_1m "
                        + "UNION ALL BY NAME SELECT * FROM mark_price_1m");
                st.execute("CHECKPOINT r");
                st.execute("DETACH r");
            }
            System.out.printf(Locale.ROOT, "  (its %,d rollup rows alone: %.1f bytes per rollup row)%n", rollupRows[0],
                    (double) (Files.size(copy) - emptyCopy) / rollupRows[0]);
            Files.delete(copy);
        }
        long bytes = Files.size(file);
        Files.delete(file);
        return bytes;
    }

    private static void stall(Path file, long old, int rounds) throws Exception {
        Files.deleteIfExists(file);
        long now = System.currentTimeMillis();
        long from = now - 50 * DAY;
        long span = 10 * DAY;
        try (DuckDbStore s = DuckDbStore.open(file)) {
            // schema only
        }
        long t = System.nanoTime();
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath()); Statement st = c.createStatement()) {
            st.execute("INSERT INTO trade SELECT i, " + from + " + i * " + span + " // " + old + " AS ts, " + from + " + i * " + span + " // " + old
                    + ", 'binance-usdm', 'BINANCE', 'LINEAR', 'BTCUSDT', 'BTC-USDT-PERP', CASE WHEN i % 2 = 0 THEN 'BUY' ELSE 'SELL' END, "
                    + "9000000000000 + hash(i) % 100000000000, hash(i) % 100000000, hash(i) % 10000000000, CAST(2800000000 + i AS VARCHAR), false "
                    + "FROM range(" + old + ") r(i)");
            st.execute("CHECKPOINT");
        }
        try (DuckDbStore s = DuckDbStore.open(file)) {
            s.rebuildRollups();
        }
        System.out.printf(Locale.ROOT, "%nstall: %,d trades 40-50 days old inserted and rolled up in %.1f s; file %,d bytes%n", old,
                (System.nanoTime() - t) / 1e9, Files.size(file));
        try (DuckDbStore s = DuckDbStore.open(file)) {
            run(s, "retention off", rounds, now, 0);
            s.retainRaw(Duration.ofDays(30));
            long started = System.nanoTime();
            run(s, "retention 30 days", rounds, now, rounds);
            DuckDbStore.Upkeep u = s.upkeep();
            System.out.printf(Locale.ROOT, "retention deleted %,d rows in %d steps over %.1f s; longest upkeep step %.1f ms%n",
                    u.rawDeleted(), u.steps(), (System.nanoTime() - started) / 1e9, u.maxStepNanos() / 1e6);
        }
        Files.deleteIfExists(file);
        System.out.printf(Locale.ROOT, "load average %s", Files.readString(Path.of("/proc/loadavg")));
    }

    /** rounds flushes of 80 live events each; prints the flush durations' max, p99 and mean. */
    private static void run(DuckDbStore s, String label, int rounds, long now, int offset) {
        long[] nanos = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 80; k++) {
                long ts = now + (long) (r + offset) * 250 + k;
                Instrument in = INSTRUMENTS.get(k % INSTRUMENTS.size());
                s.accept(k % 4 == 0
                        ? new MarkPrice(in.source(), in.exchange(), in.market(), in.nativeSymbol(), in.symbol(), in.price(), in.price(), ts, ts)
                        : new Trade(in.source(), in.exchange(), in.market(), in.nativeSymbol(), in.symbol(), TakerSide.BUY, in.price(), 1_000_000,
                        in.price() / 100, "live-" + (r + offset) + "-" + k, false, ts, ts));
            }
            long t = System.nanoTime();
            s.flush();
            nanos[r] = System.nanoTime() - t;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%s: %d flushes of 80 events: max %.1f ms, p99 %.1f ms, mean %.1f ms%n", label, rounds,
                sorted[rounds - 1] / 1e6, sorted[(int) (rounds * 0.99)] / 1e6, Arrays.stream(nanos).average().orElse(0) / 1e6);
    }
}
