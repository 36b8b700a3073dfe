package dev.cascade.report;

import dev.cascade.core.analytics.VolumeRatioSeries;
import dev.cascade.core.port.QueryStore.MarketClass;
import dev.cascade.core.port.QueryStore.VolumeBucket;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The autopsy's derivatives-against-spot section: hourly rows with trades, the ratio, and "no spot data" in words. */
class AutopsyVolumeSectionTest {
    private static final long T0 = 1_760_130_000_000L - 1_760_130_000_000L % 3_600_000L;
    private static final long H = 3_600_000L;
    private static final long USD = 1_000_000L;

    private static String section(List<VolumeBucket> rows) {
        StringBuilder md = new StringBuilder();
        AutopsyMarkdown.volume(md, VolumeRatioSeries.of(T0, T0 + 3 * H, H, rows));
        return md.toString();
    }

    @Test
    void hoursWithTradesAreListedWithTheirRatio() {
        String md = section(List.of(new VolumeBucket(T0, "BINANCE", MarketClass.DERIVATIVE, 10, 3_500_000 * USD),
                new VolumeBucket(T0, "BINANCE", MarketClass.SPOT, 4, 1_000_000 * USD),
                new VolumeBucket(T0 + 2 * H, "BINANCE", MarketClass.DERIVATIVE, 1, 500_000 * USD)));
        assertThat(md).contains("## Derivatives against spot volume (per hour)").contains("Spot data from BINANCE")
                .contains("| whole window | $4.00M | $1.00M | 4x |")
                .contains("| 2025-10-10 21:00 | $3.50M | $1.00M | 3.5x |")
                .contains("| 2025-10-10 23:00 | $500.00k | $0 | no spot |")
                .doesNotContain("22:00"); // the hour without trades is left out
    }

    @Test
    void noSpotDataIsSaidInWords() {
        assertThat(section(List.of(new VolumeBucket(T0, "OKX", MarketClass.DERIVATIVE, 2, 700 * USD))))
                .contains("No spot data in this window").contains("no ratio");
        assertThat(section(List.of())).contains("No spot data and no derivatives trades");
    }
}
