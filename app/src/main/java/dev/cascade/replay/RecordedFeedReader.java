package dev.cascade.replay;

import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.record.RecordedFrame;
import dev.cascade.core.record.RecordedFrameCodec;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a recorded-feed file (JSON lines, optionally gzip) frame by frame. A malformed line is reported and skipped;
 * a truncated file (a killed recorder, a cut download) yields every complete line before the cut, then reports it.
 */
public final class RecordedFeedReader implements AutoCloseable {
    /** What to do with each line. */
    public interface Handler {
        void frame(RecordedFrame frame);

        void badLine(long lineNumber, String reason);
    }

    private final Path file;
    private final CountingStream counting;
    private final BufferedReader reader;
    private final long sizeBytes;
    private long lineNumber;
    private String truncation;

    public RecordedFeedReader(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file: " + file);
        }
        this.file = file;
        this.sizeBytes = Files.size(file);
        this.counting = new CountingStream(Files.newInputStream(file));
        InputStream in = counting;
        if (file.getFileName().toString().endsWith(".gz")) {
            try {
                in = new GZIPInputStream(counting, 1 << 16);
            } catch (ZipException | EOFException e) {
                counting.close();
                throw new IOException(file + " is not a valid gzip file: " + e.getMessage(), e);
            }
        }
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Reads to the end; returns false if the file was cut short (see {@link #truncation()}). */
    public boolean readAll(Handler handler) {
        while (true) {
            String line;
            try {
                line = reader.readLine();
            } catch (EOFException | ZipException e) {
                truncation = "file ends early after line " + lineNumber + " (" + e.getMessage() + ")";
                return false;
            } catch (IOException e) {
                truncation = "read error after line " + lineNumber + ": " + e.getMessage();
                return false;
            }
            if (line == null) {
                return true;
            }
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                handler.frame(RecordedFrameCodec.decode(line));
            } catch (MalformedFrameException e) {
                handler.badLine(lineNumber, e.getMessage());
            }
        }
    }

    public Path file() {
        return file;
    }

    public long bytesRead() {
        return counting.count;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public long lineNumber() {
        return lineNumber;
    }

    public String truncation() {
        return truncation;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private static final class CountingStream extends FilterInputStream {
        volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
