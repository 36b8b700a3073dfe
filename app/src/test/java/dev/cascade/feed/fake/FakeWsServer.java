package dev.cascade.feed.fake;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket server on 127.0.0.1 (random free port) written on plain JDK sockets, so tests control every byte:
 * fragmented messages, a frame cut in half, a connection dropped without a close frame, a stall that ignores pings,
 * a burst written as fast as TCP takes it. RFC 6455 server side: unmasked frames out, masked frames in.
 */
public final class FakeWsServer implements AutoCloseable {
    /** What the venue does with client messages. */
    public interface Handler {
        default void onOpen(Conn c) {
        }

        void onText(Conn c, String text);
    }

    private final ServerSocket server;
    private final Handler handler;
    private final List<Conn> conns = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    public FakeWsServer(Handler handler) throws IOException {
        this(handler, 0);
    }

    /** On a given loopback port (0 = any free one). */
    public FakeWsServer(Handler handler, int port) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "fake-ws-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI base() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort());
    }

    public List<Conn> connections() {
        return conns;
    }

    /** Waits until some connection satisfies {@code p} (e.g. "has subscribed"), returning it. */
    public Conn await(Predicate<Conn> p, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            for (Conn c : conns) {
                if (p.test(c)) {
                    return c;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no connection matched within " + timeoutMs + " ms (connections: " + conns.size() + ")");
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Conn c = new Conn(s);
                Thread t = new Thread(c::serve, "fake-ws-conn-" + s.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    // Accept failures only happen on shutdown in tests.
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Conn c : conns) {
            c.drop();
        }
    }

    /** One client connection. Attributes let a venue remember subscribe state. */
    public final class Conn {
        private final Socket socket;
        private OutputStream out;
        private volatile boolean stalled;
        private volatile boolean open;
        public volatile String path;
        /** The handshake's headers, names in lower case. */
        public final java.util.Map<String, String> headers = new java.util.concurrent.ConcurrentHashMap<>();
        /**
         * Data flows on this link. Set before the subscription's ack is sent, as a venue streams from the moment it
         * acknowledges: the client may take the link over on the ack and retire the old one before a flag set after
         * the send is seen, and the frames in between would go to no link.
         */
        public volatile boolean subscribed;
        public volatile int pings;
        public volatile int heartbeatReplies;
        public volatile int unanswered;
        /** Protocol Pings this server sent, and Pongs the client sent back. */
        public volatile int pingsSent;
        public volatile int pongs;
        public final long openedNanos = System.nanoTime();
        public final List<String> received = new CopyOnWriteArrayList<>();

        Conn(Socket socket) {
            this.socket = socket;
        }

        public boolean isOpen() {
            return open && !socket.isClosed();
        }

        void serve() {
            try {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
                handshake(in);
                open = true;
                conns.add(this);
                handler.onOpen(this);
                readLoop(new DataInputStream(in));
            } catch (IOException | RuntimeException e) {
                // client went away or was dropped
            } finally {
                open = false;
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        private void handshake(InputStream in) throws IOException {
            String key = null;
            String line;
            boolean first = true;
            while (!(line = readLine(in)).isEmpty()) {
                if (first) {
                    String[] parts = line.split(" ");
                    path = parts.length > 1 ? parts[1] : "/";
                    first = false;
                }
                int colon = line.indexOf(':');
                if (colon > 0 && !first) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).trim());
                }
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Key")) {
                    key = line.substring(colon + 1).trim();
                }
            }
            if (key == null) {
                throw new IOException("not a WebSocket upgrade");
            }
            String accept;
            try {
                accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            synchronized (this) {
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }

        private String readLine(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    int len = sb.length();
                    return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
                }
                sb.append((char) b);
            }
            throw new EOFException("connection closed during handshake");
        }

        private void readLoop(DataInputStream in) throws IOException {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                int opcode = b0 & 0x0F;
                long len = b1 & 0x7F;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] mask = new byte[4];
                if ((b1 & 0x80) != 0) {
                    in.readFully(mask);
                }
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
                if (stalled) {
                    continue; // a hung server: reads, never answers
                }
                switch (opcode) {
                    case 0x1 -> {
                        String text = new String(payload, StandardCharsets.UTF_8);
                        received.add(text);
                        handler.onText(this, text);
                    }
                    case 0x8 -> {
                        writeFrame(0x88, payload, 0, payload.length, true);
                        return;
                    }
                    case 0x9 -> writeFrame(0x8A, payload, 0, payload.length, true);
                    case 0xA -> {
                        pongs++;
                        unanswered = 0;
                    }
                    default -> {
                        // pong or continuation from the client: nothing to do
                    }
                }
            }
        }

        private synchronized void writeFrame(int first, byte[] p, int off, int len, boolean flush) throws IOException {
            out.write(first);
            if (len < 126) {
                out.write(len);
            } else if (len < 65536) {
                out.write(126);
                out.write(len >>> 8);
                out.write(len);
            } else {
                out.write(127);
                for (int i = 7; i >= 0; i--) {
                    out.write((int) ((long) len >>> (8 * i)));
                }
            }
            out.write(p, off, len);
            if (flush) {
                out.flush();
            }
        }

        /** One text message in one frame. */
        public void send(String text) {
            send(text, true);
        }

        /** With {@code flush=false} the frame waits in the buffer (bursts flush every few hundred frames). */
        public void send(String text, boolean flush) {
            try {
                byte[] b = text.getBytes(StandardCharsets.UTF_8);
                writeFrame(0x81, b, 0, b.length, flush);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        public synchronized void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** One text message split into {@code parts} frames (text + continuations), as venues do for big messages. */
        public synchronized void sendFragmented(String text, int parts) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            int step = Math.max(1, b.length / parts);
            try {
                int off = 0;
                boolean firstFrame = true;
                while (off < b.length) {
                    int len = Math.min(step, b.length - off);
                    boolean last = off + len >= b.length;
                    int op = firstFrame ? 0x1 : 0x0;
                    writeFrame((last ? 0x80 : 0) | op, b, off, len, last);
                    off += len;
                    firstFrame = false;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Any frame as raw bytes: a binary message (0x82), a text message with invalid UTF-8 (0x81)... */
        public void sendFrame(int firstByte, byte[] payload) {
            try {
                writeFrame(firstByte, payload, 0, payload.length, true);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        public void ping() {
            try {
                pingsSent++;
                writeFrame(0x89, new byte[0], 0, 0, true);
            } catch (IOException e) {
                // the client is gone; the test notices through its assertions
            }
        }

        /** Stop answering anything (pings included) and stop sending: a hung link. */
        public void stall() {
            stalled = true;
        }

        public boolean stalled() {
            return stalled;
        }

        /** A frame header promising 4096 bytes, 10 of them, then the TCP connection closes (a crash mid-message). */
        public synchronized void dropMidFrame() {
            try {
                out.write(0x81);
                out.write(126);
                out.write(0x10);
                out.write(0x00);
                out.write("{\"partial\":".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException ignored) {
                // already gone
            }
            drop();
        }

        public void drop() {
            open = false;
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
