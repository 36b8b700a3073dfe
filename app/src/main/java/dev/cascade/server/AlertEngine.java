package dev.cascade.server;

import dev.cascade.core.port.AlertRuleRepository;
import dev.cascade.core.alert.AlertRule;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.SourceClass;
import dev.cascade.core.money.Fixed;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Evaluates alert rules on the live event stream (the ingest thread calls {@link #onEvent}; rules change from HTTP
 * threads). Each rule keeps a sliding window over market time; after firing it stays quiet for one window so a long
 * flush gives one alert, not hundreds. Venue, synthetic and aggregate liquidations are windowed apart (see
 * {@link SourceClass}); open interest is followed per exchange and instrument.
 */
public final class AlertEngine {
    static final int CASCADE_MIN_COUNT = 5;
    static final long CASCADE_MIN_SIDE_PPM = 750_000;
    private static final int RECENT = 200;

    private final AlertRuleRepository repository;
    private final Consumer<Alert> sink;
    private final LongSupplier wallMs;
    private final CopyOnWriteArrayList<RuleState> rules = new CopyOnWriteArrayList<>();
    private final Deque<Alert> recent = new ArrayDeque<>();

    public AlertEngine(AlertRuleRepository repository, Consumer<Alert> sink, LongSupplier wallMs) {
        this.repository = repository;
        this.sink = sink;
        this.wallMs = wallMs;
        for (AlertRule r : repository.list()) {
            rules.add(new RuleState(r));
        }
    }

    public AlertRule create(AlertRule.Kind kind, String coin, long thresholdUsdE6, int windowMinutes, long oiDropPpm, String webhookUrl) {
        AlertRule r = new AlertRule(UUID.randomUUID().toString(), kind, coin, thresholdUsdE6, windowMinutes, oiDropPpm,
                webhookUrl, wallMs.getAsLong());
        repository.add(r);
        rules.add(new RuleState(r));
        return r;
    }

    public boolean delete(String id) {
        rules.removeIf(s -> s.rule.id().equals(id));
        return repository.delete(id);
    }

    public List<AlertRule> rules() {
        return rules.stream().map(s -> s.rule).toList();
    }

    public List<Alert> recent() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    public void onEvent(MarketEvent e) {
        if (rules.isEmpty()) {
            return;
        }
        if (e instanceof Liquidation l) {
            for (RuleState s : rules) {
                if (s.rule.kind() != AlertRule.Kind.OI_DROP && s.rule.matchesCoin(l.symbol())) {
                    s.onLiquidation(l);
                }
            }
        } else if (e instanceof OpenInterest o) {
            for (RuleState s : rules) {
                if (s.rule.kind() == AlertRule.Kind.OI_DROP && s.rule.matchesCoin(o.symbol())) {
                    s.onOpenInterest(o);
                }
            }
        }
    }

    private void fire(AlertRule rule, long ts, String message, long valueUsdE6) {
        Alert a = new Alert(rule.id(), rule.kind(), ts, message, valueUsdE6, wallMs.getAsLong());
        synchronized (recent) {
            recent.addFirst(a);
            while (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
        sink.accept(a);
    }

    /**
     * One rule's state. Liquidations are windowed per source class (an aggregator's bucket already sums venue orders,
     * so venue, synthetic and aggregate flows are never added into one figure); open interest per exchange and
     * instrument (one feed id can carry several exchanges, e.g. a synthetic feed of three venues, and one instrument's
     * drop must not be measured against another's peak).
     */
    private final class RuleState {
        final AlertRule rule;
        final long windowMs;
        final Map<SourceClass, LiquidationWindow> liqs = new EnumMap<>(SourceClass.class);
        final Map<String, Deque<long[]>> oi = new HashMap<>(); // per exchange|symbol: {ts, oiUsdE6}
        final Map<String, Long> oiQuietUntil = new HashMap<>();

        RuleState(AlertRule rule) {
            this.rule = rule;
            this.windowMs = rule.windowMinutes() * 60_000L;
        }

        synchronized void onLiquidation(Liquidation l) {
            SourceClass cls = SourceClass.of(l.source(), l.completeness());
            LiquidationWindow w = liqs.computeIfAbsent(cls, c -> new LiquidationWindow());
            long ts = l.ts();
            w.add(ts, l.notionalUsd(), l.side() == PositionSide.LONG, windowMs);
            if (ts < w.quietUntil || w.sum < rule.thresholdUsdE6()) {
                return;
            }
            String what = (rule.coin() == null ? "" : rule.coin() + " ") + "liquidations " + usd(w.sum) + " in "
                    + rule.windowMinutes() + " min";
            if (rule.kind() == AlertRule.Kind.CASCADE) {
                long major = Math.max(w.longSum, w.sum - w.longSum);
                long ppm = w.sum == 0 ? 0 : Fixed.divScaled(major, 6, w.sum); // the same share as SideTotals.longSharePpm
                if (w.events.size() < CASCADE_MIN_COUNT || ppm < CASCADE_MIN_SIDE_PPM) {
                    return;
                }
                what = "cascade: " + what + ", " + ppm / 10_000 + "% " + (w.longSum * 2 >= w.sum ? "longs" : "shorts")
                        + " (" + w.events.size() + " liquidations)";
            } else {
                what += " (threshold " + usd(rule.thresholdUsdE6()) + ")";
            }
            w.quietUntil = ts + windowMs;
            fire(rule, ts, cls == SourceClass.VENUE ? what : cls.label() + ": " + what, w.sum);
        }

        synchronized void onOpenInterest(OpenInterest o) {
            String key = o.exchange().name() + '|' + o.symbol();
            Deque<long[]> q = oi.computeIfAbsent(key, k -> new ArrayDeque<>());
            long ts = o.ts();
            q.addLast(new long[]{ts, o.oiUsd()});
            while (!q.isEmpty() && q.peekFirst()[0] <= ts - windowMs) {
                q.removeFirst();
            }
            long peak = 0;
            for (long[] s : q) {
                peak = Math.max(peak, s[1]);
            }
            if (peak <= 0 || ts < oiQuietUntil.getOrDefault(key, Long.MIN_VALUE)) {
                return;
            }
            long drop = peak - o.oiUsd();
            long ppm = Fixed.divScaled(drop, 6, peak); // drop / peak as Drawdown.dropPpm defines it
            if (ppm >= rule.oiDropPpm()) {
                oiQuietUntil.put(key, ts + windowMs);
                String synthetic = SourceClass.isSyntheticSource(o.source()) ? SourceClass.SYNTHETIC.label() + ": " : "";
                fire(rule, ts, synthetic + o.symbol() + " open interest on " + o.exchange().name().toLowerCase(java.util.Locale.ROOT)
                        + " (" + o.source() + ") fell " + ppm / 10_000 + "." + String.format("%02d", ppm % 10_000 / 100) + "% ("
                        + usd(drop) + ") within " + rule.windowMinutes() + " min", drop);
            }
        }
    }

    /** Liquidations of one source class within a rule's window. */
    private static final class LiquidationWindow {
        final Deque<long[]> events = new ArrayDeque<>(); // {ts, usdE6, isLong}
        long sum;
        long longSum;
        long quietUntil = Long.MIN_VALUE;

        void add(long ts, long usd, boolean isLong, long windowMs) {
            events.addLast(new long[]{ts, usd, isLong ? 1 : 0});
            sum += usd;
            longSum += isLong ? usd : 0;
            while (!events.isEmpty() && events.peekFirst()[0] <= ts - windowMs) {
                long[] old = events.removeFirst();
                sum -= old[1];
                longSum -= old[2] == 1 ? old[1] : 0;
            }
        }
    }

    static String usd(long e6) {
        return "$" + Fixed.toBigDecimal(e6, Fixed.E6).setScale(0, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
