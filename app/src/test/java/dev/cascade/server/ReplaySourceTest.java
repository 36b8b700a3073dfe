package dev.cascade.server;

import dev.cascade.core.record.RecordedFrame;
import dev.cascade.replay.RecordedFeedWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplaySourceTest {
    @Test
    void speedsParseAndBadOnesAreRefused() {
        assertThat(ReplaySource.parseSpeed("10x")).isEqualTo(10.0);
        assertThat(ReplaySource.parseSpeed("0.5X")).isEqualTo(0.5);
        assertThat(ReplaySource.parseSpeed("3")).isEqualTo(3.0);
        assertThat(ReplaySource.parseSpeed("max")).isEqualTo(0.0);
        for (String bad : new String[]{"fast", "0x", "-2x", "1e9x", "NaN"}) {
            assertThatThrownBy(() -> ReplaySource.parseSpeed(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
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
        List<String> got = new ArrayList<>();
        ReplaySource r = new ReplaySource(List.of(file), 1, 100);
        r.start((src, frame, t) -> {
            synchronized (got) {
                got.add(src + ":" + frame + "@" + t);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!r.finished() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        r.close();
        assertThat(r.finished()).as("an hour at 1x finished because the silence was cut to 100 ms").isTrue();
        assertThat(got).containsExactly("binance-usdm:a@1000", "binance-usdm:b@1010", "bybit-linear:c@3601000");
        assertThat(r.status().detail()).contains("shortened");
        assertThat(r.status().frames()).isEqualTo(3);
    }
}
