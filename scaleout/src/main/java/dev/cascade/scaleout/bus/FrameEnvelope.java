package dev.cascade.scaleout.bus;

import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.record.RecordedFrame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The Kafka record value: a raw frame in a compact, versioned binary envelope.
 * <pre>
 * byte    magic    0xCA
 * byte    version  1
 * int64   receive time, epoch ms (big-endian)
 * uint8   feed id length, then the feed id (ASCII, e.g. "binance-usdm")
 * rest    the frame text exactly as the venue sent it (UTF-8)
 * </pre>
 * Binary rather than the recorded-feed JSON line because the frame is itself JSON: nesting it in a JSON string would
 * escape every quote on the way in and unescape it on the way out. A new layout gets a new version byte; consumers
 * reject (count and skip) versions they do not know instead of misreading them.
 */
public final class FrameEnvelope {
    public static final byte MAGIC = (byte) 0xCA;
    public static final byte VERSION = 1;
    private static final int HEADER = 2 + 8 + 1;

    private FrameEnvelope() {
    }

    public static byte[] encode(RecordedFrame f) {
        byte[] src = f.source().getBytes(StandardCharsets.US_ASCII);
        if (src.length > 255) {
            throw new IllegalArgumentException("feed id longer than 255 bytes: " + f.source());
        }
        byte[] frame = f.frame().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(HEADER + src.length + frame.length);
        b.put(MAGIC).put(VERSION).putLong(f.receiveTs()).put((byte) src.length).put(src).put(frame);
        return b.array();
    }

    public static RecordedFrame decode(byte[] value) throws MalformedFrameException {
        if (value == null || value.length < HEADER) {
            throw new MalformedFrameException("envelope too short (" + (value == null ? "null" : value.length + " bytes") + ")");
        }
        if (value[0] != MAGIC) {
            throw new MalformedFrameException("not a Cascade frame envelope (magic " + (value[0] & 0xff) + ")");
        }
        if (value[1] != VERSION) {
            throw new MalformedFrameException("unknown envelope version " + value[1] + " (this consumer reads " + VERSION + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        long ts = b.getLong(2);
        int srcLen = value[10] & 0xff;
        if (HEADER + srcLen > value.length) {
            throw new MalformedFrameException("envelope cut inside the feed id");
        }
        String source = new String(value, HEADER, srcLen, StandardCharsets.US_ASCII);
        String frame = new String(value, HEADER + srcLen, value.length - HEADER - srcLen, StandardCharsets.UTF_8);
        return new RecordedFrame(ts, source, frame);
    }
}
