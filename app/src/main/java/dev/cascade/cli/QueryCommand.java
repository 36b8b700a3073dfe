package dev.cascade.cli;

import dev.cascade.core.time.TimeText;
import dev.cascade.core.analytics.ClassTotals;
import dev.cascade.core.analytics.SideTotals;
import dev.cascade.core.model.SourceClass;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.QueryStore.Dimension;
import dev.cascade.core.port.ReadStore;
import dev.cascade.wire.TotalsDocument;
import dev.cascade.wire.WireJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Liquidation totals for a window, grouped by exchange, symbol and/or side.",
                "Example: cascade query --from 2025-10-10T12:00Z --to 2025-10-11T00:00Z --by exchange,side"})
final class QueryCommand implements Callable<Integer> {
    @Mixin
    ReadStoreOption store;

    @Mixin
    WindowOptions window;

    @Option(names = "--by", split = ",", paramLabel = "DIM", defaultValue = "exchange,side",
            description = "Group by any of: exchange, symbol, side (default: ${DEFAULT-VALUE}); 'none' for one total.")
    List<String> by;

    @Option(names = "--exchange", description = "Only this exchange (binance, bybit, okx, bitmex, deribit, coinglass ...).")
    String exchange;

    @Option(names = "--symbol", description = "Only this base coin (BTC, ETH ...).")
    String symbol;

    @Option(names = "--side", description = "Only LONG or SHORT liquidations.")
    String side;

    @Mixin
    OutputOption output = new OutputOption();

