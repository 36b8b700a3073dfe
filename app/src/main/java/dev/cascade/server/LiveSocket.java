package dev.cascade.server;

import io.javalin.websocket.WsConfig;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The live stream at /ws/liquidations: a hello with the market clock, then the {@link LiveHub}'s frames. */
final class LiveSocket {
    static final String PATH = "/ws/liquidations";

    private final LiveHub hub;
    private final MarketClock clock;

    LiveSocket(LiveHub hub, MarketClock clock) {
        this.hub = hub;
        this.clock = clock;
    }

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            if (!ctx.queryParamMap().isEmpty()) {
                ctx.closeSession(1008, "no query parameters: filter (size, exchange) in the client");
                return;
            }
            ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
            Session session = ctx.session;
            session.sendBinary(ByteBuffer.wrap(("[{\"type\":\"hello\",\"version\":\"" + CascadeServer.VERSION + "\",\"marketNow\":"
                    + clock.now() + "}]").getBytes(StandardCharsets.US_ASCII)), Callback.NOOP);
            hub.add(ctx.sessionId(), new LiveHub.Outbound() {
                @Override
                public void send(ByteBuffer frame, Runnable written, Consumer<Throwable> failed) {
                    session.sendBinary(frame, Callback.from(written, failed));
                }

                @Override
                public void disconnect(String reason) {
                    session.disconnect();
                }
            });
        });
        ws.onClose(ctx -> hub.remove(ctx.sessionId()));
        ws.onError(ctx -> hub.remove(ctx.sessionId()));
    }

    /** 503 at the upgrade: the live stream has all the clients it takes ({@link LiveHub#full}). */
    static final class Full extends RuntimeException {
        Full() {
            super("the live stream has all the clients it takes; retry later", null, false, false);
        }
    }
}
