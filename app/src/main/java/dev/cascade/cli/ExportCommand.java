package dev.cascade.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.cascade.core.port.ReadStore;
import dev.cascade.store.ParquetExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
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
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
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
        store.requireExisting(spec);
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        long rows;
        if (f == FileFormat.parquet) {
            rows = parquet(target, fromTs, toTs);
        } else {
            // CSV and JSON come from the rows themselves, so DuckDB and ClickHouse give the same bytes.
            try (ReadStore s = store.open(spec);
                 OutputStream os = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
                Rows sink = f == FileFormat.csv ? new CsvRows(os)
                        : new JsonRows(os, target.toString().toLowerCase(Locale.ROOT).endsWith(".json"));
                rows = s.export(table.name(), fromTs, toTs, sink);
                sink.finish();
            }
        }
        System.out.println("exported " + rows + " " + table + " rows to " + target + " (" + f + ")");
        return CascadeCli.EXIT_OK;
    }

    private long parquet(Path target, long fromTs, long toTs) {
        Path file = store.duckDbFile(spec, "Parquet is written from a DuckDB file; from ClickHouse export .csv or .json(l), or use "
                + "clickhouse-client --query \"SELECT * FROM cascade.liquidation FINAL WHERE ts >= ... FORMAT Parquet\" > out.parquet");
        if (!ParquetExport.acceptsPath(target)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--out: use a path of letters, digits and _ . / - only, got '" + out + "'");
        }
        return ParquetExport.write(file, table.name(), fromTs, toTs, target);
    }

    /** An export's writer: the rows, then whatever closes the file's structure. */
    private interface Rows extends ReadStore.RowSink {
        void finish() throws IOException;
    }

    /** RFC 4180 CSV with a header row. */
    private static final class CsvRows implements Rows {
        private final Writer w;

        CsvRows(OutputStream os) {
            this.w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
        }

        @Override
        public void columns(List<String> names) throws IOException {
            w.write(Csv.record(names));
        }

        @Override
        public void row(Object[] values) throws IOException {
            w.write(Csv.record(Arrays.asList(values)));
        }

        @Override
        public void finish() throws IOException {
            w.flush();
        }
    }

    /**
     * One JSON object per row, in an array ({@code .json}) or one a line ({@code .jsonl}, {@code .ndjson}). Event ids
     * and fixed-point money ({@code _e6}, {@code _e8}, {@code _e12} columns) are strings, as everywhere Cascade writes
     * JSON: 64-bit integers lose digits in JavaScript numbers.
     */
    private static final class JsonRows implements Rows {
        private static final Pattern AS_STRING = Pattern.compile("event_id|.*_e\\d+");
        private final JsonGenerator g;
        private final boolean array;
        private String[] names;
        private boolean[] quoted;
        private boolean any;

        JsonRows(OutputStream os, boolean array) throws IOException {
            this.g = new JsonFactory().createGenerator(os);
            this.array = array;
            g.setRootValueSeparator(new SerializedString(array ? "" : "\n"));
            if (array) {
                g.writeStartArray();
            }
        }

        @Override
        public void columns(List<String> columns) {
            names = columns.toArray(String[]::new);
            quoted = new boolean[names.length];
            for (int i = 0; i < names.length; i++) {
                quoted[i] = AS_STRING.matcher(names[i]).matches();
            }
        }

        @Override
        public void row(Object[] values) throws IOException {
            any = true;
            g.writeStartObject();
            for (int i = 0; i < values.length; i++) {
                g.writeFieldName(names[i]);
                Object v = values[i];
                if (quoted[i] || v instanceof String) {
                    g.writeString(v.toString());
                } else if (v instanceof Boolean b) {
                    g.writeBoolean(b);
                } else {
                    g.writeNumber(((Number) v).longValue());
                }
            }
            g.writeEndObject();
        }

        @Override
        public void finish() throws IOException {
            if (array) {
                g.writeEndArray();
            }
            if (array || any) {
                g.writeRaw('\n');
            }
            g.flush();
        }
    }
}
