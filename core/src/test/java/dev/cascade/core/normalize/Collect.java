package dev.cascade.core.normalize;

import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketEvent;

import java.util.ArrayList;
import java.util.List;

/** Test helper: runs a normalizer over frames and collects what it emits. */
public final class Collect {
    private Collect() {
    }

    public static List<MarketEvent> all(Normalizer n, String... frames) throws MalformedFrameException {
        List<MarketEvent> out = new ArrayList<>();
        for (String f : frames) {
            n.normalize(f, 1_700_000_000_000L, out::add);
        }
        return out;
    }

    public static Liquidation onlyLiquidation(Normalizer n, String frame) throws MalformedFrameException {
        List<MarketEvent> events = all(n, frame);
        if (events.size() != 1 || !(events.get(0) instanceof Liquidation l)) {
            throw new AssertionError("expected exactly one liquidation, got " + events);
        }
        return l;
    }
}
