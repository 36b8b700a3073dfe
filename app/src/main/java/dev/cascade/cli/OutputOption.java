package dev.cascade.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.EnumSet;
import java.util.Set;

/**
 * The one output switch of the commands that print a result: {@code --format table|json|csv}. Human tables go to the
 * terminal; JSON carries the exact figures (integers in their fixed-point units, or decimal strings); CSV is RFC 4180
 * ({@link Csv}). A command that cannot write a format says so (exit 2) instead of silently writing another.
 */
final class OutputOption {
    enum OutputFormat { table, json, csv }

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "Output: table, json or csv (default: ${DEFAULT-VALUE}).")
    OutputFormat format = OutputFormat.table;

    /** Rejects a format this command does not write (exit 2, naming the flag). */
    OutputFormat supported(CommandLine.Model.CommandSpec spec, Set<OutputFormat> supported) {
        if (!supported.contains(format)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format " + format + " is not available for "
                    + spec.name() + "; use one of " + EnumSet.copyOf(supported));
        }
        return format;
    }

    boolean is(OutputFormat f) {
        return format == f;
    }
}
