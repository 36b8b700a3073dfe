package dev.cascade.core.venue;

import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;

import java.util.ArrayList;
import java.util.List;

/** Test helper: frames of one feed through a Pipeline (guard and counts included), events and rejections kept. */
final class Run {
    /** A receive time in October 2025, a day after every example's exchange time at most. */
    static final long RECEIVED = 1_760_130_900_000L;

    final List<MarketEvent> events = new ArrayList<>();
    final List<String> rejects = new ArrayList<>();
    final Pipeline pipeline;
    final String source;

    Run(String source, Instruments instruments) {
        this.source = source;
        this.pipeline = new Pipeline(instruments, events::add, (s, f, reason) -> rejects.add(reason));
    }

    Run(String source) {
        this(source, Instruments.withDefaults());
    }

    Run send(String... frames) {
        for (String f : frames) {
            pipeline.accept(source, f, RECEIVED);
        }
        return this;
    }

    List<Liquidation> liquidations() {
        return events.stream().filter(Liquidation.class::isInstance).map(Liquidation.class::cast).toList();
    }

    List<OpenInterest> openInterest() {
        return events.stream().filter(OpenInterest.class::isInstance).map(OpenInterest.class::cast).toList();
    }

    Liquidation onlyLiquidation() {
        if (liquidations().size() != 1) {
            throw new AssertionError("expected one liquidation, got " + events + " rejects " + rejects);
        }
        return liquidations().get(0);
    }

    OpenInterest lastOpenInterest() {
        List<OpenInterest> oi = openInterest();
        if (oi.isEmpty()) {
            throw new AssertionError("no open interest in " + events + " rejects " + rejects);
        }
        return oi.get(oi.size() - 1);
    }
}
