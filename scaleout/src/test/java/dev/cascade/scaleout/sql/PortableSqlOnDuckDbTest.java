package dev.cascade.scaleout.sql;

import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.SourceClass;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.QueryStore.Dimension;
import dev.cascade.core.port.QueryStore.LiquidationFilter;
import dev.cascade.core.port.QueryStore.LiquidationTotal;
import dev.cascade.replay.Replayer;
import dev.cascade.scaleout.SyntheticFrames;
import dev.cascade.store.DuckDbStore;
import dev.cascade.store.SqlQueryStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portable liquidation-totals SQL (the text ClickHouse also runs) on the embedded DuckDB store, checked against
 * totals computed in Java from the very events stored: every group-by subset, with and without filters.
 */
class PortableSqlOnDuckDbTest {
    private static DuckDbStore store;
    private static Connection conn;
    private static final List<Liquidation> LIQS = new ArrayList<>();

    @BeforeAll
    static void load() {
        store = DuckDbStore.open(null);
        Pipeline p = new Pipeline(Instruments.withDefaults(), e -> {
            store.accept(e);
            if (e instanceof Liquidation l) {
                LIQS.add(l);
            }
        }, (s, f, r) -> {
            throw new AssertionError(r);
        });
        SyntheticFrames.binance(5_000, 3L).forEach(p::accept);
        // The bundled real CoinGlass buckets too (AGGREGATE, not a lower bound).
        Path bundled = Path.of(System.getProperty("cascade.root", ".."), "data", "coinglass-btc-liquidations-4h.jsonl.gz");
        assertThat(bundled).exists();
        new Replayer(Instruments.withDefaults()).replay(List.of(bundled), e -> {
            store.accept(e);
            if (e instanceof Liquidation l) {
                LIQS.add(l);
            }
        }, (a, b) -> { });
        store.flush();
        conn = store.connect();
    }

    @AfterAll
    static void close() throws Exception {
        conn.close();
        store.close();
    }

    @Test
    void everyGroupingAndFilterMatchesTotalsComputedInJava() {
        QueryStore q = new SqlQueryStore(conn);
        long from = SyntheticFrames.START_TS - 86_400_000L * 200;
        long to = SyntheticFrames.START_TS + 10_000;
        List<LiquidationFilter> filters = List.of(LiquidationFilter.ANY, new LiquidationFilter("BINANCE", null, null),
                new LiquidationFilter(null, "BTC", null), new LiquidationFilter(null, "ETH", "LONG"),
                new LiquidationFilter("COINGLASS", "BTC", "SHORT"), new LiquidationFilter(null, "NOPE", null));
        int nonEmpty = 0;
        for (Set<Dimension> dims : subsets()) {
            for (LiquidationFilter f : filters) {
                List<LiquidationTotal> got = q.liquidationTotals(from, to, dims, f);
                List<LiquidationTotal> expected = oracle(from, to, dims, f);
                assertThat(got).as("group by %s, filter %s", dims, f).containsExactlyInAnyOrderElementsOf(expected);
                for (int i = 1; i < got.size(); i++) {
                    assertThat(got.get(i - 1).notionalUsd()).isGreaterThanOrEqualTo(got.get(i).notionalUsd());
                }
                nonEmpty += got.isEmpty() ? 0 : 1;
            }
        }
        assertThat(nonEmpty).isGreaterThan(30);
        // The window holds venue rows and the aggregate buckets: an ungrouped total is two rows, never one sum.
        assertThat(q.liquidationTotals(from, to, Set.of(), LiquidationFilter.ANY)).extracting(LiquidationTotal::sourceClass)
                .containsExactlyInAnyOrder(SourceClass.VENUE, SourceClass.AGGREGATE);
    }

    @Test
    void windowIsHalfOpen() {
        Liquidation first = LIQS.stream().filter(l -> l.source().equals("binance-usdm")).findFirst().orElseThrow();
        QueryStore q = new SqlQueryStore(conn);
        long at = first.ts();
        long before = q.liquidationTotals(at, at + 1, Set.of(), LiquidationFilter.ANY).stream().mapToLong(LiquidationTotal::count).sum();
        long excluded = q.liquidationTotals(at + 1, at + 2, Set.of(), new LiquidationFilter("BINANCE", null, null)).size();
        assertThat(before).isEqualTo(LIQS.stream().filter(l -> l.ts() == at).count());
        assertThat(excluded).isZero();
    }

    private static List<Set<Dimension>> subsets() {
        List<Set<Dimension>> out = new ArrayList<>();
        for (int mask = 0; mask < 8; mask++) {
            Set<Dimension> s = EnumSet.noneOf(Dimension.class);
            for (Dimension d : Dimension.values()) {
                if ((mask & (1 << d.ordinal())) != 0) {
                    s.add(d);
                }
            }
            out.add(s);
        }
        return out;
    }

    private static List<LiquidationTotal> oracle(long from, long to, Set<Dimension> dims, LiquidationFilter f) {
        Map<List<String>, long[]> acc = new HashMap<>();
        Stream<Liquidation> s = LIQS.stream().filter(l -> l.ts() >= from && l.ts() < to)
                .filter(l -> f.exchange() == null || f.exchange().equals(l.exchange().name()))
                .filter(l -> f.baseCoin() == null || f.baseCoin().equals(l.symbol().split("-", -1)[0]))
                .filter(l -> f.side() == null || f.side().equals(l.side().name()));
        s.forEach(l -> {
            List<String> key = new ArrayList<>();
            key.add(SourceClass.of(l.source(), l.completeness()).name()); // never summed across classes
            key.add(dims.contains(Dimension.EXCHANGE) ? l.exchange().name() : null);
            key.add(dims.contains(Dimension.SYMBOL) ? l.symbol() : null);
            key.add(dims.contains(Dimension.SIDE) ? l.side().name() : null);
            long[] a = acc.computeIfAbsent(key, k -> new long[3]);
            a[0]++;
            a[1] += l.notionalUsd();
            a[2] |= l.completeness().isLowerBound() ? 1 : 0;
        });
        List<LiquidationTotal> out = new ArrayList<>();
        acc.forEach((k, a) -> out.add(new LiquidationTotal(SourceClass.valueOf(k.get(0)), k.get(1), k.get(2), k.get(3), a[0], a[1],
                a[2] == 1)));
        return out;
    }
}
