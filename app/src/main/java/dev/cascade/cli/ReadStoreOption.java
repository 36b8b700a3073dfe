package dev.cascade.cli;

import dev.cascade.core.port.ReadStore;
import dev.cascade.store.DuckDbReadStore;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The store a reading command reads: {@code --store URL} ({@code duckdb:FILE} or {@code clickhouse://host:8123/db}),
 * else the DuckDB file {@code --db}. Opened through {@link ReadStore#open}: ClickHouse's reader comes from the
 * scale-out jar on the classpath (which {@code ./cascade} adds once built), so the app needs no ClickHouse code.
 */
final class ReadStoreOption {
    @Option(names = "--db", paramLabel = "FILE", defaultValue = "cascade.duckdb",
            description = "DuckDB store file (default: ${DEFAULT-VALUE}).")
    Path db;

    @Option(names = "--store", paramLabel = "URL",
            description = "Store to read instead of --db: duckdb:FILE or clickhouse://host:8123/database[?user=NAME&secure=true] "
                    + "(password from $CASCADE_CLICKHOUSE_PASSWORD or password_file=PATH).")
    String url;

    /** Opens the store; a URL no adapter serves is a usage error naming --store. */
    ReadStore open(CommandLine.Model.CommandSpec spec) {
        if (url == null) {
            requireExisting(spec);
            return DuckDbReadStore.open(db);
        }
        try {
            return ReadStore.open(url);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--store: " + e.getMessage());
        }
    }

    /** The DuckDB file to read, for commands that only work on DuckDB files; a non-DuckDB --store is a usage error. */
    Path duckDbFile(CommandLine.Model.CommandSpec spec, String why) {
        if (url == null) {
            return db;
        }
        if (!url.startsWith(DuckDbReadStore.SCHEME + ":")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--store: " + why);
        }
        try {
            return DuckDbReadStore.file(url);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--store: " + e.getMessage());
        }
    }

    /**
     * A --db that names no file is a bad flag: exit 2 with the same message in every reading command, and no empty
     * store is created by trying to open it.
     */
    void requireExisting(CommandLine.Model.CommandSpec spec) {
        if (url == null && !java.nio.file.Files.isRegularFile(db)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--db: no store file at " + db
                    + " (create one with `cascade demo`, `cascade replay FILE` or `cascade ingest`)");
        }
    }
}
