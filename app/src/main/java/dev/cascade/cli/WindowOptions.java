package dev.cascade.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The window flags of the commands that read a span of the store ending now by default: --since, or --from/--to. */
final class WindowOptions {
    @Option(names = "--since", paramLabel = "DURATION", description = "Window ending now: 1h, 4h, 12h, 24h, 7d ...")
    String since;

    @Option(names = "--from", paramLabel = "TIME", description = "Window start (UTC): 2025-10-10, 2025-10-10T21:00, ISO instant, or epoch ms.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Window end, exclusive (default: now).")
    String to;

    /** The [from, to) window the flags name; a bad or missing one is a usage error naming the flag. */
    TimeArgs.Window window(CommandLine.Model.CommandSpec spec) {
        return TimeArgs.window(since, from, to, System.currentTimeMillis(), spec);
    }
}
