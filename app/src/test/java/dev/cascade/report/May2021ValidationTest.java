package dev.cascade.report;

import dev.cascade.core.analytics.Autopsy;
import dev.cascade.core.analytics.AutopsyReport;
import dev.cascade.core.analytics.CascadeDetector;
import dev.cascade.core.analytics.CoinBreakdown;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.replay.BundleBuilder;
import dev.cascade.replay.Replayer;
import dev.cascade.store.DuckDbStore;
import dev.cascade.store.SqlQueryStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.cascade.report.RealCrashValidationTest.ROOT;
import static dev.cascade.report.RealCrashValidationTest.SHARED;
import static dev.cascade.report.RealCrashValidationTest.csv;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 19 May 2021 autopsy on the bundled real files must reproduce every figure straight from the source CSVs in
 * ../shared/data: the daily liquidations by coin and side, the BTC open-interest flush and re-leveraging, every coin's
 * OI, the BitMEX price path (peak, low, rebound), the Binance funding reset and the figures set beside the published
 * ones. The expected values are computed here from the CSV text, independently of the store and the analytics.
 */
class May2021ValidationTest {
    static final long MINUTE = 60_000L;
    static final long DAY = 86_400_000L;
    static final long FROM = Instant.parse("2021-05-18T00:00:00Z").toEpochMilli();
    static final long TO = Instant.parse("2021-05-21T00:00:00Z").toEpochMilli();
    static AutopsyReport report;

    @BeforeAll
    static void build() throws Exception {
        Path data = ROOT.resolve("data");
        List<Path> files = List.of(data.resolve(BundleBuilder.LIQ_7COINS_2021), data.resolve(BundleBuilder.OI_7COINS_2021),
                data.resolve(BundleBuilder.BITMEX_BARS_2021), data.resolve(BundleBuilder.FUNDING_BINANCE));
        try (DuckDbStore store = DuckDbStore.open(null)) {
            Replayer.Result res = new Replayer(Instruments.withDefaults()).replay(files, store, (a, b) -> { });
            store.flush();
            assertThat(res.rejectedFrames()).isZero();
            assertThat(res.badLines()).isZero();
            try (Connection c = store.connect()) {
                report = new Autopsy(CascadeDetector.Params.DEFAULT, Set.of()).build(Autopsy.query(new SqlQueryStore(c), FROM, TO, "BTC"));
            }
        }
        assertThat(report.synthetic()).isFalse();
    }

