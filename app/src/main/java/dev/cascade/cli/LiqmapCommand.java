package dev.cascade.cli;

import dev.cascade.core.money.Fixed;
import dev.cascade.core.sim.map.StoredLiquidationMap;
import dev.cascade.report.LiquidationMapReport;
import dev.cascade.core.port.ReadStore;
import dev.cascade.wire.WireJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code cascade liqmap}: the estimated liquidation map (a MODEL) of one coin from the stored data. */
@Command(name = "liqmap", mixinStandardHelpOptions = true,
        description = {"Estimated liquidation map of a coin from stored open interest, trades and mark prices:",
                "USD per price bin and assumed leverage tier, longs below and shorts above the last price.",
                "A MODEL (assumed leverage mix), not observed positions.",
                "Example: cascade liqmap --db cascade-demo.duckdb --from 2025-10-10T12:00 --to 2025-10-10T21:00"})
final class LiqmapCommand implements Callable<Integer> {
    @Mixin
    ReadStoreOption store;

    @Mixin
    StoredMapOptions map = new StoredMapOptions();

    @Option(names = "--rows", defaultValue = "40", description = "Chart height in lines (default: ${DEFAULT-VALUE}).")
    int rows;

    @Mixin
    OutputOption output = new OutputOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        map.validate(spec);
        if (rows < 5 || rows > 500) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rows must be between 5 and 500");
        }
        store.requireExisting(spec);
        StoredLiquidationMap.Estimate e;
        try (ReadStore r = store.open(spec)) {
            e = map.estimate(r.history(), spec);
        } catch (StoredLiquidationMap.MissingData m) {
            System.err.println("error: " + m.getMessage() + StoredMapOptions.HINT);
            return CascadeCli.EXIT_FAILED;
        }
        LiquidationMapReport.MapView v = LiquidationMapReport.view(e);
        if (output.is(OutputOption.OutputFormat.json)) {
            System.out.println(WireJson.pretty(v));
        } else if (output.is(OutputOption.OutputFormat.csv)) {
            // One record per price bin: its low edge and width (e8 as decimals), USD by side (e6 as decimals).
            Csv.print(System.out, "coin", "bin_low", "bin_width", "long_usd", "short_usd");
            for (LiquidationMapReport.BinView b : v.bins()) {
                Csv.print(System.out, v.coin(), Fixed.format(b.priceLowE8(), Fixed.E8), Fixed.format(v.binWidthE8(), Fixed.E8),
                        Fixed.format(b.longUsdE6(), Fixed.E6), Fixed.format(b.shortUsdE6(), Fixed.E6));
            }
        } else {
            System.out.print(LiquidationMapReport.text(v, rows));
        }
        return CascadeCli.EXIT_OK;
    }
}
