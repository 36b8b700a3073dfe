package dev.cascade.replay;

import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.record.RecordedFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayerTest {
    @TempDir
    Path dir;

    /** A receive and exchange time in 2025: events dated before 2009 are rejected. */
    static final long T0 = 1_760_130_900_000L;

    static String forceOrder(long t, String z) {
        return "{\"e\":\"forceOrder\",\"E\":" + t + ",\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"q\":\"" + z + "\",\"p\":\"100\",\"ap\":\"100\",\"z\":\"" + z + "\",\"T\":" + t + "}}";
    }

    private Path write(String name, int frames) throws Exception {
        Path f = dir.resolve(name);
        try (RecordedFeedWriter w = new RecordedFeedWriter(f)) {
            for (int i = 0; i < frames; i++) {
                w.write(new RecordedFrame(T0 + i, "binance-usdm", forceOrder(T0 + i, "0.5")));
            }
        }
        return f;
    }

    @Test
    void replaysPlainAndGzipFiles() throws Exception {
        List<MarketEvent> events = new ArrayList<>();
        Replayer.Result r = new Replayer(Instruments.withDefaults()).replay(List.of(write("a.jsonl", 10), write("b.jsonl.gz", 20)), events::add, (d, t) -> { });
        assertThat(events).hasSize(30);
        assertThat(r.frames()).isEqualTo(30);
        assertThat(r.files()).allSatisfy(f -> assertThat(f.complete()).isTrue());
    }

    @Test
    void truncatedGzipKeepsEveryCompleteLineAndSaysSo() throws Exception {
        Path full = write("full.jsonl.gz", 5000);
        byte[] bytes = Files.readAllBytes(full);
        Path cut = dir.resolve("cut.jsonl.gz");
        try (OutputStream o = Files.newOutputStream(cut)) {
            o.write(bytes, 0, bytes.length * 2 / 3);
        }
        List<MarketEvent> events = new ArrayList<>();
        Replayer.Result r = new Replayer(Instruments.withDefaults()).replay(List.of(cut), events::add, (d, t) -> { });
        assertThat(events.size()).isBetween(1000, 4999);
        Replayer.FileResult f = r.files().get(0);
        assertThat(f.complete()).isFalse();
        assertThat(f.truncation()).contains("ends early");
        assertThat(r.rejectedFrames()).isLessThanOrEqualTo(1); // at most the half line at the cut
    }

    @Test
    void badLinesMalformedFramesAndUnknownFeedsAreCountedWhileTheRestIsIngested() throws Exception {
        Path f = dir.resolve("mixed.jsonl");
        Files.writeString(f, String.join("\n",
                "{\"t\":" + T0 + ",\"src\":\"binance-usdm\",\"frame\":" + quote(forceOrder(T0, "1")) + "}",
                "this is not json",
                "{\"t\":2,\"src\":\"binance-usdm\",\"frame\":\"{\\\"e\\\":\\\"forceOrder\\\",\\\"o\\\":{\"}",
                "{\"t\":3,\"src\":\"kraken\",\"frame\":\"{}\"}",
                "",
                "{\"t\":" + (T0 + 4) + ",\"src\":\"binance-usdm\",\"frame\":" + quote(forceOrder(T0 + 4, "2")) + "}"));
        List<MarketEvent> events = new ArrayList<>();
        Replayer.Result r = new Replayer(Instruments.withDefaults()).replay(List.of(f, dir.resolve("missing.jsonl")), events::add, (d, t) -> { });
        assertThat(events).hasSize(2);
        assertThat(r.badLines()).isEqualTo(1);
        assertThat(r.rejectedFrames()).isEqualTo(2);
        assertThat(r.feeds().get("kraken").lastError()).contains("unknown source 'kraken'");
        assertThat(r.files().get(1).openError()).contains("no such file");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
