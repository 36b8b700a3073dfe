package dev.cascade.server;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** JDK WebSocket listener that reassembles the hub's binary UTF-8 JSON frames (and text frames) and hands them on. */
final class WsCollector implements WebSocket.Listener {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final Consumer<byte[]> frames;

    WsCollector(Consumer<byte[]> frames) {
        this.frames = frames;
    }

    static WsCollector ofText(Consumer<String> text) {
        return new WsCollector(b -> text.accept(new String(b, StandardCharsets.UTF_8)));
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        return append(w, b, last);
    }

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        return append(w, data.toString().getBytes(StandardCharsets.UTF_8), last);
    }

    private CompletionStage<?> append(WebSocket w, byte[] b, boolean last) {
        buf.write(b, 0, b.length);
        if (last) {
            frames.accept(buf.toByteArray());
            buf.reset();
        }
        w.request(1);
        return null;
    }
}