    static long day(String tsUtc) {
        return LocalDate.parse(tsUtc.substring(0, 10)).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    @Test
    void dailyLiquidationsByCoinAndSideAreTheCsvRows() throws Exception {
        Map<String, long[]> perCoin = new TreeMap<>();
        Map<Long, long[]> perDay = new TreeMap<>();
        int rows = 0;
        for (String[] r : csv(SHARED.resolve("data/coinglass_7coins_liq_1d_2015_20250908.csv"))) {
            long d = day(r[1]);
            if (d >= FROM && d < TO) {
                long l = Fixed.parse(r[2], Fixed.E6);
                long s = Fixed.parse(r[3], Fixed.E6);
                assertThat(report.market().coinDays()).as(r[0] + " " + r[1]).contains(new CoinBreakdown.CoinDay(d, r[0], l, s));
                long[] c = perCoin.computeIfAbsent(r[0], k -> new long[2]);
                c[0] += l;
                c[1] += s;
                long[] t = perDay.computeIfAbsent(d, k -> new long[2]);
                t[0] += l;
                t[1] += s;
                rows++;
            }
        }
        assertThat(rows).isEqualTo(21);
        assertThat(report.market().coinDays()).hasSize(rows);
        assertThat(report.market().coinNames()).containsExactly("ADA", "BNB", "BTC", "DOGE", "ETH", "SOL", "XRP");
        for (CoinBreakdown.CoinTotal t : report.market().coins()) {
            assertThat(new long[]{t.totals().longUsd(), t.totals().shortUsd()}).as(t.coin()).containsExactly(perCoin.get(t.coin()));
        }
        for (CoinBreakdown.Day d : report.market().days()) {
            assertThat(new long[]{d.longUsd(), d.shortUsd()}).containsExactly(perDay.get(d.ts()));
        }
        // BTC on 19 May: $1.386B longs / $0.203B shorts (the shared README's figure), also the aggregate section's largest day.
        assertThat(report.aggregate().bucketMs()).isEqualTo(DAY);
        assertThat(report.aggregate().largestBucket()).isEqualTo(new AutopsyReport.Bucket(day("2021-05-19"),
                1_386_008_445_366_000L, 202_621_857_435_430L));
        // Set beside Bybt's ~$8.6B: the seven coins' 19 May sum, and nothing else.
        long[] may19 = perDay.get(day("2021-05-19"));
        AutopsyReport.Comparison liq = comparison("liquidated in a day");
        assertThat(liq.oursValue()).isEqualTo(may19[0] + may19[1]).isEqualTo(3_062_085_923_280_971L);
        assertThat(liq.ours()).startsWith("$3.06B");
        assertThat(liq.published()).isEqualTo("~$8.6B");
        assertThat(liq.oursCovers()).contains("7 coins");
    }

    @Test
    void openInterestFlushAndReleveragingAreTheDailyCloses() throws Exception {
        Map<String, TreeMap<Long, Long>> closes = new TreeMap<>();
        for (String[] r : csv(SHARED.resolve("data/coinglass_7coins_futures_oi_1d_2015_20250908.csv"))) {
            long d = day(r[1]);
            if (d >= FROM && d < TO && !r[2].isEmpty()) {
                closes.computeIfAbsent(r[0], k -> new TreeMap<>()).put(d, Fixed.parse(r[2], Fixed.E6));
            }
        }
        TreeMap<Long, Long> btc = closes.get("BTC");
        long peak = btc.get(day("2021-05-18"));
        long trough = btc.get(day("2021-05-19"));
        assertThat(peak).isEqualTo(17_409_454_454_000_000L);
        assertThat(trough).isEqualTo(12_493_364_737_000_000L);
        // The close is stamped in the labelled day's last minute (1-minute buckets in a 3-day window).
        var dd = report.aggregate().oiDrawdown();
        assertThat(dd.peak()).isEqualTo(peak);
        assertThat(dd.trough()).isEqualTo(trough);
        assertThat(dd.peakTs()).isEqualTo(day("2021-05-18") + DAY - MINUTE);
        assertThat(dd.troughTs()).isEqualTo(day("2021-05-19") + DAY - MINUTE);
        assertThat(dd.dropPpm()).isEqualTo(ratioPpm(peak - trough, peak));
        var rl = report.aggregate().releveraging();
        long end = btc.get(day("2021-05-20"));
        assertThat(rl.oiEnd()).isEqualTo(end);
        assertThat(rl.rebuildUsd()).isEqualTo(end - trough).isEqualTo(119_207_903_000_000L);
        for (CoinBreakdown.CoinOi o : report.market().oi()) {
            TreeMap<Long, Long> c = closes.get(o.coin());
            assertThat(o.firstUsd()).as(o.coin()).isEqualTo(c.firstEntry().getValue());
            assertThat(o.lastUsd()).as(o.coin()).isEqualTo(c.lastEntry().getValue());
            assertThat(o.drawdown().trough()).as(o.coin()).isEqualTo(c.values().stream().mapToLong(Long::longValue).min().orElseThrow());
        }
        assertThat(comparison("BTC futures open interest").oursValue()).isEqualTo(dd.dropPpm());
    }

    @Test
    void pricePathIsTheBitmexBars() throws Exception {
        // The bar labelled T covers the minute before T: the first one (labelled 18 May 00:00) lies before the window.
        List<String[]> bars = csv(SHARED.resolve("data/bitmex_XBTUSD_1m_20210518_20.csv")).stream()
                .filter(b -> Instant.parse(b[0]).toEpochMilli() - MINUTE >= FROM).toList();
        assertThat(bars).hasSize(4319);
        // The bar labelled T covers the minute before T. The low, and the highest high before it, naively.
        long lowTs = 0;
        long low = Long.MAX_VALUE;
        for (String[] b : bars) {
            long l = Fixed.parse(b[3], Fixed.E8);
            if (l < low) {
                low = l;
                lowTs = Instant.parse(b[0]).toEpochMilli() - MINUTE;
            }
        }
        long peak = 0;
        long peakTs = 0;
        long rebound = 0;
        for (String[] b : bars) {
            long start = Instant.parse(b[0]).toEpochMilli() - MINUTE;
            long h = Fixed.parse(b[2], Fixed.E8);
            if (start <= lowTs && h > peak) {
                peak = h;
                peakTs = start;
            }
            if (start >= lowTs) {
                rebound = Math.max(rebound, h);
            }
        }
        var p = report.venues().priceDrawdown();
        assertThat(p.trough()).isEqualTo(low).isEqualTo(28_157L * Fixed.ONE_E8);
        assertThat(p.troughTs()).isEqualTo(lowTs).isEqualTo(Instant.parse("2021-05-19T13:10:00Z").toEpochMilli());
        assertThat(p.peak()).isEqualTo(peak);
        assertThat(p.peakTs()).isEqualTo(peakTs);
        assertThat(report.venues().rebound().value()).isEqualTo(rebound);
        assertThat(report.venues().priceSources()).containsExactly("bitmex/BITMEX");
        assertThat(report.venues().totals().count()).isZero();
        assertThat(comparison("BTC low").oursValue()).isEqualTo(low);
        // Every minute's high, low and close read back exactly (the open is BitMEX's previous close and may lie outside).
        var s = report.venues().series();
        for (String[] b : bars) {
            int i = (int) ((Instant.parse(b[0]).toEpochMilli() - MINUTE - FROM) / MINUTE);
            assertThat(new long[]{s.high()[i], s.low()[i], s.close()[i]}).as(b[0])
                    .containsExactly(Fixed.parse(b[2], Fixed.E8), Fixed.parse(b[3], Fixed.E8), Fixed.parse(b[4], Fixed.E8));
        }
    }

    @Test
    void fundingResetIsBinancesSettlements() throws Exception {
        long peakTs = report.aggregate().oiDrawdown().peakTs();
        long before = 0;
        long min = Long.MAX_VALUE;
        long minTs = 0;
        long last = 0;
        List<long[]> inWindow = new java.util.ArrayList<>();
        for (String[] r : csv(SHARED.resolve("data/binance_BTCUSDT_funding_2020_2026.csv"))) {
            long t = Long.parseLong(r[0]);
            if (t >= FROM && t < TO) {
                inWindow.add(new long[]{t, Fixed.parse(r[2], Fixed.E12)});
            }
        }
        // The settlement at or before the OI peak, then the lowest from there on, then the last.
        long beforeTs = 0;
        for (long[] f : inWindow) {
            if (f[0] <= peakTs) {
                before = f[1];
                beforeTs = f[0];
            }
        }
        for (long[] f : inWindow) {
            if (f[0] >= beforeTs && f[1] < min) {
                min = f[1];
                minTs = f[0];
            }
            last = f[1];
        }
        var rl = report.aggregate().releveraging();
        assertThat(rl.fundingKnown()).isTrue();
        assertThat(rl.fundingBefore()).isEqualTo(before);
        assertThat(rl.fundingMin()).isEqualTo(min).isEqualTo(-896_970_000L); // -0.089697% per 8h, 19 May 16:00
        assertThat(rl.fundingMinTs() / MINUTE).isEqualTo(minTs / MINUTE);
        assertThat(rl.fundingEnd()).isEqualTo(last);
        assertThat(rl.fundingSource()).contains("binance-usdm").contains("one instrument");
    }

    @Test
    void markdownSaysWhatEachFigureCovers() {
        String md = AutopsyMarkdown.render(report);
        assertThat(md).contains("## By coin (real: CoinGlass rows for 7 coins")
                .contains("| 2021-05-19 | **all** |")
                .contains("~$8.6B").contains("not the same measure")
                .contains("No event-level liquidations are stored in this window")
                .contains("| Rebound |")
                .doesNotContain("SYNTHETIC");
        assertThat(AutopsyJson.render(report)).contains("\"published\"").contains("\"oursCovers\"");
    }

    /** The clocked may-2021-path scenario is driven by, and reported against, the same CSVs value for value. */
    @Test
    void pathScenarioIsTheBitmexClosesAndCoinGlassDay() throws Exception {
        var s = dev.cascade.core.sim.scenario.ScenarioLoader.builtIn("may-2021-path");
        long start = Instant.parse("2021-05-19T00:00:00Z").toEpochMilli();
        assertThat(s.startTime()).isEqualTo(start);
        assertThat(s.engine().secondsPerStep()).isEqualTo(60);
        long[] path = s.shocks().get(0).path();
        Map<Long, Long> closes = new TreeMap<>();
        for (String[] b : csv(SHARED.resolve("data/bitmex_XBTUSD_1m_20210518_20.csv"))) {
            closes.put(Instant.parse(b[0]).toEpochMilli(), Fixed.parse(b[4], Fixed.E8));
        }
        assertThat(path).hasSize(24 * 60 + 1);
        for (int k = 0; k < path.length; k++) {
            assertThat(path[k]).as("minute %d", k).isEqualTo(closes.get(start + k * MINUTE));
        }
        assertThat(s.startPrice()).isEqualTo(path[0]);
        var actual = s.calibration().actual();
        for (int h = 0; h < 24; h++) {
            assertThat(actual.priceCloses()[h]).isEqualTo(closes.get(start + (h + 1) * 3_600_000L));
        }
        String[] btc = csv(SHARED.resolve("data/coinglass_7coins_liq_1d_2015_20250908.csv")).stream()
                .filter(r -> r[0].equals("BTC") && r[1].startsWith("2021-05-19")).findFirst().orElseThrow();
        assertThat(actual.longUsd()).containsExactly(Fixed.parse(btc[2], Fixed.E6));
        assertThat(actual.shortUsd()).containsExactly(Fixed.parse(btc[3], Fixed.E6));
    }

    static AutopsyReport.Comparison comparison(String figure) {
        return report.published().stream().filter(c -> c.figure().equals(figure)).findFirst().orElseThrow();
    }

    static long ratioPpm(long num, long den) {
        return java.math.BigInteger.valueOf(num).multiply(java.math.BigInteger.valueOf(2_000_000)).add(java.math.BigInteger.valueOf(den))
                .divide(java.math.BigInteger.valueOf(2 * den)).longValueExact();
    }
}
