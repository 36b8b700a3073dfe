package dev.cascade.core.analytics;

import dev.cascade.core.model.Completeness;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * ESTIMATES the true liquidation total of sources that publish only part of their flow (Binance: one order per symbol
 * per second; OKX: "not the total"), from sources that publish all of it (Bybit allLiquidation, Deribit).
 *
 * <p>The idea: in one window, every venue's longs are squeezed by the same price move, so a complete venue's
 * liquidations per dollar of open interest destroyed (or per dollar of open interest held) carry over to the others.
 * <ol>
 *   <li><b>oi-drop ratio</b> (preferred): r = sum(observed liquidations of complete sources) / sum(OI drop of complete
 *       sources); estimate = r x the source's own OI drop. Used when both sides have an OI drop above zero.</li>
 *   <li><b>oi share</b>: f = sum(observed liquidations of complete sources) / sum(OI of complete sources) at the
 *       window start; estimate = f x the source's OI. Used when OI drops are missing or zero.</li>
 *   <li>otherwise no estimate: the observed total stays a lower bound.</li>
 * </ol>
 * An estimate is never below what was observed. Everything here is labelled an estimate; the observed sum stays the
 * only fact. All amounts are USD e6 (exact integer arithmetic, rounded half up).
 */
public final class CompletenessEstimator {
    private CompletenessEstimator() {
    }

    /**
     * One source's figures for one window.
     *
     * @param observedUsd       sum of liquidation notionals the source published, USD e6
     * @param openInterestUsd   its open interest at the window start, USD e6 (0 = unknown)
     * @param openInterestDropUsd how much its open interest fell over the window, USD e6 (0 = unknown or no fall)
     */
    public record SourceTotal(String source, Completeness completeness, long observedUsd, long openInterestUsd,
                              long openInterestDropUsd) {
    }

    /** How a figure was obtained. */
    public enum Method { OBSERVED_COMPLETE, OI_DROP_RATIO, OI_SHARE, NO_ESTIMATE }

    /**
     * @param estimatedUsd best guess of the true total, USD e6 (= observed for complete sources and NO_ESTIMATE)
     * @param isEstimate   true when estimatedUsd is not a published figure
     * @param label        a human-readable label saying what this is
     */
    public record Estimate(String source, Completeness completeness, long observedUsd, long estimatedUsd, Method method,
                           boolean isEstimate, String label) {
    }

    public static List<Estimate> estimate(List<SourceTotal> sources) {
        long completeObserved = 0;
        long completeDrop = 0;
        long completeOi = 0;
        boolean anyComplete = false;
        for (SourceTotal s : sources) {
            if (s.completeness() == Completeness.COMPLETE) {
                anyComplete = true;
                completeObserved = Math.addExact(completeObserved, s.observedUsd());
                completeDrop = Math.addExact(completeDrop, Math.max(0, s.openInterestDropUsd()));
                completeOi = Math.addExact(completeOi, Math.max(0, s.openInterestUsd()));
            }
        }
        List<Estimate> out = new ArrayList<>(sources.size());
        for (SourceTotal s : sources) {
            if (!s.completeness().isLowerBound()) {
                out.add(new Estimate(s.source(), s.completeness(), s.observedUsd(), s.observedUsd(),
                        s.completeness() == Completeness.COMPLETE ? Method.OBSERVED_COMPLETE : Method.NO_ESTIMATE, false,
                        "observed (" + s.completeness() + ")"));
                continue;
            }
            if (anyComplete && completeDrop > 0 && s.openInterestDropUsd() > 0) {
                long est = Math.max(s.observedUsd(), scale(completeObserved, s.openInterestDropUsd(), completeDrop));
                out.add(new Estimate(s.source(), s.completeness(), s.observedUsd(), est, Method.OI_DROP_RATIO, true,
                        "ESTIMATE from complete sources' liquidations per USD of OI drop"));
            } else if (anyComplete && completeOi > 0 && s.openInterestUsd() > 0) {
                long est = Math.max(s.observedUsd(), scale(completeObserved, s.openInterestUsd(), completeOi));
                out.add(new Estimate(s.source(), s.completeness(), s.observedUsd(), est, Method.OI_SHARE, true,
                        "ESTIMATE from complete sources' liquidations per USD of OI held"));
            } else {
                out.add(new Estimate(s.source(), s.completeness(), s.observedUsd(), s.observedUsd(), Method.NO_ESTIMATE,
                        false, anyComplete ? "observed, a lower bound (no open interest figures to scale the complete sources' rate by)"
                        : "observed, a lower bound (no complete source in the window to estimate from)"));
            }
        }
        return out;
    }

    /** round(a * b / c), half up, exact. */
    static long scale(long a, long b, long c) {
        return new java.math.BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)))
                .divide(java.math.BigDecimal.valueOf(c), 0, RoundingMode.HALF_UP).longValueExact();
    }
}
