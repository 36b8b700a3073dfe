package dev.cascade.core.sim.engine;

/**
 * An exogenous event fed to the cascade.
 *
 * <ul>
 *   <li>{@code PRICE_GAP}: index, last price and maker quotes jump by {@code pct} percent (negative = down) at once;</li>
 *   <li>{@code SPOT_TREND}: the spot index drifts by {@code pct} percent in total, spread over {@code overSteps};</li>
 *   <li>{@code MARKET_SELL}: an outside trader sells {@code usd} (USD e6; negative = buys) with market orders
 *       spread over {@code overSteps};</li>
 *   <li>{@code FUNDING}: a funding settlement at {@code fundingRateE12} (positive: longs pay shorts);</li>
 *   <li>{@code SPOT_PATH}: the spot index IS {@code path[k]} (e8) at step {@code atStep + k}: a real price path
 *       (one value per step, resampled by the loader) drives the run.</li>
 * </ul>
 */
public record Shock(Kind kind, int atStep, double pct, long usd, int overSteps, long fundingRateE12, long[] path) {
    public enum Kind { PRICE_GAP, SPOT_TREND, MARKET_SELL, FUNDING, SPOT_PATH }

    public Shock(Kind kind, int atStep, double pct, long usd, int overSteps, long fundingRateE12) {
        this(kind, atStep, pct, usd, overSteps, fundingRateE12, null);
    }

    public Shock {
        if (kind == null || atStep < 0 || overSteps < 1) {
            throw new IllegalArgumentException("shock needs a kind, atStep >= 0 and overSteps >= 1");
        }
        if (kind == Kind.SPOT_PATH) {
            if (path == null || path.length != overSteps) {
                throw new IllegalArgumentException("a spot path needs one price per step (" + overSteps + ")");
            }
            for (long p : path) {
                if (p <= 0) {
                    throw new IllegalArgumentException("spot path prices must be positive");
                }
            }
            path = path.clone();
        }
        if ((kind == Kind.PRICE_GAP || kind == Kind.SPOT_TREND) && !(pct > -100 && pct < 1000)) {
            throw new IllegalArgumentException("price shock pct must be in (-100, 1000): " + pct);
        }
    }

    public static Shock gap(double pct) {
        return new Shock(Kind.PRICE_GAP, 0, pct, 0, 1, 0);
    }

    public static Shock spotTrend(int atStep, double pct, int overSteps) {
        return new Shock(Kind.SPOT_TREND, atStep, pct, 0, overSteps, 0);
    }

    public static Shock marketSell(int atStep, long usd, int overSteps) {
        return new Shock(Kind.MARKET_SELL, atStep, 0, usd, overSteps, 0);
    }

    public static Shock funding(int atStep, long rateE12) {
        return new Shock(Kind.FUNDING, atStep, 0, 0, 1, rateE12);
    }

    public static Shock spotPath(int atStep, long[] pathE8) {
        return new Shock(Kind.SPOT_PATH, atStep, 0, 0, pathE8.length, 0, pathE8);
    }

    public int lastStep() {
        return atStep + overSteps - 1;
    }
}
