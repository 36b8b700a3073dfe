package dev.cascade.scaleout;

import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.core.record.RecordedFrame;
import dev.cascade.scaleout.bus.BusUrl;
import dev.cascade.scaleout.bus.KafkaFrameSource;
import dev.cascade.scaleout.bus.LocalKafkaBroker;
import dev.cascade.scaleout.bus.PartitionKeys;
import dev.cascade.scaleout.bus.TestBroker;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ingest --bus kafka://...} end to end: the live ingest path (Binance USD-M connector, WebSocket session, frame
 * queue, writer) against a loopback stand-in for Binance's combined stream, publishing through the {@code FrameBus}
 * port (found by ServiceLoader, as the app does it) into a real Kafka broker in this JVM. Every frame the venue sent
 * must be on the topic exactly once, byte for byte, in order per partition key.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class IngestToBusTest {
    private record Run(int exit, String out, String err) {
    }

    /** Binance's combined-stream wrapper around the synthetic payloads (forceOrder, every fourth an aggTrade). */
    private static List<String> venueFrames(int n) {
        List<String> out = new ArrayList<>();
        for (RecordedFrame f : SyntheticFrames.binance(n, 11L)) {
            String stream = f.frame().contains("\"aggTrade\"") ? "btcusdt@aggTrade" : "!forceOrder@arr";
            out.add("{\"stream\":\"" + stream + "\",\"data\":" + f.frame() + "}");
        }
        return out;
    }

    @Test
    void everyFrameTheVenueSentIsOnTheBusExactlyOnce() throws Exception {
        int n = 3_000;
        List<String> sent = venueFrames(n);
        List<String> connects = new CopyOnWriteArrayList<>();
        Javalin venue = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.ws("/market/stream", ws -> ws.onConnect(ctx -> {
                connects.add(ctx.queryString());
                sent.forEach(ctx::send);
            }));
        });
        venue.start("127.0.0.1", 0);
        LocalKafkaBroker broker = TestBroker.get();
        BusUrl bus = broker.bus("ingest-bus-test");
        String url = "kafka://" + bus.bootstrapServers() + "/" + bus.topic();
        Run r;
        try {
            r = run("ingest", "--bus", url, "--exchanges", "binance-usdm", "--symbols", "BTC", "--no-oi-poll", "--duration", "4s",
                    "--url", "binance-usdm=ws://127.0.0.1:" + venue.port());
        } finally {
            venue.stop();
        }
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(connects).hasSize(1);
        assertThat(connects.get(0)).startsWith("streams=!forceOrder@arr");
        assertThat(r.out()).contains("binance-usdm: connected", "-> bus " + url, "published " + n + " frames to " + url + " (all acknowledged)")
                .doesNotContain("stored ");

        // Read the whole topic back with a fresh group, to its end: extras would show (everything was acknowledged).
        List<RecordedFrame> got = new ArrayList<>();
        try (KafkaFrameSource source = new KafkaFrameSource(bus, "verify-ingest")) {
            do {
                got.addAll(source.poll(200));
            } while (got.size() < n || !source.caughtUp());
            assertThat(source.undecodable()).isZero();
        }
        assertThat(got).hasSize(n);
        assertThat(got).allMatch(f -> f.source().equals("binance-usdm") && f.receiveTs() > 0);
        List<String> texts = got.stream().map(RecordedFrame::frame).toList();
        assertThat(new HashSet<>(texts)).hasSize(n);
        assertThat(texts).containsExactlyInAnyOrderElementsOf(sent);
        // Per key (feed|SYMBOL) the frames are in the order the venue sent them.
        assertThat(byKey(got)).isEqualTo(byKey(sent.stream().map(t -> new RecordedFrame(0, "binance-usdm", t)).toList()));

        // And they are frames the consumers can use: one event each, none rejected.
        List<MarketEvent> events = new ArrayList<>();
        Pipeline p = new Pipeline(Instruments.withDefaults(), events::add, (s, f, why) -> {
            throw new AssertionError(why + ": " + f);
        });
        got.forEach(p::accept);
        assertThat(events).hasSize(n);
    }

    private static Map<String, List<String>> byKey(List<RecordedFrame> frames) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (RecordedFrame f : frames) {
            out.computeIfAbsent(PartitionKeys.of(f), k -> new ArrayList<>()).add(f.frame());
        }
        return new java.util.TreeMap<>(out);
    }

    private static synchronized Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            CommandLine cl = ScaleoutCli.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute(args);
            return new Run(exit, buf.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }
}
