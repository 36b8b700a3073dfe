package dev.cascade.core.analytics;

import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.QueryStore.LiquidationBucket;
import dev.cascade.core.port.QueryStore.OiSample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Aggregator rows of every coin in a window (CoinGlass: sums over its exchange set, per day or per 4 hours): the
 * liquidations by coin, day and side and each coin's open interest from its first to its last sample. Built only
 * when more than one coin has aggregator rows: for one coin it would repeat the aggregate section.
 */
public final class CoinBreakdown {
    public static final long DAY = 86_400_000L;

    private CoinBreakdown() {
    }

    /** One coin's liquidations in one UTC day (USD e6). */
    public record CoinDay(long ts, String coin, long longUsd, long shortUsd) {
        public long totalUsd() {
            return Math.addExact(longUsd, shortUsd);
        }
    }

    /** One UTC day summed over the coins. */
    public record Day(long ts, long longUsd, long shortUsd) {
        public long totalUsd() {
            return Math.addExact(longUsd, shortUsd);
        }
    }

    public record CoinTotal(String coin, SideTotals totals) {
    }

    /** A coin's aggregated OI: first and last sample in the window and its largest fall (USD e6). */
    public record CoinOi(String coin, long firstTs, long firstUsd, long lastTs, long lastUsd, Drawdown drawdown) {
    }

    /**
     * @param coins     per coin over the window, largest first
     * @param days      per day over all coins
     * @param coinDays  per coin and day
     * @param totals    all coins, the window
     */
    public record Market(List<String> coinNames, SideTotals totals, List<CoinTotal> coins, List<Day> days, List<CoinDay> coinDays,
                         List<CoinOi> oi) {
    }

    /**
     * @param liquidationsByCoin each coin's aggregator liquidation rows (any bucket length that divides a day)
     * @param oi                 OI samples of every coin (only aggregator rows are read)
     */
    public static Market of(Map<String, List<LiquidationBucket>> liquidationsByCoin, List<OiSample> oi) {
        TreeMap<String, SideTotals> perCoin = new TreeMap<>();
        TreeMap<String, long[]> perCoinDay = new TreeMap<>();
        TreeMap<Long, long[]> perDay = new TreeMap<>();
        liquidationsByCoin.forEach((coin, rows) -> {
            for (LiquidationBucket b : rows) {
                if (!OiAggregator.isAggregator(b.exchange())) {
                    continue;
                }
                int side = "LONG".equals(b.side()) ? 0 : 1;
                long day = b.ts() - Math.floorMod(b.ts(), DAY);
                perCoin.merge(coin, SideTotals.ZERO.plus(b.side(), b.notionalUsd(), b.count(), b.lowerBound()), SideTotals::plus);
                perCoinDay.computeIfAbsent(coin + '|' + String.format("%020d", day), k -> new long[2])[side] += b.notionalUsd();
                perDay.computeIfAbsent(day, k -> new long[2])[side] += b.notionalUsd();
            }
        });
        TreeMap<String, List<OiSample>> oiByCoin = new TreeMap<>();
        for (OiSample s : oi) {
            if (OiAggregator.isAggregator(s.exchange())) {
                oiByCoin.computeIfAbsent(coinOf(s.symbol()), k -> new ArrayList<>()).add(s);
            }
        }
        java.util.Set<String> coins = new java.util.TreeSet<>(perCoin.keySet());
        coins.addAll(oiByCoin.keySet());
        if (coins.size() < 2) {
            return null;
        }
        SideTotals all = SideTotals.ZERO;
        for (SideTotals t : perCoin.values()) {
            all = all.plus(t);
        }
        List<CoinTotal> coinTotals = new ArrayList<>();
        perCoin.forEach((c, t) -> coinTotals.add(new CoinTotal(c, t)));
        coinTotals.sort((a, b) -> Long.compare(b.totals().totalUsd(), a.totals().totalUsd()));
        List<Day> days = new ArrayList<>();
        perDay.forEach((d, v) -> days.add(new Day(d, v[0], v[1])));
        List<CoinDay> coinDays = new ArrayList<>();
        perCoinDay.forEach((k, v) -> {
            int bar = k.indexOf('|');
            coinDays.add(new CoinDay(Long.parseLong(k.substring(bar + 1)), k.substring(0, bar), v[0], v[1]));
        });
        coinDays.sort((a, b) -> a.ts() != b.ts() ? Long.compare(a.ts(), b.ts()) : Long.compare(b.totalUsd(), a.totalUsd()));
        List<CoinOi> coinOi = new ArrayList<>();
        oiByCoin.forEach((c, l) -> {
            l.sort((a, b) -> Long.compare(a.ts(), b.ts()));
            long[] ts = l.stream().mapToLong(OiSample::ts).toArray();
            long[] v = l.stream().mapToLong(OiSample::oiUsd).toArray();
            coinOi.add(new CoinOi(c, ts[0], v[0], ts[ts.length - 1], v[v.length - 1], Drawdown.of(ts, v)));
        });
        return new Market(List.copyOf(coins), all, coinTotals, days, coinDays, coinOi);
    }

    /** "ETH-ALL-AGG" -> "ETH". */
    static String coinOf(String symbol) {
        int dash = symbol.indexOf('-');
        return dash < 0 ? symbol : symbol.substring(0, dash);
    }

    /** The base coins with aggregator liquidation rows in the window (from a totals-by-symbol query). */
    public static List<String> aggregatorCoins(List<QueryStore.LiquidationTotal> bySymbol) {
        return bySymbol.stream().filter(t -> OiAggregator.isAggregator(t.exchange()) || t.exchange() == null)
                .map(t -> coinOf(t.symbol())).distinct().sorted().toList();
    }
}
