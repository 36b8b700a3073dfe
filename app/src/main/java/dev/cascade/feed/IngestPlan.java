package dev.cascade.feed;

import dev.cascade.core.model.MarketType;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which connectors, pollers and metadata loads a {@code cascade ingest --exchanges ... --symbols ...} needs, with every
 * base URL overridable (tests and the soak run use 127.0.0.1 fakes; defaults are the venues' public hosts).
 */
public final class IngestPlan {
    /** The six exchanges (Binance USD-M and COIN-M count separately; Bybit covers linear and inverse). */
    public static final List<String> ALL = List.of("binance-usdm", "binance-coinm", "bybit", "okx", "bitmex", "deribit");
    /**
     * Venues taken only when named: their side and size conventions follow third-party collectors, not the venues'
     * own pages (see GateNormalizer, BitgetNormalizer), so "all" does not include them.
     */
    public static final List<String> OPT_IN = List.of("gate", "bitget");
    public static final List<String> DEFAULT_COINS = List.of("BTC", "ETH", "SOL", "XRP", "DOGE");
    private static final Pattern COIN = Pattern.compile("[A-Z0-9]{1,15}");

    /** Base URL keys and their defaults. */
    public static Map<String, URI> defaultUrls() {
        Map<String, URI> m = new LinkedHashMap<>();
        m.put("binance-usdm", BinanceUsdmConnector.DEFAULT_BASE);
        m.put("binance-usdm-rest", URI.create("https://fapi.binance.com"));
        m.put("binance-coinm", BinanceCoinmConnector.DEFAULT_BASE);
        m.put("binance-coinm-rest", InstrumentLoader.BINANCE_COINM_REST);
        m.put("bybit", BybitConnector.DEFAULT_BASE);
        m.put("okx", OkxConnector.DEFAULT_BASE);
        m.put("okx-rest", InstrumentLoader.OKX_REST);
        m.put("bitmex", BitmexConnector.DEFAULT_BASE);
        m.put("bitmex-rest", InstrumentLoader.BITMEX_REST);
        m.put("deribit", DeribitConnector.DEFAULT_BASE);
        m.put("gate", GateConnector.DEFAULT_BASE);
        m.put("gate-rest", InstrumentLoader.GATE_REST);
        m.put("bitget", BitgetConnector.DEFAULT_BASE);
        return m;
    }

    public record Plan(List<String> exchanges, List<String> coins, List<ExchangeConnector> connectors,
                       List<LiveIngest.PollSpec> polls, Map<String, URI> urls) {
    }

    private IngestPlan() {
    }

    /** Expands aliases (binance = both Binance markets; bybit-linear/-inverse select one) and rejects unknown names. */
    public static List<String> exchanges(List<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String raw : names) {
            String n = raw.trim().toLowerCase(Locale.ROOT);
            if (n.isEmpty()) {
                continue;
            }
            switch (n) {
                case "all" -> out.addAll(ALL);
                case "binance" -> {
                    out.add("binance-usdm");
                    out.add("binance-coinm");
                }
                case "bybit-linear", "bybit-inverse" -> out.add(n);
                default -> {
                    if (!ALL.contains(n) && !OPT_IN.contains(n)) {
                        throw new IllegalArgumentException("unknown exchange '" + raw + "' (known: all, binance, "
                                + String.join(", ", ALL) + ", bybit-linear, bybit-inverse, " + String.join(", ", OPT_IN) + ")");
                    }
                    out.add(n);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no exchange given");
        }
        return new ArrayList<>(out);
    }

    public static List<String> coins(List<String> raw) {
        List<String> out = new ArrayList<>();
        for (String r : raw) {
            String c = r.trim().toUpperCase(Locale.ROOT);
            if (c.isEmpty()) {
                continue;
            }
            if (!COIN.matcher(c).matches()) {
                throw new IllegalArgumentException("bad symbol '" + r + "': use coin names such as BTC,ETH,SOL");
            }
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no symbol given");
        }
        return out;
    }

    /** Overrides must name a known key and be ws(s):// or http(s):// URLs. */
    public static Map<String, URI> urls(Map<String, String> overrides) {
        Map<String, URI> m = defaultUrls();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (!m.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown URL key '" + e.getKey() + "' (known: " + String.join(", ", m.keySet()) + ")");
            }
            URI u;
            try {
                u = URI.create(e.getValue().replaceAll("/+$", ""));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("bad URL for " + e.getKey() + ": " + e.getValue());
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme();
            boolean rest = e.getKey().endsWith("-rest");
            if (rest ? !scheme.matches("https?") : !scheme.matches("wss?")) {
                throw new IllegalArgumentException("URL for " + e.getKey() + " must be " + (rest ? "http(s)" : "ws(s)") + "://, got " + e.getValue());
            }
            m.put(e.getKey(), u);
        }
        return m;
    }

    public static Plan build(List<String> exchanges, List<String> coins, Map<String, URI> urls, boolean pollOpenInterest) {
        List<ExchangeConnector> cs = new ArrayList<>();
        List<LiveIngest.PollSpec> polls = new ArrayList<>();
        for (String x : exchanges) {
            switch (x) {
                case "binance-usdm" -> {
                    BinanceUsdmConnector c = new BinanceUsdmConnector(urls.get("binance-usdm"), coins);
                    cs.add(c);
                    if (pollOpenInterest) {
                        polls.add(new LiveIngest.PollSpec("binance-usdm", urls.get("binance-usdm-rest"), "/fapi/v1/openInterest",
                                c.symbols(), Duration.ofSeconds(5)));
                    }
                }
                case "binance-coinm" -> {
                    BinanceCoinmConnector c = new BinanceCoinmConnector(urls.get("binance-coinm"), coins);
                    cs.add(c);
                    if (pollOpenInterest) {
                        polls.add(new LiveIngest.PollSpec("binance-coinm", urls.get("binance-coinm-rest"), "/dapi/v1/openInterest",
                                c.symbols(), Duration.ofSeconds(5)));
                    }
                }
                case "bybit" -> {
                    cs.add(new BybitConnector(urls.get("bybit"), MarketType.LINEAR, coins));
                    cs.add(new BybitConnector(urls.get("bybit"), MarketType.INVERSE, coins));
                }
                case "bybit-linear" -> cs.add(new BybitConnector(urls.get("bybit"), MarketType.LINEAR, coins));
                case "bybit-inverse" -> cs.add(new BybitConnector(urls.get("bybit"), MarketType.INVERSE, coins));
                case "okx" -> cs.add(new OkxConnector(urls.get("okx"), coins));
                case "bitmex" -> cs.add(new BitmexConnector(urls.get("bitmex")));
                case "deribit" -> cs.add(new DeribitConnector(urls.get("deribit"), coins));
                case "gate" -> cs.add(new GateConnector(urls.get("gate"), coins));
                case "bitget" -> cs.add(new BitgetConnector(urls.get("bitget")));
                default -> throw new IllegalArgumentException("unknown exchange " + x);
            }
        }
        return new Plan(exchanges, coins, cs, polls, urls);
    }

    /** Loads contract metadata for the venues that need it; one line per venue saying what happened. */
    public static List<String> loadInstruments(Plan plan, InstrumentLoader loader) {
        List<String> lines = new ArrayList<>();
        for (String x : plan.exchanges()) {
            try {
                switch (x) {
                    case "okx" -> lines.add("okx: " + loader.okx(plan.urls().get("okx-rest")) + " swap instruments loaded (ctVal)");
                    case "binance-coinm" -> lines.add("binance-coinm: " + loader.binanceCoinm(plan.urls().get("binance-coinm-rest"))
                            + " instruments loaded (contractSize)");
                    case "bitmex" -> lines.add("bitmex: " + loader.bitmex(plan.urls().get("bitmex-rest")) + " instruments loaded");
                    case "gate" -> lines.add("gate: " + loader.gate(plan.urls().get("gate-rest")) + " contracts loaded (quanto_multiplier)");
                    default -> {
                        // sizes are base coin or USD already
                    }
                }
            } catch (IOException e) {
                lines.add(x + ": instrument metadata not loaded (" + e.getMessage() + "); using built-in values for majors");
            }
        }
        return lines;
    }
}
