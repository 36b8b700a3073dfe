package dev.cascade.ingest;

import dev.cascade.core.record.RecordedFrame;
import dev.cascade.feed.FrameQueue;
import dev.cascade.replay.RecordedFeedWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayFileSourceTest {
    @Test
    void speedsParseAndBadOnesAreRefused() {
        assertThat(ReplayFileSource.parseSpeed("10x")).isEqualTo(10.0);
        assertThat(ReplayFileSource.parseSpeed("0.5X")).isEqualTo(0.5);
        assertThat(ReplayFileSource.parseSpeed("3")).isEqualTo(3.0);
        assertThat(ReplayFileSource.parseSpeed("max")).isEqualTo(0.0);
        for (String bad : new String[]{"fast", "0x", "-2x", "1e9x", "NaN"}) {
            assertThatThrownBy(() -> ReplayFileSource.parseSpeed(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("speed");
        }
    }

    @Test
    void framesArriveInOrderAndLongSilencesAreShortened(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("frames.jsonl");
        try (RecordedFeedWriter w = new RecordedFeedWriter(file)) {
            w.write(new RecordedFrame(1_000, "binance-usdm", "a"));
            w.write(new RecordedFrame(1_010, "binance-usdm", "b"));
            w.write(new RecordedFrame(1_000 + 3_600_000, "bybit-linear", "c")); // an hour of silence
        }
        FrameQueue queue = FrameQueue.standard();
        ReplayFileSource r = ReplayFileSource.paced(List.of(file), 1, 100);
        r.start(queue);
        Thread t = new Thread(() -> {
            try {
                r.awaitFinished();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(60));
        r.close();
        assertThat(r.finished()).as("an hour at 1x finished because the silence was cut to 100 ms").isTrue();
        List<String> got = new ArrayList<>();
        for (FrameQueue.Item it : queue.drain(10, 1)) {
            FrameQueue.FrameItem f = (FrameQueue.FrameItem) it;
            assertThat(f.history()).isFalse();
            got.add(f.frame().source() + ":" + f.frame().frame() + "@" + f.frame().receiveTs());
        }
        assertThat(got).containsExactly("binance-usdm:a@1000", "binance-usdm:b@1010", "bybit-linear:c@3601000");
        SourceStatus st = r.status().get(0);
        assertThat(st.detail()).contains("shortened");
        assertThat(st.frames()).isEqualTo(3);
        assertThat(st.state()).isEqualTo("finished");
    }
}
