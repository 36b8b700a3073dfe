package dev.cascade.replay;

import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RejectionTallyTest {
    /**
     * The reasons a normalizer gives put the frame's own value after ": ", so a hostile stream sending a different bad
     * value each time adds counts to one kind; it cannot fill the table and push later kinds into "other reasons".
     */
    @Test
    void differentBadValuesOfOneFieldAreOneKind() {
        RejectionTally tally = new RejectionTally();
        Pipeline p = new Pipeline(Instruments.withDefaults(), e -> { }, (source, frame, reason) -> tally.count(source, reason));
        for (int i = 0; i < 3 * RejectionTally.MAX_REASONS; i++) {
            p.accept("bitmex", "{\"table\":\"liquidation\",\"action\":\"insert\",\"data\":[{\"orderID\":\"o" + i
                    + "\",\"symbol\":\"XBTUSD\",\"side\":\"Sell\",\"price\":30000,\"leavesQty\":100}]}", 1_621_429_200_000L);
            p.accept("bitmex", "{\"table\":\"instrument\",\"action\":\"update\",\"data\":[{\"symbol\":\"XBTUSD\",\"markPrice\":31000,"
                    + "\"timestamp\":\"2021-05-19T13:" + i + "\"}]}", 1_621_429_200_000L);
            p.accept("bitmex", "{\"table\":\"liquidation\",\"action\":\"insert\",\"data\":[{\"orderID\":\"x" + i
                    + "\",\"symbol\":\"XBTUSD\",\"side\":\"Side" + i + "\",\"price\":30000,\"leavesQty\":100}]}", 1_621_429_200_000L);
        }
        Map<String, Long> kinds = tally.byFeed().get("bitmex");
        assertThat(kinds).doesNotContainKey("other reasons").containsEntry("bad BitMEX timestamp", 3L * RejectionTally.MAX_REASONS)
                .containsEntry("unknown BitMEX side", 3L * RejectionTally.MAX_REASONS);
    }
}
