package dev.cascade.cli;

import dev.cascade.core.time.TimeText;
import picocli.CommandLine;

import java.time.Instant;

/** The [from, to) window of the commands that take --since or --from/--to (values parsed by core {@link TimeText}). */
final class TimeArgs {
    private TimeArgs() {
    }

    /** A [from, to) window from --since or --from/--to; {@code now} closes open windows. */
    record Window(long from, long to) {
        String describe() {
            return Instant.ofEpochMilli(from) + " .. " + Instant.ofEpochMilli(to);
        }
    }

    static Window window(String since, String from, String to, long now, CommandLine.Model.CommandSpec spec) {
        try {
            if (since != null && (from != null || to != null)) {
                throw new IllegalArgumentException("--since cannot be combined with --from/--to");
            }
            if (since != null) {
                return new Window(TimeText.startOf("--since", now, TimeText.durationMs("--since", since)), now);
            }
            if (from == null) {
                throw new IllegalArgumentException("give a window: --since 24h, or --from T1 [--to T2]");
            }
            long f = TimeText.instant("--from", from);
            long t = to == null ? now : TimeText.instant("--to", to);
            if (t <= f) {
                throw new IllegalArgumentException("--to (" + Instant.ofEpochMilli(t) + ") must be after --from (" + Instant.ofEpochMilli(f) + ")");
            }
            return new Window(f, t);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
