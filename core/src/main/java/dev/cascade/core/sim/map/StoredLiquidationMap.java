package dev.cascade.core.sim.map;

import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.SourceClass;
import dev.cascade.core.model.Trade;
import dev.cascade.core.port.MarketHistory;
import dev.cascade.core.sim.StressTest;
import dev.cascade.core.sim.engine.EngineConfig;
import dev.cascade.core.sim.margin.BracketTable;
import dev.cascade.core.sim.scenario.Population;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The liquidation map of one coin "now", from stored event-level data: reads open interest, trades and mark prices
 * through {@link MarketHistory}, runs {@link LiquidationMapEstimator} once per instrument (exchange and symbol: OI
 * samples of different venues are not comparable with each other), and merges the per-instrument maps. Instruments
 * without a price path (aggregates such as CoinGlass's USD-only OI) or with fewer than two OI samples are skipped
 * and listed. {@link #stress} runs {@link StressTest} on the population the map implies.
 */
public final class StoredLiquidationMap {
    /** What the numbers are, for API and CLI labels. */
    public static final String MODEL = "oi-flow-leverage-tiers";
    /** Trades read for one map at most; a larger window should be narrowed rather than loaded. */
    public static final int MAX_TRADES = 5_000_000;

    private StoredLiquidationMap() {
    }

    /** The store holds no event-level data the map can be built from; the message says what is needed. */
    public static final class MissingData extends RuntimeException {
        public MissingData(String message) {
            super(message);
        }
    }

    /**
     * @param instruments "EXCHANGE SYMBOL" of the instruments that contributed
     * @param skipped     instruments left out, each with the reason
     * @param syntheticSources generated feeds among the inputs of the mapped instruments: the map then models
     *                    invented positions, and every surface says so
     */
    public record Estimate(String coin, long fromTs, long toTs, LiquidationMap map, List<String> instruments,
                           List<String> skipped, int oiSamples, int trades, int markPrices,
                           LiquidationMapEstimator.Params params, List<String> syntheticSources) {
        /** The model's assumptions in words, rendered from its parameters. */
        public List<String> assumptions() {
            LiquidationMapEstimator.Params p = params;
            StringBuilder mix = new StringBuilder();
            for (int k = 0; k < p.leverages().length; k++) {
                mix.append(k == 0 ? "" : ", ").append(fmt(p.leverages()[k])).append("x ").append(fmt(p.weights()[k]));
            }
            return List.of(
                    "MODEL, not observed positions: the leverage mix is assumed (" + mix + " by weight)",
                    "new positions = open-interest increases between consecutive samples of one instrument, opened at"
                            + " the interval's trade VWAP (its mark price when no trades are stored)",
                    String.format(Locale.ROOT, "longs vs shorts by the interval's taker-buy share of volume, bounded to"
                            + " [%.0f%%, %.0f%%]; 50/50 without trades", 100 * p.minSideShare(), 100 * (1 - p.minSideShare())),
                    String.format(Locale.ROOT, "liquidation price = entry x (1 - 1/L + MMR) for longs, x (1 + 1/L - MMR)"
                            + " for shorts, isolated margin, MMR %.2f%%", p.mmrPpm() / 1e4),
                    "cohorts the interval's low (longs) or high (shorts) crossed are removed; an open-interest decrease"
                            + " closes the same share of every position of each side, those opened before the window too",
                    "only positions opened inside the window are mapped: older open interest is not in the map");
        }
    }

    public static Estimate estimate(MarketHistory history, String coin, long fromTs, long toTs,
                                    LiquidationMapEstimator.Params params) {
        List<OpenInterest> oi = history.openInterestEvents(fromTs, toTs, coin);
        List<Trade> trades = history.tradeEvents(fromTs, toTs, coin, MAX_TRADES);
        List<MarkPrice> marks = history.markPriceEvents(fromTs, toTs, coin);
        Map<String, List<OpenInterest>> oiBy = new TreeMap<>();
        for (OpenInterest o : oi) {
            if (o.market() != MarketType.SPOT) {
                oiBy.computeIfAbsent(key(o.exchange().name(), o.symbol()), k -> new ArrayList<>()).add(o);
            }
        }
        Map<String, List<Trade>> tradesBy = new LinkedHashMap<>();
        for (Trade t : trades) {
            tradesBy.computeIfAbsent(key(t.exchange().name(), t.symbol()), k -> new ArrayList<>()).add(t);
        }
        Map<String, List<MarkPrice>> marksBy = new LinkedHashMap<>();
        for (MarkPrice m : marks) {
            marksBy.computeIfAbsent(key(m.exchange().name(), m.symbol()), k -> new ArrayList<>()).add(m);
        }
        List<String> used = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        java.util.TreeSet<String> synthetic = new java.util.TreeSet<>();
        List<LiquidationMap> maps = new ArrayList<>();
        long latestDataTs = Long.MIN_VALUE;
        long lastPrice = 0;
        for (Map.Entry<String, List<OpenInterest>> e : oiBy.entrySet()) {
            List<Trade> tr = tradesBy.getOrDefault(e.getKey(), List.of());
            List<MarkPrice> mk = marksBy.getOrDefault(e.getKey(), List.of());
            if (e.getValue().size() < 2) {
                skipped.add(e.getKey() + ": only one open-interest sample (needs two to see a change)");
                continue;
            }
            if (tr.isEmpty() && mk.isEmpty()) {
                skipped.add(e.getKey() + ": no trades or mark prices (open interest without a price path, e.g. an aggregate)");
                continue;
            }
            LiquidationMap m = LiquidationMapEstimator.estimate(e.getValue(), tr, mk, params);
            used.add(e.getKey());
            java.util.stream.Stream.of(e.getValue(), tr, mk).flatMap(List::stream).map(MarketEvent::source)
                    .filter(SourceClass::isSyntheticSource).forEach(synthetic::add);
            maps.add(m);
            long ts = Math.max(tr.isEmpty() ? Long.MIN_VALUE : tr.get(tr.size() - 1).ts(),
                    mk.isEmpty() ? Long.MIN_VALUE : mk.get(mk.size() - 1).ts());
            // The venues price the same coin alike; "now" is the price of the most recently observed instrument.
            if (ts > latestDataTs && m.lastPrice() > 0) {
                latestDataTs = ts;
                lastPrice = m.lastPrice();
            }
        }
        if (maps.isEmpty()) {
            throw new MissingData(String.format(Locale.ROOT, "no event-level data to build a liquidation map for %s in"
                            + " the window: it needs, per instrument, at least two open-interest samples plus trades or"
                            + " mark prices (a live store, `cascade ingest` of venue feeds, or the bundled synthetic-crash"
                            + " feed). Found %d OI samples, %d trades, %d mark prices%s.", coin, oi.size(), trades.size(),
                    marks.size(), skipped.isEmpty() ? "" : "; skipped " + String.join("; ", skipped)));
        }
        return new Estimate(coin, fromTs, toTs, merge(maps, lastPrice, params), List.copyOf(used), List.copyOf(skipped),
                oi.size(), trades.size(), marks.size(), params, List.copyOf(synthetic));
    }

    /** Sums the bins of maps built with the same parameters. */
    static LiquidationMap merge(List<LiquidationMap> maps, long lastPrice, LiquidationMapEstimator.Params p) {
        int tiers = p.leverages().length;
        TreeMap<Long, long[][]> bins = new TreeMap<>();
        List<LiquidationMap.Level> levels = new ArrayList<>();
        for (LiquidationMap m : maps) {
            levels.addAll(m.levels());
            for (LiquidationMap.Bin b : m.bins()) {
                long[][] acc = bins.computeIfAbsent(b.priceLow(), k -> new long[2][tiers]);
                for (int k = 0; k < tiers; k++) {
                    acc[0][k] += b.longByTier()[k];
                    acc[1][k] += b.shortByTier()[k];
                }
            }
        }
        List<LiquidationMap.Bin> out = new ArrayList<>();
        for (Map.Entry<Long, long[][]> e : bins.entrySet()) {
            out.add(LiquidationMap.Bin.of(e.getKey(), e.getValue()[0], e.getValue()[1]));
        }
        return new LiquidationMap(p.binWidth(), lastPrice, p.leverages().clone(), List.copyOf(out), List.copyOf(levels));
    }

    /** The population the map implies and the stress result on it. */
    public record Stress(Population population, StressTest.Result result) {
    }

    /**
     * Runs the stress test on the map's population.
     *
     * @param movePct signed price move in percent (-10 = a 10% fall, which liquidates longs; +10 a rise)
     */
    public static Stress stress(Estimate e, double movePct, EngineConfig config, BracketTable table) {
        Population pop = e.map().toPopulation(e.coin(), table);
        if (pop.store().size() == 0) {
            throw new MissingData("the estimated map of " + e.coin() + " holds no live positions below or above the last"
                    + " price, so there is nothing to stress; use a longer window with open-interest growth");
        }
        return new Stress(pop, StressTest.runMove(pop, config, movePct, null));
    }

    private static String key(String exchange, String symbol) {
        return exchange + " " + symbol;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
