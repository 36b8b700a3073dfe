package dev.cascade.core.sim.scenario;

/**
 * How to synthesize a population of positions.
 *
 * @param positions          number of positions to draw
 * @param oiUsd              open interest (single-sided), USD e6: the leveraged longs hold all of it
 * @param shortShare         share of the short side held by leveraged, liquidatable shorts (the rest is hedged
 *                           basis trades and makers, which the engine's maker account stands for)
 * @param leverages          leverage tiers (e.g. 2, 5, 10, 20, 50, 100), clamped to the bracket's maximum
 * @param leverageWeights    relative weight of each tier (by notional)
 * @param crossShare         share of positions in cross margin
 * @param crossMarginMultiple cross accounts hold this multiple of the initial margin as wallet
 * @param entryPrices        entry price support e8 (from OI history: prices where OI was added); empty = normal
 * @param entryWeights       weight of each entry price (the OI added there)
 * @param entrySigmaPct      normal entry spread around the start price in percent, or jitter around entryPrices
 * @param sizeSigma          log-normal sigma of position sizes (1.5 gives a heavy tail of whales)
 * @param seed               random seed (runs are reproducible)
 */
public record PopulationSpec(int positions, long oiUsd, double shortShare, double[] leverages, double[] leverageWeights,
                             double crossShare, double crossMarginMultiple, long[] entryPrices, double[] entryWeights,
                             double entrySigmaPct, double sizeSigma, long seed) {
    public PopulationSpec {
        if (positions < 1 || oiUsd <= 0 || shortShare < 0 || shortShare > 1 || leverages.length == 0
                || leverages.length != leverageWeights.length || crossShare < 0 || crossShare > 1
                || crossMarginMultiple < 1 || entryPrices.length != entryWeights.length || entrySigmaPct < 0
                || sizeSigma < 0) {
            throw new IllegalArgumentException("invalid population spec");
        }
        for (double l : leverages) {
            if (!(l >= 1)) {
                throw new IllegalArgumentException("leverage must be >= 1, got " + l);
            }
        }
    }

    public PopulationSpec withPositions(int n) {
        return new PopulationSpec(n, oiUsd, shortShare, leverages, leverageWeights, crossShare, crossMarginMultiple,
                entryPrices, entryWeights, entrySigmaPct, sizeSigma, seed);
    }

    public PopulationSpec withSeed(long s) {
        return new PopulationSpec(positions, oiUsd, shortShare, leverages, leverageWeights, crossShare,
                crossMarginMultiple, entryPrices, entryWeights, entrySigmaPct, sizeSigma, s);
    }
}
