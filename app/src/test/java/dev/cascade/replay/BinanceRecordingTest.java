package dev.cascade.replay;

import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.port.QueryStore;
import dev.cascade.store.DuckDbStore;
import dev.cascade.store.SqlQueryStore;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bundled Binance forceOrder frames replay into exactly the recording's distinct events: every one stored once,
 * as a lower bound (Binance's one-per-symbol-per-second feed), each side's USD the CSV's accumulated quantity times
 * average price, computed here from the CSV text.
 */
class BinanceRecordingTest {
    @Test
    void replayStoresEveryDistinctRecordedEventOnce() throws Exception {
        Path csv = Path.of(System.getProperty("cascade.shared", "../../shared")).resolve("data/binance_usdm_forceOrder_recording_20250126_27.csv");
        assumeTrue(Files.isRegularFile(csv), "../shared/data not present");
        Set<String> lines = new LinkedHashSet<>(Files.readAllLines(csv));
        lines.removeIf(String::isBlank);
        assertThat(Files.readAllLines(csv)).hasSize(3510);
        assertThat(lines).hasSize(1842);
        // Five events were written twice with only the recorder's own USD column (the last) differing: one event each.
        Set<String> distinct = new LinkedHashSet<>();
        for (String line : lines) {
            distinct.add(line.substring(0, line.lastIndexOf(',')));
        }
        assertThat(distinct).hasSize(1837);
        BigDecimal longs = BigDecimal.ZERO;
        BigDecimal shorts = BigDecimal.ZERO;
        long longCount = 0;
        for (String line : distinct) {
            String[] r = line.split(",", -1);
            BigDecimal usd = new BigDecimal(r[9]).multiply(new BigDecimal(r[6])).setScale(6, RoundingMode.HALF_UP);
            if ("SELL".equals(r[1])) { // a SELL liquidation order closes a long
                longs = longs.add(usd);
                longCount++;
            } else {
                shorts = shorts.add(usd);
            }
        }
        Path file = BundleBuilderTest.root().resolve("data").resolve(BundleBuilder.BINANCE_FORCE_ORDERS_2025);
        try (DuckDbStore store = DuckDbStore.open(null)) {
            Replayer.Result res = new Replayer(Instruments.withDefaults()).replay(List.of(file), store, (a, b) -> { });
            store.flush();
            assertThat(res.rejectedFrames()).isZero();
            assertThat(res.events()).isEqualTo(1837);
            try (Connection c = store.connect()) {
                List<QueryStore.LiquidationTotal> bySide = new SqlQueryStore(c).liquidationTotals(0, Long.MAX_VALUE,
                        EnumSet.of(QueryStore.Dimension.SIDE), QueryStore.LiquidationFilter.ANY);
                QueryStore.LiquidationTotal l = bySide.stream().filter(t -> "LONG".equals(t.side())).findFirst().orElseThrow();
                QueryStore.LiquidationTotal s = bySide.stream().filter(t -> "SHORT".equals(t.side())).findFirst().orElseThrow();
                assertThat(l.count() + s.count()).isEqualTo(1837);
                assertThat(l.count()).isEqualTo(longCount);
                assertThat(BigDecimal.valueOf(l.notionalUsd(), 6)).isEqualByComparingTo(longs);
                assertThat(BigDecimal.valueOf(s.notionalUsd(), 6)).isEqualByComparingTo(shorts);
                assertThat(l.lowerBound()).as("Binance forceOrder is sampled: totals are lower bounds").isTrue();
            }
        }
    }
}
