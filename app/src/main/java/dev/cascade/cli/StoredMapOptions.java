package dev.cascade.cli;

import dev.cascade.core.port.MarketHistory;
import dev.cascade.core.sim.map.LiquidationMapEstimator;
import dev.cascade.core.sim.map.StoredLiquidationMap;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Options shared by `cascade liqmap` and `cascade stress --db`: which coin and window of the store the liquidation
 * map is estimated from. Open windows end at the coin's latest stored event-level data (mark price, trade, or OI of a priced instrument) ("now" for the store).
 */
final class StoredMapOptions {
    static final String DEFAULT_SINCE = "7d";
    static final String HINT = "\nhint: the default window is the 7 days before the coin's latest stored event-level data (mark price, trade, or OI of a priced instrument);"
            + " pick a window with event-level data with --from/--to (the bundled synthetic crash: --from 2025-10-10T12:00"
            + " --to 2025-10-11T04:00)";

    @Option(names = "--symbol", defaultValue = "BTC", description = "Base coin (default: ${DEFAULT-VALUE}).")
    String symbol;

    @Option(names = "--since", paramLabel = "DURATION",
            description = "Window ending at the coin's latest stored event-level data (mark price, trade, or OI of a priced instrument), e.g. 24h, 7d (default: " + DEFAULT_SINCE + ").")
    String since;

    @Option(names = "--from", paramLabel = "TIME", description = "Window start (UTC): 2025-10-10, 2025-10-10T21:00, ISO instant or epoch ms.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Window end, exclusive (default: the coin's latest stored event-level data).")
    String to;

    @Option(names = "--bin", paramLabel = "USD", defaultValue = "100", description = "Price bin width in USD (default: ${DEFAULT-VALUE}).")
    String bin;

    /** The coin, validated: a base coin like BTC. */
    String coin(CommandLine.Model.CommandSpec spec) {
        String c = symbol.trim().toUpperCase(Locale.ROOT);
        if (!c.matches("[A-Z0-9]{1,15}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--symbol must be a base coin like BTC, got '" + symbol + "'");
        }
        return c;
    }

    long binE8(CommandLine.Model.CommandSpec spec) {
        try {
            BigDecimal v = new BigDecimal(bin.trim());
            if (v.compareTo(new BigDecimal("0.01")) < 0 || v.compareTo(new BigDecimal("1000000")) > 0) {
                throw new NumberFormatException();
            }
            return v.movePointRight(8).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--bin must be a price width in USD between 0.01 and 1000000, got '" + bin + "'");
        }
    }

    /** Checks the flags that need no store (so bad flags exit 2 before the store is opened). */
    void validate(CommandLine.Model.CommandSpec spec) {
        coin(spec);
        binE8(spec);
        if (since == null && from == null && to != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to needs --from");
        }
        if (since != null || from != null) {
            TimeArgs.window(since, from, to, Long.MAX_VALUE / 2, spec);
        }
    }

    /** Estimates the map; throws {@link StoredLiquidationMap.MissingData} with what is needed if the store lacks it. */
    StoredLiquidationMap.Estimate estimate(MarketHistory h, CommandLine.Model.CommandSpec spec) {
        String coin = coin(spec);
        long latest = h.latestDataTs(coin);
        if (latest < 0) {
            throw new StoredLiquidationMap.MissingData("the store holds no mark prices or trades for " + coin + ": the liquidation"
                    + " map needs event-level open-interest samples plus trades or mark prices per instrument (a live"
                    + " store, `cascade ingest` of venue feeds, or the bundled synthetic-crash feed via `cascade demo`)");
        }
        TimeArgs.Window w = TimeArgs.window(since == null && from == null ? DEFAULT_SINCE : since, from, to, latest + 1, spec);
        return StoredLiquidationMap.estimate(h, coin, w.from(), w.to(), LiquidationMapEstimator.Params.defaults(binE8(spec)));
    }
}
