package dev.cascade.core.normalize;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.QuantityUnit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The two tries of an in-place path: the walk starts from the frame's start, and only a clean read emits. */
class InPlaceFramesTest {
    private static Liquidation liq(String key) {
        return new Liquidation("s", Exchange.BYBIT, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP", PositionSide.LONG, 1, 1, 1, 1,
                QuantityUnit.BASE, PriceKind.BANKRUPTCY, "Buy", 1, 1, Completeness.COMPLETE, key);
    }

    /** A template that reads part of the frame, adds an event, then finds the frame is another layout. */
    private static final InPlaceFrames.Layout HALF_TEMPLATE = (c, frame, receiveTs, into) -> {
        c.literal("{\"a\":");
        into.add(liq("from the template"));
        c.literal("1}");
        return true;
    };

    /** A walk that reads every field from the start of the frame, one event per field. */
    private static final InPlaceFrames.Layout WALK = (c, frame, receiveTs, into) -> {
        c.beginObject();
        while (c.nextField()) {
            into.add(liq(frame.substring(c.from, c.to)));
            c.skipValue();
        }
        c.endOfInput();
        return true;
    };

    @Test
    void theWalkReadsFromTheStartAndOnlyItsEventsAreEmitted() {
        InPlaceFrames paths = new InPlaceFrames(HALF_TEMPLATE, WALK);
        List<MarketEvent> out = new ArrayList<>();
        assertThat(paths.read("{\"a\":2,\"b\":3}", 1, out::add)).isTrue();
        assertThat(out).extracting(e -> ((Liquidation) e).eventKey()).containsExactly("a", "b");
        assertThat(paths.frames()).isEqualTo(1);

        out.clear();
        assertThat(paths.read("{\"a\":1}", 1, out::add)).isTrue();
        assertThat(out).extracting(e -> ((Liquidation) e).eventKey()).containsExactly("from the template");
        assertThat(paths.frames()).isEqualTo(2);
    }

    @Test
    void aFrameNeitherTryReadsEmitsNothing() {
        InPlaceFrames paths = new InPlaceFrames(HALF_TEMPLATE, WALK);
        List<MarketEvent> out = new ArrayList<>();
        assertThat(paths.read("{\"a\":2,\"b\":", 1, out::add)).isFalse();
        assertThat(paths.read("{\"a\":2} x", 1, out::add)).isFalse();
        InPlaceFrames refusing = new InPlaceFrames(HALF_TEMPLATE, (c, frame, receiveTs, into) -> {
            into.add(liq("half"));
            return false;
        });
        assertThat(refusing.read("{\"b\":1}", 1, out::add)).isFalse();
        InPlaceFrames rejecting = new InPlaceFrames((c, frame, receiveTs, into) -> {
            into.add(liq("half"));
            throw new MalformedFrameException("no rule for this symbol");
        }, WALK);
        assertThat(rejecting.read("{\"b\":1}", 1, out::add)).isFalse();
        assertThat(out).isEmpty();
        assertThat(paths.frames() + refusing.frames() + rejecting.frames()).isZero();
    }
}
