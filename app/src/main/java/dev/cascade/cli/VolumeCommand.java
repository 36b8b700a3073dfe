package dev.cascade.cli;

import dev.cascade.core.analytics.VolumeRatioSeries;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.ReadStore;
import dev.cascade.core.time.TimeText;
import dev.cascade.wire.VolumeDocument;
import dev.cascade.wire.WireJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "volume", mixinStandardHelpOptions = true,
        description = {"Derivatives against spot traded volume per bucket (hourly by default), with their ratio.",
                "The ratio is like for like: derivatives volume of the exchanges that have spot trades in the window, per dollar of their spot volume.",
                "Example: cascade volume --since 24h --symbol BTC"})
final class VolumeCommand implements Callable<Integer> {
    @Mixin
    ReadStoreOption store;

    @Mixin
    WindowOptions window;

    @Option(names = "--bucket", paramLabel = "DURATION", defaultValue = "1h", description = "Bucket, 1m to 1d (default: ${DEFAULT-VALUE}).")
    String bucket;

    @Option(names = "--symbol", description = "Only this base coin (BTC, ETH ...).")
    String symbol;

    @Mixin
    OutputOption output = new OutputOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** At most this many rows: a year of hours. */
    static final long MAX_BUCKETS = 9_000;

    @Override
    public Integer call() {
        TimeArgs.Window w = window.window(spec);
        long bucketMs;
        try {
            bucketMs = TimeText.durationMs("--bucket", bucket);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (bucketMs < 60_000L || bucketMs > 86_400_000L) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bucket must be between 1m and 1d, got '" + bucket + "'");
        }
        if ((w.to() - w.from()) / bucketMs > MAX_BUCKETS) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bucket " + bucket + " makes more than " + MAX_BUCKETS
                    + " rows over this window; use a larger bucket");
        }
        String coin = QueryCommand.coin(symbol, spec);
        VolumeRatioSeries s;
        try (ReadStore r = store.open(spec)) {
            s = VolumeRatioSeries.of(w.from(), w.to(), bucketMs, r.queries().volumeBuckets(w.from(), w.to(), bucketMs, coin));
        }
        print(System.out, VolumeDocument.of(w.from(), w.to(), coin, s));
        return CascadeCli.EXIT_OK;
    }

    private void print(PrintStream out, VolumeDocument d) {
        switch (output.format) {
            case json -> out.println(WireJson.pretty(d));
            case csv -> {
                Csv.print(out, "bucket_start", "derivatives_usd", "spot_usd", "matched_derivatives_usd", "ratio");
                for (VolumeDocument.Row r : d.buckets()) {
                    Csv.print(out, Instant.ofEpochMilli(r.ts()).toString(), Fixed.format(r.derivativesUsdE6(), Fixed.E6),
                            Fixed.format(r.spotUsdE6(), Fixed.E6), Fixed.format(r.matchedDerivativesUsdE6(), Fixed.E6), ratio(r.ratioE6(), ""));
                }
            }
            default -> printTable(out, d);
        }
    }

    private static String ratio(Long e6, String none) {
        return e6 == null ? none : Fixed.format(e6, 6);
    }

    static void printTable(PrintStream out, VolumeDocument d) {
        out.println("Derivatives vs spot volume " + new TimeArgs.Window(d.from(), d.to()).describe()
                + (d.coin() == null ? "" : " (" + d.coin() + ")"));
        if (d.note() != null) {
            out.println("  " + d.note());
        } else {
            out.println("  spot data from: " + String.join(", ", d.spotExchanges()) + "; ratio = their derivatives volume / their spot volume");
        }
        out.println("  " + Format.pad("bucket start (UTC)", 22) + Format.padLeft("derivatives USD", 22) + Format.padLeft("spot USD", 22)
                + Format.padLeft("ratio", 12));
        for (VolumeDocument.Row r : d.buckets()) {
            out.println("  " + Format.pad(Instant.ofEpochMilli(r.ts()).toString(), 22) + Format.padLeft(Format.usd(r.derivativesUsdE6()), 22)
                    + Format.padLeft(Format.usd(r.spotUsdE6()), 22) + Format.padLeft(ratio(r.ratioE6(), "-"), 12));
        }
        VolumeDocument.Split t = d.total();
        out.println("  " + Format.pad("total", 22) + Format.padLeft(Format.usd(t.derivativesUsdE6()), 22)
                + Format.padLeft(Format.usd(t.spotUsdE6()), 22) + Format.padLeft(ratio(t.ratioE6(), "-"), 12));
        for (VolumeDocument.ExchangeSplit e : d.byExchange()) {
            out.println("    " + Format.pad(e.exchange(), 20) + Format.padLeft(Format.usd(e.derivativesUsdE6()), 22)
                    + Format.padLeft(Format.usd(e.spotUsdE6()), 22) + Format.padLeft(ratio(e.ratioE6(), "-"), 12));
        }
    }
}
