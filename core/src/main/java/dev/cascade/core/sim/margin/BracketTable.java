package dev.cascade.core.sim.margin;

import dev.cascade.core.money.Fixed;
import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.MalformedFrameException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The ordered maintenance brackets of one symbol; lookups by notional are a short linear walk (10 tiers). */
public final class BracketTable {
    private final Bracket[] brackets;
    // Flat copies for the hot lookups (ADL scoring walks them for millions of positions).
    private final long[] caps;
    private final long[] mmrs;
    private final long[] cums;

    public BracketTable(List<Bracket> tiers) {
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("a bracket table needs at least one tier");
        }
        this.brackets = tiers.toArray(new Bracket[0]);
        this.caps = new long[brackets.length];
        this.mmrs = new long[brackets.length];
        this.cums = new long[brackets.length];
        for (int i = 0; i < brackets.length; i++) {
            caps[i] = brackets[i].capUsd();
            mmrs[i] = brackets[i].mmrPpm();
            cums[i] = brackets[i].cumUsd();
        }
        for (int i = 1; i < brackets.length; i++) {
            if (brackets[i].floorUsd() != brackets[i - 1].capUsd()) {
                throw new IllegalArgumentException("brackets must be contiguous: tier " + brackets[i].tier()
                        + " floor " + brackets[i].floorUsd() + " != previous cap " + brackets[i - 1].capUsd());
            }
        }
    }

    /**
     * BTCUSDT tiers of the Binance announcement of 2021-03-18 (reference section 1.1). The cum column is derived with
     * cum_n = floor_n x (MMR_n - MMR_n-1) + cum_n-1 rather than typed in, so a typo cannot make MM discontinuous.
     */
    public static BracketTable binanceBtcUsdt2021() {
        long[][] rows = { // cap USD, max leverage, MMR ppm
                {50_000, 125, 4_000}, {250_000, 100, 5_000}, {1_000_000, 50, 10_000}, {10_000_000, 20, 25_000},
                {20_000_000, 10, 50_000}, {50_000_000, 5, 100_000}, {100_000_000, 4, 125_000},
                {200_000_000, 3, 150_000}, {300_000_000, 2, 250_000}, {500_000_000, 1, 500_000}};
        List<Bracket> out = new ArrayList<>();
        long floor = 0;
        long cum = 0;
        long prevMmr = 0;
        for (int i = 0; i < rows.length; i++) {
            long cap = rows[i][0] * Fixed.ONE_E6;
            long mmr = rows[i][2];
            cum += Fixed.mulDiv(floor, mmr - prevMmr, 6);
            out.add(new Bracket(i + 1, floor, cap, (int) rows[i][1], mmr, cum));
            floor = cap;
            prevMmr = mmr;
        }
        return new BracketTable(out);
    }

    /**
     * Parses the response of Binance {@code GET /fapi/v1/leverageBracket}: either the array form
     * {@code [{"symbol":"BTCUSDT","brackets":[...]}]} or a single object. Numbers are read as exact decimals.
     */
    public static BracketTable fromBinanceJson(String json, String symbol) {
        Object root;
        try {
            root = Json.parse(json);
        } catch (MalformedFrameException e) {
            throw new IllegalArgumentException("leverageBracket JSON is not valid JSON: " + e.getMessage(), e);
        }
        return fromParsed(root, symbol);
    }

    /** Same as {@link #fromBinanceJson} on an already parsed tree ({@link Json#parse} maps, lists and text). */
    public static BracketTable fromParsed(Object root, String symbol) {
        List<?> entries = root instanceof List<?> l ? l : List.of(root);
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> m)) {
                continue;
            }
            if (symbol != null && m.get("symbol") != null && !symbol.equals(m.get("symbol"))) {
                continue;
            }
            if (!(m.get("brackets") instanceof List<?> rows)) {
                throw new IllegalArgumentException("leverageBracket entry without a 'brackets' array");
            }
            List<Bracket> out = new ArrayList<>();
            for (Object row : rows) {
                if (!(row instanceof Map<?, ?> r)) {
                    throw new IllegalArgumentException("bracket row is not an object: " + row);
                }
                out.add(new Bracket(
                        (int) Fixed.parse(field(r, "bracket"), 0),
                        Fixed.parse(field(r, "notionalFloor"), Fixed.E6),
                        Fixed.parse(field(r, "notionalCap"), Fixed.E6),
                        (int) Fixed.parse(field(r, "initialLeverage"), 0),
                        Fixed.parse(field(r, "maintMarginRatio"), 6),
                        Fixed.parse(field(r, "cum"), Fixed.E6)));
            }
            out.sort((a, b) -> Long.compare(a.floorUsd(), b.floorUsd()));
            return new BracketTable(out);
        }
        throw new IllegalArgumentException("no leverageBracket entry for symbol " + symbol);
    }

    private static String field(Map<?, ?> row, String name) {
        Object v = row.get(name);
        if (v == null) {
            throw new IllegalArgumentException("bracket row misses '" + name + "': " + row);
        }
        return v.toString();
    }

    /** The tier holding this notional; notionals past the last cap use the last tier (the exchange would refuse them). */
    public Bracket forNotional(long notionalUsd) {
        return brackets[indexOf(notionalUsd)];
    }

    public int indexOf(long notionalUsd) {
        long[] c = caps;
        int last = c.length - 1;
        for (int i = 0; i < last; i++) {
            if (notionalUsd < c[i]) {
                return i;
            }
        }
        return last;
    }

    /** MMR (ppm) of tier {@code index}, without touching the Bracket object. */
    public long mmrPpmAt(int index) {
        return mmrs[index];
    }

    /** cum (USD e6) of tier {@code index}. */
    public long cumAt(int index) {
        return cums[index];
    }

    public Bracket get(int index) {
        return brackets[index];
    }

    public int size() {
        return brackets.length;
    }

    public List<Bracket> tiers() {
        return List.of(brackets);
    }
}
