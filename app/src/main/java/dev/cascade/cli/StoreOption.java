package dev.cascade.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The store file flag shared by commands. */
final class StoreOption {
    @Option(names = "--db", paramLabel = "FILE", defaultValue = "cascade.duckdb",
            description = "DuckDB store file (default: ${DEFAULT-VALUE}).")
    Path db;
}
