package dev.cascade.core.normalize;

import dev.cascade.core.model.FeedGap;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.record.RecordedFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FeedGapFramesTest {
    private static List<MarketEvent> normalize(RecordedFrame f) {
        List<MarketEvent> out = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        new Pipeline(Instruments.withDefaults(), out::add, (s, frame, why) -> rejected.add(why)).accept(f);
        out.addAll(rejected.stream().map(r -> (MarketEvent) new FeedGap("rejected", 0, 0, r)).toList());
        return out;
    }

    @Test
    void aGapTravelsAsAFrameAndComesBackAsTheSameGapThroughThePipeline() {
        FeedGap gap = new FeedGap("binance-usdm", 1_760_130_900_123L, 1_760_130_960_000L, "disconnected: \"reset\" \\ by peer\n\u00e9");
        RecordedFrame f = FeedGapFrames.encode(gap);
        assertThat(f.source()).isEqualTo(FeedGapFrames.SOURCE);
        assertThat(f.receiveTs()).isEqualTo(gap.toTs());
        assertThat(normalize(f)).containsExactly(gap);
    }

    @Test
    void hostileGapFramesAreRejectedWithAReason() {
        String[] bad = {"not json", "[]", "{\"source\":\"x\",\"from\":5,\"to\":4,\"reason\":\"r\"}",
                "{\"source\":\"\",\"from\":1,\"to\":2,\"reason\":\"r\"}", "{\"source\":\"x\",\"from\":-1,\"to\":2,\"reason\":\"r\"}",
                "{\"source\":\"" + "s".repeat(65) + "\",\"from\":1,\"to\":2,\"reason\":\"r\"}",
                "{\"source\":\"x\",\"from\":1,\"to\":2,\"reason\":\"" + "r".repeat(513) + "\"}",
                "{\"source\":\"cascade-gap\",\"from\":1,\"to\":2,\"reason\":\"r\"}", "{\"source\":\"x\",\"from\":1,\"reason\":\"r\"}"};
        for (String text : bad) {
            List<MarketEvent> out = normalize(new RecordedFrame(1, FeedGapFrames.SOURCE, text));
            assertThat(out).as(text).hasSize(1);
            assertThat(((FeedGap) out.get(0)).source()).as(text).isEqualTo("rejected");
        }
        // The edges that are still valid: an empty interval, a gap from time 0, the longest feed id and reason.
        for (FeedGap edge : new FeedGap[] {new FeedGap("okx", 7, 7, "r"), new FeedGap("okx", 0, 7, ""),
                new FeedGap("s".repeat(64), 1, 2, "r".repeat(FeedGapFrames.MAX_REASON))}) {
            assertThat(normalize(FeedGapFrames.encode(edge))).containsExactly(edge);
        }
        assertThat(new FeedGapFrames().source()).isEqualTo(FeedGapFrames.SOURCE);
        // A long reason is cut on the way out, so every encoded gap decodes.
        FeedGap longReason = new FeedGap("okx", 1, 2, "x".repeat(2_000));
        assertThat(((FeedGap) normalize(FeedGapFrames.encode(longReason)).get(0)).reason()).hasSize(FeedGapFrames.MAX_REASON);
    }
}
