package dev.cascade.server;

import dev.cascade.core.model.SourceClass;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.DashboardQueries;
import dev.cascade.core.port.DashboardQueries.HeatCell;
import dev.cascade.core.port.DashboardQueries.PriceRange;
import dev.cascade.core.port.QueryStore;
import dev.cascade.report.LiquidationMapReport;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The liquidation heatmap over time and price: realized liquidations of one coin binned by time and price from the
 * stored event-level rows (aggregator buckets carry no price and are left out), and, as a separate layer, the modeled
 * liquidation levels at the window's end (the simulator's map, a MODEL). Both layers share the price bins. Bounded:
 * at most {@link #MAX_GRID} cells in the time x price grid, and the window at most {@link #MAX_WINDOW_MS}.
 */
final class HeatmapResource implements ApiRoutes.Resource {
    static final int MAX_GRID = 100_000;
    static final long MAX_WINDOW_MS = 31 * Params.DAY;
    /** Automatic bins aim at about this many columns and rows. */
    static final int TARGET_TIME_BINS = 240;
    static final int TARGET_PRICE_BINS = 80;
    /** Data the model estimates its levels from: the default window of /api/liquidation-map, ending at the heatmap's end. */
    static final long MODEL_INPUT_MS = SimulatorMapServices.DEFAULT_WINDOW_MS;
    private static final long[] TIME_BINS = {60_000L, 5 * 60_000L, 15 * 60_000L, 30 * 60_000L, Params.HOUR, 4 * Params.HOUR, Params.DAY};
    static final String REALIZED_LABEL = "REALIZED: liquidations stored per time bin and price bin (event-level rows at their"
            + " fill price; aggregator buckets carry no price and are not shown)";

    private final DashboardQueries queries;
    private final QueryStore store;
    private final CascadeServer.Services services;
    private final MarketClock clock;
    private final AnalysisRunner runner;

    HeatmapResource(DashboardQueries queries, QueryStore store, CascadeServer.Services services, MarketClock clock, AnalysisRunner runner) {
        this.queries = queries;
        this.store = store;
        this.services = services;
        this.clock = clock;
        this.runner = runner;
    }

    /** The heatmap document. Money is fixed point (USD e6, prices e8); the wire sends decimal strings. */
    record Heatmap(String coin, long from, long to, long timeBinMs, long priceBinE8, long priceLowE8, long priceHighE8,
                   int timeBins, int priceBins, Realized realized, Model model, String modelNote) {
    }

    record Realized(String label, List<String> syntheticSources, long totalUsdE6, long maxCellUsdE6, long count, List<HeatCell> cells) {
    }

    record Model(String label, long fromTs, long toTs, long lastPriceE8, long binWidthE8, boolean synthetic, long maxLevelUsdE6,
                 List<Level> levels) {
    }

    record Level(long priceLowE8, long longUsdE6, long shortUsdE6) {
    }

    @Override
    public void register(ApiRoutes r) {
        r.get("/api/liquidations/heatmap", this::heatmap);
    }

    private void heatmap(Context ctx) {
        Params p = Http.params(ctx, Set.of("window", "from", "to", "coin", "priceBin", "timeBin", "model"));
        String coin = p.coin() == null ? "BTC" : p.coin();
        // Every parameter is checked here, so a bad one is a 400 at once and never a place in the analysis queue; the
        // store is read on the analysis worker (the analyses' own connections), never on a request thread.
        Params.Window asked = p.window(clock.windowEnd(), 6 * Params.HOUR);
        if (asked.length() > MAX_WINDOW_MS) {
            throw new BadRequest("window too long for the heatmap: at most 31 days");
        }
        long timeBin = p.raw("timeBin") == null ? autoTimeBin(asked.length()) : p.duration("timeBin", 60_000L, 60_000L, Params.DAY);
        long givenPriceBin = p.decimal("priceBin", 0, 8, 1, 1_000_000 * Fixed.ONE_E8);
        String modelFlag = p.raw("model");
        if (modelFlag != null && !modelFlag.equals("true") && !modelFlag.equals("false")) {
            throw new BadRequest("model must be true or false, got '" + modelFlag + "'");
        }
        boolean withModel = !"false".equals(modelFlag);
        long timeBins = ceilDiv(asked.length(), timeBin);
        if (timeBins > MAX_GRID) {
            throw new BadRequest("too many time bins (" + timeBins + "): at most " + MAX_GRID + "; use a larger timeBin");
        }
        // Default window: the 6 hours (or `window`) up to the coin's latest priced liquidation, so a history-only store
        // shows something; resolved on the worker. Cached by the request and the market clock rounded up to 10 s.
        boolean toLatest = p.raw("to") == null && p.raw("from") == null;
        Map<String, String> query = new HashMap<>();
        ctx.queryParamMap().forEach((name, values) -> query.put(name, values.isEmpty() ? null : values.get(0)));
        String key = "heatmap " + coin + " " + (toLatest ? "latest " + asked.length() : asked.from() + " " + asked.to()) + " "
                + timeBin + " " + givenPriceBin + " " + withModel + " " + AnalysisResource.sharedNow(clock);
        runner.answer(ctx, key, () -> {
            Params.Window w = asked;
            if (toLatest) {
                long latest = queries.pricedLiquidations(0, Long.MAX_VALUE, coin).lastTs();
                w = new Params(query::get).window(latest < 0 ? clock.windowEnd() : latest + 1, 6 * Params.HOUR);
            }
            return build(coin, w, timeBin, givenPriceBin, withModel, queries.pricedLiquidations(w.from(), w.to(), coin));
        });
    }

    private Heatmap build(String coin, Params.Window w, long timeBin, long givenPriceBin, boolean withModel, PriceRange range) {
        LiquidationMapReport.MapView map = null;
        String modelNote = null;
        if (withModel) {
            try {
                map = services.liquidationMap().map(coin, w.to() - MODEL_INPUT_MS, w.to(), MODEL_INPUT_MS,
                        givenPriceBin > 0 ? givenPriceBin : modelBin(range));
            } catch (BadRequest | UnsupportedOperationException e) {
                modelNote = "no modeled levels: " + e.getMessage();
            }
        } else {
            modelNote = "model layer not requested (model=false)";
        }
        // The price extent: the realized liquidations, else the model's levels within 30% of its last price.
        long lo;
        long hi;
        if (range.count() > 0) {
            lo = range.minPriceE8();
            hi = range.maxPriceE8();
        } else if (map != null && map.lastPriceE8() > 0) {
            lo = map.lastPriceE8() - map.lastPriceE8() * 3 / 10;
            hi = map.lastPriceE8() + map.lastPriceE8() * 3 / 10;
        } else {
            return new Heatmap(coin, w.from(), w.to(), timeBin, givenPriceBin, 0, 0, (int) ceilDiv(w.length(), timeBin), 0,
                    realized(List.of(), w), null, modelNote);
        }
        // An automatic bin is a 1-2-5 step, so it is a whole number of the model's bins (100 USD or a 1-2-5 step too).
        long priceBin = givenPriceBin > 0 ? givenPriceBin : niceStep(Math.max(1, (hi - lo) / TARGET_PRICE_BINS));
        if (map != null && givenPriceBin == 0) {
            priceBin = Math.max(priceBin, map.binWidthE8());
        }
        long gridLo = lo - Math.floorMod(lo, priceBin);
        long gridHi = hi - Math.floorMod(hi, priceBin) + priceBin;
        long priceBins = (gridHi - gridLo) / priceBin;
        long timeBins = ceilDiv(w.length(), timeBin);
        if (priceBins * timeBins > MAX_GRID) {
            throw new BadRequest("too many cells: " + timeBins + " time bins x " + priceBins + " price bins > " + MAX_GRID
                    + "; use a larger priceBin or timeBin (the realized prices span " + Fixed.format(lo, 8) + " .. " + Fixed.format(hi, 8) + ")");
        }
        List<HeatCell> cells = range.count() == 0 ? List.of()
                : queries.liquidationHeatmap(w.from(), w.to(), coin, timeBin, priceBin, MAX_GRID);
        Model model = map == null ? null : model(map, priceBin, gridLo, gridHi);
        if (map != null && model.levels().isEmpty()) {
            modelNote = "the model places no levels within the shown price range";
        }
        return new Heatmap(coin, w.from(), w.to(), timeBin, priceBin, gridLo, gridHi, (int) timeBins, (int) priceBins,
                realized(cells, w), model, modelNote);
    }

    private Realized realized(List<HeatCell> cells, Params.Window w) {
        long total = 0;
        long max = 0;
        long count = 0;
        for (HeatCell c : cells) {
            long usd = c.longUsdE6() + c.shortUsdE6();
            total += usd;
            max = Math.max(max, usd);
            count += c.count();
        }
        Set<String> synthetic = new TreeSet<>();
        if (!cells.isEmpty()) {
            for (QueryStore.SourceCount s : store.sources(w.from(), w.to())) {
                if (s.table().equals("liquidation") && SourceClass.isSyntheticSource(s.source())) {
                    synthetic.add(s.source());
                }
            }
        }
        return new Realized(REALIZED_LABEL, List.copyOf(synthetic), total, max, count, cells);
    }

    /**
     * The model's levels inside the grid's price range, on the grid's bins: the model ran with the grid's bin, or with
     * a bin that divides it (whole model bins are summed into each grid bin).
     */
    private static Model model(LiquidationMapReport.MapView map, long priceBin, long lo, long hi) {
        TreeMap<Long, long[]> merged = new TreeMap<>();
        for (LiquidationMapReport.BinView b : map.bins()) {
            long low = b.priceLowE8() - Math.floorMod(b.priceLowE8(), priceBin);
            if (low >= lo && low < hi) {
                long[] v = merged.computeIfAbsent(low, k -> new long[2]);
                v[0] += b.longUsdE6();
                v[1] += b.shortUsdE6();
            }
        }
        List<Level> levels = new ArrayList<>();
        long max = 0;
        for (var e : merged.entrySet()) {
            levels.add(new Level(e.getKey(), e.getValue()[0], e.getValue()[1]));
            max = Math.max(max, e.getValue()[0] + e.getValue()[1]);
        }
        return new Model(map.label(), map.fromTs(), map.toTs(), map.lastPriceE8(), priceBin, map.synthetic(), max, List.copyOf(levels));
    }

    /** The model's bin when none is given: from the realized price span, or 100 USD when nothing was realized. */
    private static long modelBin(PriceRange range) {
        return range.count() > 0 ? niceStep(Math.max(1, (range.maxPriceE8() - range.minPriceE8()) / TARGET_PRICE_BINS))
                : SimulatorMapServices.STRESS_BIN_E8;
    }

    static long autoTimeBin(long windowMs) {
        for (long b : TIME_BINS) {
            if (windowMs / b <= TARGET_TIME_BINS) {
                return b;
            }
        }
        return Params.DAY;
    }

    /** The smallest 1, 2 or 5 x 10^k (e8 units) at least {@code x}: bins a reader can add up. */
    static long niceStep(long x) {
        long p = 1;
        while (true) {
            for (long m : new long[]{1, 2, 5}) {
                if (m * p >= x) {
                    return m * p;
                }
            }
            p *= 10;
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
