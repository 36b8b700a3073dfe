package dev.cascade.replay;

import dev.cascade.core.record.RecordedFrame;
import dev.cascade.core.record.RecordedFrameCodec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes raw frames in the recorded-feed format (gzip when the name ends in .gz). Thread-safe; connectors share one.
 * {@link #flush()} pushes buffered lines to the OS (with gzip, a sync flush) so a killed process leaves a readable file.
 */
public final class RecordedFeedWriter implements AutoCloseable {
    private final BufferedWriter out;

    public RecordedFeedWriter(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream os = Files.newOutputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            os = new GZIPOutputStream(os, 1 << 16, true);
        }
        this.out = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
    }

    public synchronized void write(RecordedFrame f) {
        try {
            out.write(RecordedFrameCodec.encode(f));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write recorded frame", e);
        }
    }

    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush recorded feed", e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
