package dev.cascade.cli;

import dev.cascade.store.ReadAccess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export stored events of one table in a window to CSV or Parquet.")
final class ExportCommand implements Callable<Integer> {
    enum Table { liquidation, open_interest, funding, trade, mark_price, feed_gap }

    enum FileFormat { csv, parquet }

    @Mixin
    ReadStoreOption store;

    @Option(names = "--table", defaultValue = "liquidation", description = "One of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Table table;

    @Option(names = "--format", description = "csv or parquet (default: from the --out extension).")
    FileFormat format;

    @Option(names = {"--out", "-o"}, required = true, paramLabel = "FILE", description = "Output file.")
    Path out;

    @Option(names = "--since", paramLabel = "DURATION")
    String since;

    @Option(names = "--from", paramLabel = "TIME")
    String from;

    @Option(names = "--to", paramLabel = "TIME")
    String to;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long fromTs = Long.MIN_VALUE;
        long toTs = Long.MAX_VALUE;
        if (since != null || from != null) {
            TimeArgs.Window w = TimeArgs.window(since, from, to, System.currentTimeMillis(), spec);
            fromTs = w.from();
            toTs = w.to();
        }
        FileFormat f = format != null ? format : out.toString().endsWith(".parquet") ? FileFormat.parquet : FileFormat.csv;
        Path target = out.toAbsolutePath();
        String path = target.toString();
        // COPY cannot take a bound parameter for its target, so the path is restricted to plain characters and quoted.
        if (!path.matches("[A-Za-z0-9_./ +=@,-]+")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--out: use a path of letters, digits and _ . / - only, got '" + out + "'");
        }
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        long rows;
        Path file = store.duckDbFile(spec, "export copies from a DuckDB file; from ClickHouse use its own export, e.g. "
                + "clickhouse-client --query \"SELECT * FROM cascade.liquidation FINAL WHERE ts >= ... FORMAT Parquet\" > out.parquet");
        try (Connection c = ReadAccess.open(file); Statement st = c.createStatement()) {
            // Table from an enum, bounds are longs: nothing user-typed reaches the SQL text but the vetted path.
            rows = st.executeUpdate("COPY (SELECT * FROM " + table.name() + " WHERE ts >= " + fromTs + " AND ts < " + toTs
                    + " ORDER BY ts) TO '" + path.replace("'", "''") + "' (FORMAT " + (f == FileFormat.csv ? "CSV, HEADER" : "PARQUET") + ")");
        } catch (SQLException e) {
            throw new IllegalStateException("export failed: " + e.getMessage(), e);
        }
        System.out.println("exported " + rows + " " + table + " rows to " + target + " (" + f + ")");
        return CascadeCli.EXIT_OK;
    }
}
