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
