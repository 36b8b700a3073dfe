package dev.cascade.cli;

import java.io.PrintStream;

/** A one-line progress bar on stderr, redrawn at most every 200 ms (a plain line per 10% when not a terminal). */
final class ProgressBar {
    private final PrintStream out;
    private final String label;
    private final boolean terminal = System.console() != null;
    private final long started = System.nanoTime();
    private long lastDraw;
    private int lastDecile = -1;

    ProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    void update(long done, long total) {
        long now = System.nanoTime();
        int pct = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
        if (terminal) {
            if (now - lastDraw < 200_000_000L && pct < 100) {
                return;
            }
            lastDraw = now;
            int filled = pct / 5;
            out.print("\r" + label + " [" + "=".repeat(filled) + (filled < 20 ? ">" : "") + " ".repeat(Math.max(0, 19 - filled))
                    + "] " + Format.padLeft(pct + "%", 4) + "  " + mb(done) + "/" + mb(total) + " MB  " + seconds(now) + "s");
            out.flush();
        } else if (pct / 10 != lastDecile) {
            lastDecile = pct / 10;
            out.println(label + " " + pct + "% (" + mb(done) + "/" + mb(total) + " MB, " + seconds(now) + "s)");
        }
    }

    void done() {
        if (terminal) {
            out.println();
        }
    }

    private String seconds(long now) {
        return String.format(java.util.Locale.ROOT, "%.1f", (now - started) / 1e9);
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1e6);
    }
}