    @Option(names = "--windows", description = "CoinGlass-style view: the 1h, 4h, 12h and 24h windows ending at --to (default now), by exchange and side.")
    boolean windows;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (windows) {
            return standardWindows();
        }
        TimeArgs.Window w = window.window(spec);
        Set<Dimension> dims = parseDims();
        String exchangeName;
        try {
            exchangeName = exchange == null ? null : dev.cascade.core.model.Exchange.parse(exchange).name();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--exchange: " + e.getMessage());
        }
        QueryStore.LiquidationFilter filter = new QueryStore.LiquidationFilter(exchangeName,
                coin(),
                side == null ? null : parseSide());
        List<QueryStore.LiquidationTotal> rows;
        String span;
        try (ReadStore r = store.open(spec)) {
            rows = r.queries().liquidationTotals(w.from(), w.to(), dims, filter);
            span = rows.isEmpty() ? storedSpan(r) : null;
        }
        print(System.out, w, rows);
        if (span != null && output.is(OutputOption.OutputFormat.table)) {
            System.out.println("  " + span);
        }
        return CascadeCli.EXIT_OK;
    }

    /** --symbol as a base coin filter, or null; letters and digits only (checked before the store is opened). */
    private String coin() {
        return coin(symbol, spec);
    }

    /** A --symbol value as a base coin filter, or null; letters and digits only (checked before the store is opened). */
    static String coin(String symbol, CommandLine.Model.CommandSpec spec) {
        if (symbol == null) {
            return null;
        }
        String c = symbol.trim().toUpperCase(Locale.ROOT);
        if (!c.matches("[A-Z0-9]{1,20}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--symbol must be a base coin like BTC (1-20 letters or digits), got '" + symbol + "'");
        }
        return c;
    }

    private int standardWindows() {
        if (window.since != null || window.from != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--windows takes only --to (the end of the windows), not --since/--from");
        }
        long end;
        try {
            end = window.to == null ? System.currentTimeMillis() : TimeText.instant("--to", window.to);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        String coin = coin();
        List<dev.cascade.core.analytics.WindowTotals.Window> windows;
        try (ReadStore r = store.open(spec)) {
            windows = dev.cascade.core.analytics.WindowTotals.standard(r.queries(), end, coin);
        }
        PrintStream out = System.out;
        switch (output.format) {
            case json -> out.println(WireJson.pretty(new WindowsDocument(end, windows.stream()
                    .map(w -> new LabelledTotals(w.label(), TotalsDocument.of(w.fromTs(), w.toTs(), w.rows()))).toList())));
            case csv -> {
                printCsvHeader(out, "window", "from", "to");
                for (dev.cascade.core.analytics.WindowTotals.Window w : windows) {
                    for (QueryStore.LiquidationTotal r : w.rows()) {
                        printCsvRow(out, r, w.label(), w.fromTs(), w.toTs());
                    }
                }
            }
            default -> {
                for (dev.cascade.core.analytics.WindowTotals.Window w : windows) {
                    out.println("== last " + w.label() + " ==");
                    printTable(out, new TimeArgs.Window(w.fromTs(), w.toTs()), w.rows());
                    w.totals().byClass().forEach((cls, t) -> {
                        if (t.totalUsd() > 0) {
                            long ratio = t.longShortRatioE6();
                            out.println("  long/short ratio (" + cls.name().toLowerCase(Locale.ROOT) + ") "
                                    + Fixed.format(ratio < 0 ? 0 : ratio, 6) + (ratio < 0 ? " (no shorts)" : ""));
                        }
                    });
                }
            }
        }
        return CascadeCli.EXIT_OK;
    }

    /** {@code --windows --format json}: the standard windows ending at {@code to}, each as {@link TotalsDocument}. */
    record WindowsDocument(long to, List<LabelledTotals> windows) {
    }

    record LabelledTotals(String label, TotalsDocument totals) {
    }

    /** The CSV header of the rows: {@code leading} columns (the window's, if any), then one total's fields. */
    private static void printCsvHeader(PrintStream out, String... leading) {
        List<Object> h = new ArrayList<>(List.of(leading));
        h.addAll(List.of("source_class", "exchange", "symbol", "side", "count", "notional_usd", "lower_bound"));
        Csv.print(out, h.toArray());
    }

    private static void printCsvRow(PrintStream out, QueryStore.LiquidationTotal r, Object... leading) {
        List<Object> f = new ArrayList<>(List.of(leading));
        f.addAll(List.of(r.sourceClass().name(), nz(r.exchange()), nz(r.symbol()), nz(r.side()), r.count(),
                Fixed.format(r.notionalUsd(), Fixed.E6), r.lowerBound()));
        Csv.print(out, f.toArray());
    }

    /** Tells a user who queried an empty window where the data is (through the read ports, so on any store). */
    private static String storedSpan(ReadStore r) {
        long last = r.dashboard().latestTs(dev.cascade.core.port.DashboardQueries.Table.LIQUIDATION);
        if (last < 0) {
            return "the store holds no liquidations yet (cascade replay FILE, or cascade demo)";
        }
        long count = 0;
        for (QueryStore.SourceCount s : r.queries().sources(0, last + 1)) {
            count += s.table().equals("liquidation") ? s.rows() : 0;
        }
        return "the store holds " + count + " liquidations up to " + java.time.Instant.ofEpochMilli(last);
    }

    private String parseSide() {
        String s = side.trim().toUpperCase(Locale.ROOT);
        if (!s.equals("LONG") && !s.equals("SHORT")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--side must be LONG or SHORT, got '" + side + "'");
        }
        return s;
    }

    private Set<Dimension> parseDims() {
        Set<Dimension> dims = EnumSet.noneOf(Dimension.class);
        for (String d : by) {
            String t = d.trim().toUpperCase(Locale.ROOT);
            if (t.equals("NONE")) {
                continue;
            }
            try {
                dims.add(Dimension.valueOf(t));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--by: unknown dimension '" + d + "'; use exchange, symbol, side or none");
            }
        }
        return dims;
    }

    private void print(PrintStream out, TimeArgs.Window w, List<QueryStore.LiquidationTotal> rows) {
        switch (output.format) {
            case json -> out.println(WireJson.pretty(TotalsDocument.of(w.from(), w.to(), rows)));
            case csv -> {
                printCsvHeader(out);
                for (QueryStore.LiquidationTotal r : rows) {
                    printCsvRow(out, r);
                }
            }
            default -> printTable(out, w, rows);
        }
    }

    /**
     * The rows, then one total per source class present: venue rows, synthetic rows and aggregate rows are shown in
     * their own blocks and never added together (an aggregator's bucket already sums the venues' liquidations).
     */
    static void printTable(PrintStream out, TimeArgs.Window w, List<QueryStore.LiquidationTotal> rows) {
        out.println("Liquidations " + w.describe());
        if (rows.isEmpty()) {
            out.println("  (no liquidations stored in this window)");
            return;
        }
        ClassTotals totals = ClassTotals.of(rows);
        out.println("  " + Format.pad("exchange", 11) + Format.pad("symbol", 16) + Format.pad("side", 7)
                + Format.padLeft("count", 9) + Format.padLeft("notional USD", 22));
        for (Map.Entry<SourceClass, SideTotals> e : totals.byClass().entrySet()) {
            SourceClass cls = e.getKey();
            if (totals.byClass().size() > 1 || cls != SourceClass.VENUE) {
                out.println("  -- " + classHeading(cls));
            }
            for (QueryStore.LiquidationTotal r : rows) {
                if (r.sourceClass() == cls) {
                    out.println("  " + Format.pad(nz(r.exchange()).toLowerCase(Locale.ROOT), 11) + Format.pad(nz(r.symbol()), 16)
                            + Format.pad(nz(r.side()), 7) + Format.padLeft(Long.toString(r.count()), 9)
                            + Format.padLeft((r.lowerBound() ? ">= " : "") + Format.usd(r.notionalUsd()), 22));
                }
            }
            SideTotals t = e.getValue();
            out.println("  " + Format.pad("total " + cls.name().toLowerCase(Locale.ROOT), 43)
                    + Format.padLeft((t.lowerBound() ? ">= " : "") + Format.usd(t.totalUsd()), 22));
        }
        if (totals.byClass().size() > 1) {
            out.println("  The totals above are not added: they describe the same market from different sources.");
        }
        if (totals.byClass().values().stream().anyMatch(SideTotals::lowerBound)) {
            out.println("  >= : lower bound; the source publishes only part of its liquidations (Binance, Gate: at most 1 per symbol"
                    + " per second; Bitget: the largest long and short per pair per second; OKX: not the total).");
        }
    }

    /** The heading of one source class's block. */
    static String classHeading(SourceClass c) {
        return switch (c) {
            case VENUE -> "venue liquidations (individual orders from the exchanges)";
            case SYNTHETIC, AGGREGATE -> c.label();
        };
    }

    private static String nz(String s) {
        return s == null ? "*" : s;
    }
}
