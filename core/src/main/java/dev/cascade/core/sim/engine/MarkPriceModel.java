package dev.cascade.core.sim.engine;

import dev.cascade.core.money.Fixed;

/**
 * Binance-style mark price: median(Price1, Price2, last) with Price1 = index x (1 + funding x timeToFunding / 8h)
 * and Price2 = index + moving average of the basis (mid - index) over {@code basisWindow} samples; the result is
 * clamped to index x (1 +/- clamp). Anchoring to the spot index is what damps a perp-only cascade: the perp's own
 * selling reaches the mark only through the last-price leg, the slowly moving basis, or the index itself.
 */
public final class MarkPriceModel {
    private final long[] basis;
    private final long clampPpm;
    private long fundingRateE12;
    private long secondsToFunding;
    private int samples;
    private long basisSum;

    /**
     * @param basisWindow     number of basis samples averaged (Binance: 5-minute MA of 5 s samples = 60)
     * @param clampPpm        maximum deviation of mark from index, ppm (0 = unclamped)
     * @param fundingRateE12  last funding rate, e12
     * @param secondsToFunding time until the next funding settlement
     */
    public MarkPriceModel(int basisWindow, long clampPpm, long fundingRateE12, long secondsToFunding) {
        if (basisWindow < 1 || clampPpm < 0) {
            throw new IllegalArgumentException("basis window must be >= 1 and clamp >= 0");
        }
        this.basis = new long[basisWindow];
        this.clampPpm = clampPpm;
        this.fundingRateE12 = fundingRateE12;
        this.secondsToFunding = secondsToFunding;
    }

    public void setFunding(long rateE12, long secondsToNext) {
        this.fundingRateE12 = rateE12;
        this.secondsToFunding = secondsToNext;
    }

    public long fundingRateE12() {
        return fundingRateE12;
    }

    /** Adds a basis sample from the book and returns the new mark (e8). {@code mid} 0 = no two-sided book. */
    public long update(long index, long mid, long last) {
        long sample = (mid > 0 ? mid : last) - index;
        int slot = samples % basis.length;
        if (samples >= basis.length) {
            basisSum -= basis[slot];
        }
        basis[slot] = sample;
        basisSum += sample;
        samples++;
        long avgBasis = basisSum / Math.min(samples, basis.length);
        long fundingPremium = Fixed.mulDiv(index, fundingRateE12, Fixed.E12) * secondsToFunding / 28_800;
        long p1 = index + fundingPremium;
        long p2 = index + avgBasis;
        long mark = median(p1, p2, last > 0 ? last : index);
        if (clampPpm > 0) {
            long band = Fixed.mulDiv(index, clampPpm, 6);
            mark = Math.max(index - band, Math.min(index + band, mark));
        }
        return Math.max(mark, 1);
    }

    static long median(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
