package dev.cascade.replay;

import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.record.RecordedFrame;
import dev.cascade.core.record.RecordedFrameCodec;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a recorded-feed file (JSON lines, optionally gzip) frame by frame, treating every byte as untrusted:
 * <ul>
 *   <li>One line may hold at most {@code maxLineBytes} (decompressed). The cap is checked while the line is read, so a
 *       gzip bomb that inflates to one multi-GiB line costs at most the cap in memory: the rest of that line is skipped
 *       unread, the line is reported, and the lines after it are read as usual.</li>
 *   <li>A line must be valid UTF-8 and exactly one record (see {@link RecordedFrameCodec#decode}).</li>
 *   <li>A rejected line is reported with its line number, the feed named in it when that can be seen, and the reason;
 *       a truncated file (a killed recorder, a cut download) yields every complete line before the cut, then says so.</li>
 * </ul>
 */
public final class RecordedFeedReader implements AutoCloseable {
    /** Far above any real frame (the largest venue snapshots are a few hundred KiB), far below a heap. */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 << 20;

    /** What to do with each line. */
    public interface Handler {
        void frame(RecordedFrame frame);

        void badLine(long lineNumber, String reason);

        /** A rejected line; {@code source} is the feed it names, or null when none can be read from it. */
        default void badLine(long lineNumber, String source, String reason) {
            badLine(lineNumber, reason);
        }
    }

    private final Path file;
    private final CountingStream counting;
    private final InputStream in;
    private final long sizeBytes;
    private final int maxLineBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkLen;
    private byte[] line = new byte[1 << 12];
    private long lineNumber;
    private String truncation;

    public RecordedFeedReader(Path file) throws IOException {
        this(file, DEFAULT_MAX_LINE_BYTES);
    }

    public RecordedFeedReader(Path file, int maxLineBytes) throws IOException {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file: " + file);
        }
        this.file = file;
        this.maxLineBytes = maxLineBytes;
        this.sizeBytes = Files.size(file);
        this.counting = new CountingStream(Files.newInputStream(file));
        InputStream s = counting;
        if (file.getFileName().toString().endsWith(".gz")) {
            try {
                s = new GZIPInputStream(counting, 1 << 16);
            } catch (ZipException | EOFException e) {
                counting.close();
                throw new IOException(file + " is not a valid gzip file: " + e.getMessage(), e);
            }
        }
        this.in = s;
    }

    /** Reads to the end; returns false if the file was cut short (see {@link #truncation()}). */
    public boolean readAll(Handler handler) {
        while (true) {
            long length;
            try {
                length = nextLine();
            } catch (EOFException | ZipException e) {
                truncation = "file ends early after line " + lineNumber + " (" + e.getMessage() + ")";
                return false;
            } catch (IOException e) {
                truncation = "read error after line " + lineNumber + ": " + e.getMessage();
                return false;
            }
            if (length < 0) {
                return true;
            }
            lineNumber++;
            if (length > maxLineBytes) {
                String source = RecordedFrameCodec.sniffSource(new String(line, 0, Math.min(512, maxLineBytes), StandardCharsets.ISO_8859_1));
                handler.badLine(lineNumber, source, "line longer than the " + maxLineBytes + "-byte cap (" + length
                        + " bytes read, skipped unparsed)");
                if (line.length > 1 << 20) {
                    line = new byte[1 << 12]; // do not keep a bomb's buffer for the rest of the file
                }
                continue;
            }
            int n = (int) length;
            if (isBlank(n)) {
                continue;
            }
            String text;
            try {
                text = utf8.decode(ByteBuffer.wrap(line, 0, n)).toString();
            } catch (CharacterCodingException e) {
                String source = RecordedFrameCodec.sniffSource(new String(line, 0, Math.min(512, n), StandardCharsets.ISO_8859_1));
                handler.badLine(lineNumber, source, "invalid UTF-8");
                continue;
            }
            try {
                handler.frame(RecordedFrameCodec.decode(text));
            } catch (MalformedFrameException e) {
                handler.badLine(lineNumber, RecordedFrameCodec.sniffSource(text), e.getMessage());
            }
        }
    }

    /**
     * Reads the next line (without its '\n' and a '\r' before it) into {@link #line}; returns its full length, which
     * is larger than the cap when only the first {@code maxLineBytes} were kept, or -1 at the end of the file.
     */
    private long nextLine() throws IOException {
        long length = 0;
        int kept = 0;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkLen) {
                chunkLen = in.read(chunk, 0, chunk.length);
                chunkPos = 0;
                if (chunkLen <= 0) {
                    chunkLen = 0;
                    return any ? trimCr(length, kept) : -1;
                }
            }
            any = true;
            int end = chunkPos;
            while (end < chunkLen && chunk[end] != '\n') {
                end++;
            }
            int n = end - chunkPos;
            if (kept < maxLineBytes && n > 0) {
                int take = (int) Math.min(n, maxLineBytes - (long) kept);
                ensure(kept + take);
                System.arraycopy(chunk, chunkPos, line, kept, take);
                kept += take;
            }
            length += n;
            if (end < chunkLen) {
                chunkPos = end + 1;
                return trimCr(length, kept);
            }
            chunkPos = chunkLen;
        }
    }

    private long trimCr(long length, int kept) {
        if (length <= maxLineBytes && kept > 0 && line[kept - 1] == '\r') {
            return length - 1;
        }
        return length;
    }

    private void ensure(int capacity) {
        if (capacity > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(maxLineBytes, Math.max(capacity, 2L * line.length)));
        }
    }

    private boolean isBlank(int n) {
        for (int i = 0; i < n; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
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
        in.close();
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
