package dev.cascade.report;

import dev.cascade.core.analytics.Autopsy;
import dev.cascade.core.analytics.AutopsyReport;
import dev.cascade.core.analytics.CascadeDetector;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.replay.BundleBuilder;
import dev.cascade.replay.Replayer;
import dev.cascade.store.DuckDbStore;
import dev.cascade.store.SqlQueryStore;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The autopsy on the REAL bundled CoinGlass data only (no synthetic file) must reproduce what the source CSVs in
 * ../shared/data hold: every 4-hour liquidation bucket by side, their sum, and the OI drawdown of the window.
 * The expected values are computed here straight from the CSV text, independently of the store and the analytics.
 */
class RealCrashValidationTest {
    static final Path ROOT = Path.of(System.getProperty("cascade.root", ".."));
    static final Path SHARED = Path.of(System.getProperty("cascade.shared", "../../shared"));
    static final long FROM = Instant.parse("2025-10-10T00:00:00Z").toEpochMilli();
    static final long TO = Instant.parse("2025-10-12T00:00:00Z").toEpochMilli();

    @Test
    void autopsyMatchesTheCoinGlassFiles() throws Exception {
        List<Path> real = List.of(ROOT.resolve("data").resolve(BundleBuilder.LIQ), ROOT.resolve("data").resolve(BundleBuilder.OI),
                ROOT.resolve("data").resolve(BundleBuilder.FUNDING_CG));
        AutopsyReport r;
        try (DuckDbStore store = DuckDbStore.open(null)) {
            Replayer.Result res = new Replayer(Instruments.withDefaults()).replay(real, store, (a, b) -> { });
            store.flush();
            assertThat(res.rejectedFrames()).isZero();
            try (Connection c = store.connect()) {
                r = new Autopsy(CascadeDetector.Params.DEFAULT, Set.of()).build(Autopsy.query(new SqlQueryStore(c), FROM, TO, "BTC"));
            }
        }
        assertThat(r.synthetic()).isFalse();
        assertThat(r.venues()).isNull();

        // 4-hour liquidation buckets, straight from the CSV.
        List<AutopsyReport.Bucket> expected = new ArrayList<>();
        long longs = 0;
        long shorts = 0;
        for (String[] row : csv(SHARED.resolve("data/coinglass_BTC_liq_4h_20250518_20251114.csv"))) {
            long t = Long.parseLong(row[0]);
            if (t >= FROM && t < TO) {
                long l = Fixed.parse(row[2], Fixed.E6);
                long s = Fixed.parse(row[3], Fixed.E6);
                expected.add(new AutopsyReport.Bucket(t, l, s));
                longs += l;
                shorts += s;
            }
        }
        assertThat(expected).hasSize(12);
        assertThat(r.aggregate().buckets()).containsExactlyElementsOf(expected);
        assertThat(r.aggregate().totals().longUsd()).isEqualTo(longs).isEqualTo(306_463_463_535_400L);
        assertThat(r.aggregate().totals().shortUsd()).isEqualTo(shorts).isEqualTo(125_620_837_713_810L);
        assertThat(r.aggregate().largestBucket().ts()).isEqualTo(Instant.parse("2025-10-10T20:00:00Z").toEpochMilli());
        assertThat(r.aggregate().largestBucket().totalUsd()).isEqualTo(343_062_519_135_880L);

        // OI drawdown over the window's 4h opens, computed naively (every pair i < j).
        List<long[]> oi = new ArrayList<>();
        for (String[] row : csv(SHARED.resolve("data/coinglass_BTC_aggOI_usd_4h_20250518_20251114.csv"))) {
            long t = Long.parseLong(row[0]);
            if (t >= FROM && t < TO) {
                oi.add(new long[]{t, Fixed.parse(row[2], Fixed.E6)});
            }
        }
        long bestDrop = 0;
        long peakTs = 0;
        long troughTs = 0;
        for (int i = 0; i < oi.size(); i++) {
            for (int j = i + 1; j < oi.size(); j++) {
                if (oi.get(i)[1] - oi.get(j)[1] > bestDrop) {
                    bestDrop = oi.get(i)[1] - oi.get(j)[1];
                    peakTs = oi.get(i)[0];
                    troughTs = oi.get(j)[0];
                }
            }
        }
        assertThat(r.aggregate().oiDrawdown().drop()).isEqualTo(bestDrop).isEqualTo(20_440_991_408_000_000L);
        assertThat(r.aggregate().oiDrawdown().peakTs()).isEqualTo(peakTs).isEqualTo(Instant.parse("2025-10-10T12:00:00Z").toEpochMilli());
        assertThat(r.aggregate().oiDrawdown().troughTs()).isEqualTo(troughTs).isEqualTo(Instant.parse("2025-10-11T08:00:00Z").toEpochMilli());
        // About -23% as published for this file.
        assertThat(r.aggregate().oiDrawdown().dropPpm()).isEqualTo(226_524);
        String md = AutopsyMarkdown.render(r);
        assertThat(md).contains("| 2025-10-10 20:00 | $235,601,013.09 | $107,461,506.04 | $343,062,519.14 |").doesNotContain("SYNTHETIC");
    }

    static List<String[]> csv(Path file) throws java.io.IOException {
        List<String> lines = Files.readAllLines(file);
        List<String[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            if (!l.isBlank()) {
                rows.add(l.split(",", -1));
            }
        }
        return rows;
    }
}
