package dev.cascade.report;

import dev.cascade.core.analytics.AutopsyReport;
import dev.cascade.core.analytics.CascadeDetector;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.record.RecordedFrame;
import dev.cascade.core.record.RecordedFrameCodec;
import dev.cascade.replay.BundleBuilder;
import dev.cascade.replay.Replayer;
import dev.cascade.replay.SyntheticCrashGenerator;
import dev.cascade.store.DuckDbStore;
import dev.cascade.store.SqlQueryStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled SYNTHETIC dataset: reproducible, faithful to the real 4h totals, and what the autopsy finds in it. */
class SyntheticCrashAutopsyTest {
    static final Path DATA = RealCrashValidationTest.ROOT.resolve("data");
    static final long FROM = Instant.parse("2025-10-10T00:00:00Z").toEpochMilli();
    static final long TO = Instant.parse("2025-10-12T00:00:00Z").toEpochMilli();
    static AutopsyReport report;

    @BeforeAll
    static void replayBundle() throws Exception {
        List<Path> files = List.of(DATA.resolve(BundleBuilder.LIQ), DATA.resolve(BundleBuilder.OI), DATA.resolve(BundleBuilder.FUNDING_CG),
                DATA.resolve(SyntheticCrashGenerator.FILE));
        try (DuckDbStore store = DuckDbStore.open(null)) {
            Replayer.Result r = new Replayer(Instruments.withDefaults()).replay(files, store, (a, b) -> { });
            store.flush();
            assertThat(r.rejectedFrames()).isZero();
            try (Connection c = store.connect()) {
                report = new dev.cascade.core.analytics.Autopsy(CascadeDetector.Params.DEFAULT, java.util.Set.of())
                        .build(dev.cascade.core.analytics.Autopsy.query(new SqlQueryStore(c), FROM, TO, "BTC"));
            }
        }
    }

    @Test
    void committedFileIsWhatTheSeededGeneratorWrites() throws Exception {
        List<RecordedFrame> expected = SyntheticCrashGenerator.generate();
        List<RecordedFrame> actual = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(DATA.resolve(SyntheticCrashGenerator.FILE))), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                actual.add(RecordedFrameCodec.decode(line));
            }
        }
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(actual).allMatch(f -> f.source().equals("synthetic-crash"));
    }

    @Test
    void synthetic4hSumsEqualTheRealCoinGlassBuckets() throws Exception {
        // Compare the venue (synthetic) minute series re-summed per 4h bucket with the real aggregate buckets.
        AutopsyReport.Venues v = report.venues();
        for (AutopsyReport.Bucket real : report.aggregate().buckets()) {
            long longs = 0;
            long shorts = 0;
            for (int i = 0; i < v.series().size(); i++) {
                long t = v.series().ts()[i];
                if (t >= real.ts() && t < real.ts() + 4 * 3_600_000L) {
                    longs += v.series().longUsd()[i];
                    shorts += v.series().shortUsd()[i];
                }
            }
            boolean covered = real.ts() >= SyntheticCrashGenerator.FROM && real.ts() < SyntheticCrashGenerator.TO;
            assertThat(longs).as("bucket %s", Instant.ofEpochMilli(real.ts())).isEqualTo(covered ? real.longUsd() : 0);
            assertThat(shorts).as("bucket %s", Instant.ofEpochMilli(real.ts())).isEqualTo(covered ? real.shortUsd() : 0);
        }
        // And the generator's constants are the CSV's values.
        for (String[] row : RealCrashValidationTest.csv(RealCrashValidationTest.SHARED.resolve("data/coinglass_BTC_liq_4h_20250518_20251114.csv"))) {
            long t = Long.parseLong(row[0]);
            if (t >= SyntheticCrashGenerator.FROM && t < SyntheticCrashGenerator.TO) {
                int k = (int) ((t - SyntheticCrashGenerator.FROM) / (4 * 3_600_000L));
                assertThat(Fixed.parse(SyntheticCrashGenerator.REAL_LIQ_4H[k][0], Fixed.E6)).isEqualTo(Fixed.parse(row[2], Fixed.E6));
                assertThat(Fixed.parse(SyntheticCrashGenerator.REAL_LIQ_4H[k][1], Fixed.E6)).isEqualTo(Fixed.parse(row[3], Fixed.E6));
            }
        }
    }

    @Test
    void autopsyFindsTheCrashAndLabelsItSynthetic() {
        assertThat(report.synthetic()).isTrue();
        assertThat(report.syntheticSources()).containsExactly("synthetic-crash");
        AutopsyReport.Venues v = report.venues();
        assertThat(v.peakBucket().ts()).isEqualTo(Instant.parse("2025-10-10T21:15:00Z").toEpochMilli());
        assertThat(v.cascades()).isNotEmpty();
        CascadeDetector.Cascade main = v.cascades().stream().filter(c -> c.peakTs() == v.peakBucket().ts()).findFirst().orElseThrow();
        assertThat(main.dominantSide()).isEqualTo("LONG");
        assertThat(main.byExchange()).containsOnlyKeys("BINANCE", "BYBIT", "OKX");
        assertThat(v.priceDrawdown().troughTs()).isEqualTo(Instant.parse("2025-10-10T21:20:00Z").toEpochMilli());
        // The low is the published 104.8k give or take the generator's +-$8 venue noise.
        assertThat(v.priceDrawdown().trough()).isBetween(104_790L * 100_000_000L, 104_810L * 100_000_000L);
        // Venue OI sums to the real aggregate at the 4h boundaries: 12:00 open 90,237,724,934 USD.
        assertThat(v.oi().totalUsd()[0]).isEqualTo(90_237_724_934_000_000L);
        String md = AutopsyMarkdown.render(report);
        assertThat(md).contains(AutopsyMarkdown.SYNTHETIC_WARNING).contains("## Event level (SYNTHETIC)").contains("| Cascade 1 |");
        String json = AutopsyJson.render(report);
        assertThat(json).contains("\"synthetic\" : true").contains(AutopsyMarkdown.SYNTHETIC_WARNING);
        String html = AutopsyHtml.render(report);
        assertThat(html).contains("echarts.init").contains("Apache License").contains("SYNTHETIC")
                .doesNotContain("src=\"http").doesNotContain("<script src");
    }
}
