package dev.cascade.cli;

import dev.cascade.core.analytics.Autopsy;
import dev.cascade.core.analytics.AutopsyReport;
import dev.cascade.core.analytics.CascadeDetector;
import dev.cascade.report.AutopsyHtml;
import dev.cascade.report.AutopsyJson;
import dev.cascade.report.AutopsyMarkdown;
import dev.cascade.core.port.QueryStore;
import dev.cascade.core.port.ReadStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "autopsy", mixinStandardHelpOptions = true,
        description = {"Autopsy of a crash window: headline figures, cascades, re-leveraging and a timeline,",
                "as Markdown (printed and written), JSON and a self-contained HTML page with charts.",
                "Example: cascade autopsy --db cascade-demo.duckdb --from 2025-10-10 --to 2025-10-12 --symbol BTC"})
final class AutopsyCommand implements Callable<Integer> {
    enum ReportFormat { md, json, html, all }

    @Mixin
    ReadStoreOption store;

    @Option(names = "--from", required = true, paramLabel = "TIME", description = "Window start (UTC): 2025-10-10, 2025-10-10T21:00, ISO instant or epoch ms.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TIME", description = "Window end, exclusive.")
    String to;

    @Option(names = "--symbol", defaultValue = "BTC", description = "Base coin (default: ${DEFAULT-VALUE}); 'all' for every coin.")
    String symbol;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out", description = "Directory for the report files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--format", defaultValue = "all", description = "md, json, html or all (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        TimeArgs.Window w = TimeArgs.window(null, from, to, System.currentTimeMillis(), spec);
        if (w.to() - w.from() > Autopsy.MAX_WINDOW_MS) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from/--to: an autopsy covers at most "
                    + Autopsy.MAX_WINDOW_MS / 86_400_000L + " days, got " + w.describe());
        }
        String coin = symbol.equalsIgnoreCase("all") ? null : symbol.trim().toUpperCase(Locale.ROOT);
        if (coin != null && !coin.matches("[A-Z0-9]{1,15}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--symbol must be a base coin like BTC, got '" + symbol + "'");
        }
        try (ReadStore r = store.open(spec)) {
            run(r.queries(), w.from(), w.to(), coin, out, format, System.out);
        }
        return CascadeCli.EXIT_OK;
    }

    static AutopsyReport build(QueryStore store, long fromTs, long toTs, String coin) {
        return new Autopsy(CascadeDetector.Params.DEFAULT, Set.of()).build(Autopsy.query(store, fromTs, toTs, coin));
    }

    /** Builds the report, prints the Markdown and writes the requested files; returns the files written. */
    static List<Path> run(QueryStore c, long fromTs, long toTs, String coin, Path outDir, ReportFormat format, PrintStream out)
            throws IOException {
        long started = System.nanoTime();
        AutopsyReport r = build(c, fromTs, toTs, coin);
        String md = AutopsyMarkdown.render(r);
        out.print(md);
        Files.createDirectories(outDir);
        String stem = "autopsy-" + (coin == null ? "all" : coin.toLowerCase(Locale.ROOT)) + "-"
                + Instant.ofEpochMilli(fromTs).toString().replace(":", "").replace("-", "").replace("Z", "");
        List<Path> written = new ArrayList<>();
        if (format == ReportFormat.md || format == ReportFormat.all) {
            written.add(write(outDir.resolve(stem + ".md"), md));
        }
        if (format == ReportFormat.json || format == ReportFormat.all) {
            written.add(write(outDir.resolve(stem + ".json"), AutopsyJson.render(r)));
        }
        if (format == ReportFormat.html || format == ReportFormat.all) {
            written.add(write(outDir.resolve(stem + ".html"), AutopsyHtml.render(r)));
        }
        out.printf(Locale.ROOT, "Autopsy built in %.2fs; wrote %s%n", (System.nanoTime() - started) / 1e9,
                String.join(", ", written.stream().map(p -> p.toAbsolutePath().toString()).toList()));
        return written;
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
