package dev.cascade.cli;

import dev.cascade.store.DuckDbStore;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.time.Duration;

/** How long a live writer keeps raw trades and mark prices (`ingest`, `serve`); the rest is kept for good. */
final class RetentionOption {
    /** A century: anything longer is a typo, and keeping for good is 0. */
    static final int MAX_DAYS = 36_500;

    @Option(names = "--retain-raw-days", paramLabel = "DAYS", defaultValue = "7",
            description = "Keep raw trades and mark prices this many days, then delete them a slice at a time while ingesting "
                    + "(0 = keep them for good). Liquidations, open interest, funding and the per-minute rollups of "
                    + "liquidations, trades and mark prices are never deleted (default: ${DEFAULT-VALUE}).")
    int days;

    /** The period, or null to keep raw rows for good; a value out of range is a usage error naming the flag. */
    Duration period(CommandLine.Model.CommandSpec spec) {
        if (days < 0 || days > MAX_DAYS) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--retain-raw-days must be between 0 (keep for good) and " + MAX_DAYS + ", got " + days);
        }
        return days == 0 ? null : Duration.ofDays(days);
    }

    void applyTo(DuckDbStore db, CommandLine.Model.CommandSpec spec) {
        db.retainRaw(period(spec));
    }
}
