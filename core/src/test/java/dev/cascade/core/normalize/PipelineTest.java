package dev.cascade.core.normalize;

import dev.cascade.core.model.MarketEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineTest {
    private static final long T = 1_760_130_900_000L;
    private static final String GOOD = "{\"e\":\"forceOrder\",\"E\":1,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"q\":\"1\",\"p\":\"1\",\"ap\":\"100\",\"z\":\"1\",\"T\":" + T + "}}";

    @Test
    void badFramesAndUnknownFeedsAreCountedAndTheRestFlows() {
        List<MarketEvent> events = new ArrayList<>();
        List<String> rejects = new ArrayList<>();
        Pipeline p = new Pipeline(Instruments.withDefaults(), events::add, (src, frame, reason) -> rejects.add(src + ": " + reason));
        p.accept("binance-usdm", GOOD, T);
        p.accept("binance-usdm", "{\"e\":\"forceOrder\",\"E\":1,\"o\":{\"s\":\"BTC", T); // truncated
        p.accept("binance-usdm", "not json", T);
        p.accept("kraken", GOOD, T);
        p.accept("binance-usdm", GOOD.replace("\"T\":" + T, "\"T\":" + (T + 1)), T);
        assertThat(events).hasSize(2);
        assertThat(rejects).hasSize(3);
        assertThat(rejects.get(2)).startsWith("kraken: unknown source 'kraken'");
        Pipeline.FeedCounts binance = p.counts().get("binance-usdm");
        assertThat(binance.frames()).isEqualTo(4);
        assertThat(binance.events()).isEqualTo(2);
        assertThat(binance.malformed()).isEqualTo(2);
        assertThat(p.counts().get("kraken").malformed()).isEqualTo(1);
    }

    /** However many kinds of reason a feed's frames bring, one feed keeps at most 64 counters and an "other". */
    @Test
    void reasonsPerFeedAreBounded() {
        Instruments catalog = Instruments.withDefaults();
        Pipeline p = new Pipeline(catalog, e -> { }, (src, frame, reason) -> { });
        assertThat(p.instruments()).isSameAs(catalog);
        // A gap frame's refusal quotes the feed id it got: each of these is a kind of its own.
        int kinds = Pipeline.Counts.MAX_REASONS + 10;
        for (int i = 0; i < kinds; i++) {
            String source = String.format("%03d", i) + "x".repeat(70);
            p.accept(FeedGapFrames.SOURCE, "{\"source\":\"" + source + "\",\"from\":1,\"to\":2,\"reason\":\"r\"}", T);
        }
        Pipeline.FeedCounts c = p.counts().get(FeedGapFrames.SOURCE);
        assertThat(c.malformed()).isEqualTo(kinds);
        assertThat(c.lastError()).startsWith("gap frame needs a feed id").contains(String.format("%03d", kinds - 1));
        assertThat(c.reasons()).hasSize(Pipeline.Counts.MAX_REASONS + 1);
        assertThat(c.reasons()).containsEntry("other", 10L);
        assertThat(c.reasons().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(kinds);
    }

    @Test
    void aReasonsKindEndsAtItsFirstColonOr80Chars() {
        assertThat(Pipeline.reasonKey("bad number in 'z': -x")).isEqualTo("bad number in 'z'");
        assertThat(Pipeline.reasonKey(": starts with a colon")).isEmpty();
        assertThat(Pipeline.reasonKey("r".repeat(100))).hasSize(80);
        assertThat(Pipeline.reasonKey("no colon")).isEqualTo("no colon");
    }

    @Test
    void anOddFrameThatBreaksTheArithmeticIsRejectedNotThrown() {
        List<String> rejects = new ArrayList<>();
        List<MarketEvent> events = new ArrayList<>();
        Pipeline p = new Pipeline(Instruments.withDefaults(), events::add, (src, frame, reason) -> rejects.add(reason));
        p.accept("binance-usdm", GOOD.replace("\"z\":\"1\"", "\"z\":\"99999999999999999999999\""), T);
        p.accept("binance-usdm", GOOD, T);
        assertThat(rejects).hasSize(1);
        assertThat(events).hasSize(1);
    }

    @Test
    void aFailingSinkIsNotBadInputAndReachesTheCaller() {
        List<String> rejects = new ArrayList<>();
        Pipeline p = new Pipeline(Instruments.withDefaults(), e -> {
            throw new IllegalStateException("disk full");
        }, (src, frame, reason) -> rejects.add(reason));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.accept("binance-usdm", GOOD, T))
                .isInstanceOf(IllegalStateException.class).hasMessage("disk full");
        assertThat(rejects).isEmpty();
        assertThat(p.counts().get("binance-usdm").malformed()).isZero();
    }
}
