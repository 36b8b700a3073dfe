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

    /** Opens the store; a URL no adapter serves, or a DuckDB file that does not exist, is a usage error naming its flag. */
    ReadStore open(CommandLine.Model.CommandSpec spec) {
        return open(spec, db, url);
    }

    /** {@link #open(CommandLine.Model.CommandSpec)} for a command that declares its own --db and --store. */
    static ReadStore open(CommandLine.Model.CommandSpec spec, Path db, String url) {
        requireExisting(spec, db, url);
        if (url == null) {
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
        return duckDbUrlFile(spec, url);
    }

    private static Path duckDbUrlFile(CommandLine.Model.CommandSpec spec, String url) {
        try {
            return DuckDbReadStore.file(url);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--store: " + e.getMessage());
        }
    }

    void requireExisting(CommandLine.Model.CommandSpec spec) {
        requireExisting(spec, db, url);
    }

    /**
     * A --db (or a --store duckdb:FILE) that names no file is a bad flag: exit 2 with the same message in every reading
     * command, and no empty store is created by trying to open it. Other store URLs are checked by their adapter.
     */
    static void requireExisting(CommandLine.Model.CommandSpec spec, Path db, String url) {
        boolean duckDbUrl = url != null && url.startsWith(DuckDbReadStore.SCHEME + ":");
        if (url != null && !duckDbUrl) {
            return;
        }
        Path file = duckDbUrl ? duckDbUrlFile(spec, url) : db;
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), (duckDbUrl ? "--store" : "--db") + ": no store file at "
                    + file + " (create one with `cascade demo`, `cascade replay FILE` or `cascade ingest`)");
        }
    }
}
