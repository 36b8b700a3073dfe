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
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export stored events of one table in a window to CSV (RFC 4180, header row), JSON or Parquet.",
                "The file's extension says the format (.csv, .json = one array, .jsonl/.ndjson = one object a line,",
                ".parquet); --format, if given, must agree with it."})
final class ExportCommand implements Callable<Integer> {
    enum Table { liquidation, open_interest, funding, trade, mark_price, feed_gap }

    enum FileFormat {
        csv(".csv"), json(".json", ".jsonl", ".ndjson"), parquet(".parquet");

        final List<String> extensions;

        FileFormat(String... extensions) {
            this.extensions = List.of(extensions);
        }

        /** The format a file name's extension names, or null. */
        static FileFormat of(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            for (FileFormat f : values()) {
                if (f.extensions.stream().anyMatch(name::endsWith)) {
                    return f;
                }
            }
            return null;
        }
    }

    @Mixin
    ReadStoreOption store;

    @Option(names = "--table", defaultValue = "liquidation", description = "One of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Table table;

    @Option(names = "--format", description = "csv, json or parquet; must agree with the --out extension (default: from it).")
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
        FileFormat named = FileFormat.of(out);
        if (named == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out: end the file name in .csv, .json, .jsonl, .ndjson"
                    + " or .parquet so its extension says what it holds, got '" + out + "'");
        }
        if (format != null && format != named) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format " + format + " but --out '" + out
                    + "' names " + named + ": the extension must agree with the format written");
        }
        FileFormat f = named;
        Path target = out.toAbsolutePath();
        String path = target.toString();
        // COPY cannot take a bound parameter for its target, so the path is restricted to plain characters and quoted.
        if (!path.matches("[A-Za-z0-9_./ +=@,-]+")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--out: use a path of letters, digits and _ . / - only, got '" + out + "'");
        }
        store.requireExisting(spec);
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        long rows;
        Path file = store.duckDbFile(spec, "export copies from a DuckDB file; from ClickHouse use its own export, e.g. "
                + "clickhouse-client --query \"SELECT * FROM cascade.liquidation FINAL WHERE ts >= ... FORMAT Parquet\" > out.parquet");
        try (Connection c = ReadAccess.open(file); Statement st = c.createStatement()) {
            // Table from an enum, bounds are longs: nothing user-typed reaches the SQL text but the vetted path.
            // JSON carries the 64-bit event id as a string (as every JSON surface does): a JavaScript number holds 53 bits.
            String columns = f == FileFormat.json ? "* REPLACE (CAST(event_id AS VARCHAR) AS event_id)" : "*";
            rows = st.executeUpdate("COPY (SELECT " + columns + " FROM " + table.name() + " WHERE ts >= " + fromTs + " AND ts < " + toTs
                    + " ORDER BY ts) TO '" + path.replace("'", "''") + "' (" + copyOptions(f, path) + ")");
        } catch (SQLException e) {
            throw new IllegalStateException("export failed: " + e.getMessage(), e);
        }
        System.out.println("exported " + rows + " " + table + " rows to " + target + " (" + f + ")");
        return CascadeCli.EXIT_OK;
    }

    /**
     * DuckDB COPY options: RFC 4180 CSV with a header (CRLF records; fields with a comma, quote or line break quoted;
     * DuckDB reads the escaped {@code \\r\\n}), JSON, Parquet.
     */
    static String copyOptions(FileFormat f, String path) {
        return switch (f) {
            case csv -> "FORMAT CSV, HEADER, DELIMITER ',', QUOTE '\"', ESCAPE '\"', NEW_LINE '\\r\\n'";
            case json -> "FORMAT JSON, ARRAY " + path.toLowerCase(java.util.Locale.ROOT).endsWith(".json");
            case parquet -> "FORMAT PARQUET";
        };
    }
}
