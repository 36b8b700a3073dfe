package dev.cascade.core.sim.scenario;

import dev.cascade.core.money.Fixed;
import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.sim.book.SqrtImpactMaker;
import dev.cascade.core.sim.engine.EngineConfig;
import dev.cascade.core.sim.engine.Shock;
import dev.cascade.core.sim.margin.BracketTable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads scenario JSON (format in docs/simulator.md). Money is given as decimal text or numbers and parsed exactly
 * with {@link Fixed}; every error names the field it is about.
 */
public final class ScenarioLoader {
    public static final List<String> BUILT_IN = List.of("may-2021", "may-2021-path", "oct-2025");

    private ScenarioLoader() {
    }

    /** A built-in scenario from the classpath (core/src/main/resources/scenarios/NAME.json). */
    public static Scenario builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            throw new IllegalArgumentException("unknown built-in scenario '" + name + "'; known: " + BUILT_IN);
        }
        try (InputStream in = ScenarioLoader.class.getResourceAsStream("/scenarios/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("built-in scenario resource missing: " + name);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in scenario " + name, e);
        }
    }

    public static Scenario parse(String json) {
        Object root;
        try {
            root = Json.parse(json);
        } catch (MalformedFrameException e) {
            throw new IllegalArgumentException("scenario is not valid JSON: " + e.getMessage(), e);
        }
        Map<?, ?> m = obj(root, "scenario");
        String name = str(m, "name", "scenario");
        String symbol = str(m, "symbol", "BTCUSDT");
        long start = price(m, "startPrice", null);
        BracketTable table = m.get("brackets") == null ? BracketTable.binanceBtcUsdt2021()
                : BracketTable.fromParsed(m.get("brackets"), symbol);
        String positionsFile = m.get("positionsFile") == null ? null : m.get("positionsFile").toString();
        PopulationSpec pop = null;
        if (positionsFile == null) {
            pop = population(obj(m.get("population"), "population"), start);
        }
        EngineConfig engine = engine(m.get("engine") == null ? Map.of() : obj(m.get("engine"), "engine"),
                m.get("book") == null ? Map.of() : obj(m.get("book"), "book"));
        List<Shock> shocks = new ArrayList<>();
        if (m.get("shocks") instanceof List<?> l) {
            for (Object o : l) {
                shocks.add(shock(obj(o, "shock"), engine.secondsPerStep()));
            }
        }
        Calibration cal = m.get("calibration") == null ? null : calibration(obj(m.get("calibration"), "calibration"));
        long startTime = -1;
        if (m.get("startTime") != null) {
            try {
                startTime = java.time.Instant.parse(str(m, "startTime", null)).toEpochMilli();
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("'startTime' must be an ISO instant like 2021-05-19T00:00:00Z");
            }
        }
        return new Scenario(name, str(m, "description", ""), symbol, start, table, pop, positionsFile, engine,
                List.copyOf(shocks), cal, startTime);
    }

    private static PopulationSpec population(Map<?, ?> p, long start) {
        List<?> lev = list(p, "leverage");
        double[] levs = new double[lev.size()];
        double[] w = new double[lev.size()];
        for (int i = 0; i < lev.size(); i++) {
            Map<?, ?> t = obj(lev.get(i), "leverage tier");
            levs[i] = dbl(t, "x", Double.NaN);
            w[i] = dbl(t, "weight", Double.NaN);
        }
        long[] entries = new long[0];
        double[] entryW = new double[0];
        if (p.get("oiHistory") instanceof List<?> hist) {
            // Entry prices inferred from OI history: the OI added between two observations was opened near the
            // later observation's price; OI decreases open nothing (they close positions of unknown entry).
            List<long[]> pts = new ArrayList<>();
            long prevOi = -1;
            for (Object o : hist) {
                Map<?, ?> h = obj(o, "oiHistory point");
                long px = price(h, "price", null);
                long oi = usd(h, "oiUsd", null);
                if (prevOi >= 0 && oi > prevOi) {
                    pts.add(new long[] {px, oi - prevOi});
                }
                prevOi = oi;
            }
            if (pts.isEmpty()) {
                throw new IllegalArgumentException("oiHistory has no OI increase to infer entries from");
            }
            entries = new long[pts.size()];
            entryW = new double[pts.size()];
            for (int i = 0; i < pts.size(); i++) {
                entries[i] = pts.get(i)[0];
                entryW[i] = pts.get(i)[1];
            }
        }
        return new PopulationSpec((int) dbl(p, "positions", 200_000), usd(p, "oiUsd", null),
                dbl(p, "shortShare", 0.5), levs, w, dbl(p, "crossShare", 0.3), dbl(p, "crossMarginMultiple", 2),
                entries, entryW, dbl(p, "entrySigmaPct", 5), dbl(p, "sizeSigma", 1.5), (long) dbl(p, "seed", 1));
    }

    private static EngineConfig engine(Map<?, ?> e, Map<?, ?> b) {
        EngineConfig d = EngineConfig.defaults(0, 1);
        SqrtImpactMaker.Params dm = SqrtImpactMaker.Params.defaults(1);
        SqrtImpactMaker.Params maker = new SqrtImpactMaker.Params(usd(b, "depth1PctUsd", null) / 1e6,
                dbl(b, "spacingBps", dm.spacingBps()), dbl(b, "maxDistancePct", dm.maxDistancePct()),
                dbl(b, "resilience", dm.resilience()), dbl(b, "withdrawalPerPct", dm.withdrawalPerPct()),
                dbl(b, "minLiquidity", dm.minLiquidity()), (int) dbl(b, "stressWindow", dm.stressWindow()));
        return new EngineConfig(pct(e, "liquidationFeePct", d.liquidationFeePpm()), pct(e, "takerFeePct", d.takerFeePpm()),
                usd(e, "insuranceFundUsd", 0L), dbl(e, "spotCoupling", d.spotCoupling()), dbl(e, "arbPull", d.arbPull()),
                (int) dbl(e, "basisWindow", d.basisWindow()), pct(e, "markClampPct", d.markClampPpm()),
                pct(e, "fundDisposalPct", d.ifDisposalPpm()), (int) dbl(e, "adlRefreshSteps", d.adlRefreshSteps()),
                (int) dbl(e, "quietSteps", d.quietSteps()), (int) dbl(e, "maxSteps", d.maxSteps()),
                (int) dbl(e, "secondsPerStep", d.secondsPerStep()), maker);
    }

    public static Shock shock(Map<?, ?> s) {
        return shock(s, 1);
    }

    /** A shock; a {@code spotPath} is resampled to one index price per step of {@code secondsPerStep}. */
    public static Shock shock(Map<?, ?> s, int secondsPerStep) {
        String type = str(s, "type", null);
        int at = (int) dbl(s, "atStep", 0);
        int over = (int) dbl(s, "overSteps", 1);
        switch (type) {
            case "gap":
                return new Shock(Shock.Kind.PRICE_GAP, at, dbl(s, "pct", Double.NaN), 0, 1, 0);
            case "spotTrend":
                return new Shock(Shock.Kind.SPOT_TREND, at, dbl(s, "pct", Double.NaN), 0, over, 0);
            case "marketSell":
                return new Shock(Shock.Kind.MARKET_SELL, at, 0, usd(s, "usd", null), over, 0);
            case "funding":
                return new Shock(Shock.Kind.FUNDING, at, 0, 0, 1, Fixed.parse(str(s, "rate", null), Fixed.E12));
            case "spotPath":
                return Shock.spotPath(at, resample(prices(s, "prices"), (long) dbl(s, "everySeconds", Double.NaN), secondsPerStep));
            default:
                throw new IllegalArgumentException("unknown shock type '" + type + "' (gap, spotTrend, marketSell, funding, spotPath)");
        }
    }

    /**
     * Points {@code everySeconds} apart as one price per step: linear between points (in e8, rounded), from the first
     * point to the last. At most 1M steps.
     */
    static long[] resample(long[] points, long everySeconds, int secondsPerStep) {
        if (points.length < 2 || everySeconds < 1 || everySeconds > 86_400) {
            throw new IllegalArgumentException("spotPath needs at least two 'prices' and 'everySeconds' in 1..86400");
        }
        long span = (points.length - 1) * everySeconds;
        long steps = span / secondsPerStep + 1;
        if (steps > 1_000_000) {
            throw new IllegalArgumentException("spotPath spans " + steps + " steps; at most 1,000,000");
        }
        long[] out = new long[(int) steps];
        for (int k = 0; k < out.length; k++) {
            long t = (long) k * secondsPerStep;
            int i = (int) Math.min(points.length - 2, t / everySeconds);
            long into = t - i * everySeconds;
            out[k] = points[i] + Math.round((double) (points[i + 1] - points[i]) * into / everySeconds);
        }
        return out;
    }

    private static long[] prices(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof List<?> l)) {
            throw new IllegalArgumentException("'" + key + "' must be a list of prices");
        }
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Fixed.parse(String.valueOf(l.get(i)), Fixed.E8);
        }
        return out;
    }

    private static long[] usds(Map<?, ?> m, String key) {
        long[] e8 = m.get(key) == null ? new long[0] : prices(m, key);
        long[] out = new long[e8.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Fixed.rescale(e8[i], Fixed.E8, Fixed.E6);
        }
        return out;
    }

    private static Calibration calibration(Map<?, ?> c) {
        Calibration.Actual actual = null;
        if (c.get("actual") != null) {
            Map<?, ?> a = obj(c.get("actual"), "calibration.actual");
            actual = new Calibration.Actual((long) (dbl(a, "priceBucketSeconds", 3600) * 1000), a.get("priceCloses") == null ? new long[0]
                    : prices(a, "priceCloses"), (long) (dbl(a, "liquidationBucketSeconds", 86_400) * 1000), usds(a, "longUsd"),
                    usds(a, "shortUsd"), str(a, "source", ""));
        }
        return new Calibration(usd(c, "oiBeforeUsd", 0L), usd(c, "oiAfterUsd", 0L), usd(c, "liquidatedLowUsd", 0L),
                usd(c, "liquidatedHighUsd", 0L), c.get("priceLow") == null ? 0 : price(c, "priceLow", null),
                str(c, "note", ""), actual);
    }

    private static Map<?, ?> obj(Object o, String what) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("'" + what + "' must be a JSON object");
        }
        return m;
    }

    private static List<?> list(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof List<?> l) || l.isEmpty()) {
            throw new IllegalArgumentException("'" + key + "' must be a non-empty array");
        }
        return l;
    }

    private static String str(Map<?, ?> m, String key, String dflt) {
        Object v = m.get(key);
        if (v == null) {
            if (dflt == null) {
                throw new IllegalArgumentException("missing '" + key + "'");
            }
            return dflt;
        }
        return v.toString();
    }

    private static double dbl(Map<?, ?> m, String key, double dflt) {
        Object v = m.get(key);
        if (v == null) {
            if (Double.isNaN(dflt)) {
                throw new IllegalArgumentException("missing '" + key + "'");
            }
            return dflt;
        }
        try {
            return Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' is not a number: " + v);
        }
    }

    private static long usd(Map<?, ?> m, String key, Long dflt) {
        return fixed(m, key, dflt, Fixed.E6);
    }

    private static long price(Map<?, ?> m, String key, Long dflt) {
        return fixed(m, key, dflt, Fixed.E8);
    }

    /** A percentage field ("0.5" = 0.5%) as ppm. */
    private static long pct(Map<?, ?> m, String key, long dfltPpm) {
        Object v = m.get(key);
        return v == null ? dfltPpm : Fixed.parse(v.toString(), 4);
    }

    private static long fixed(Map<?, ?> m, String key, Long dflt, int scale) {
        Object v = m.get(key);
        if (v == null) {
            if (dflt == null) {
                throw new IllegalArgumentException("missing '" + key + "'");
            }
            return dflt;
        }
        try {
            return Fixed.parse(v.toString().replace("_", ""), scale);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' is not a decimal number: " + v);
        }
    }
}
