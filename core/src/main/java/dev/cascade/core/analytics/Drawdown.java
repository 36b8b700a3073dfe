package dev.cascade.core.analytics;

/**
 * Largest peak-to-trough fall of a series (open interest, price): the peak is the highest value before the trough.
 *
 * @param peak        highest value before the trough (same units as the series)
 * @param peakTs      its time
 * @param trough      lowest value after that peak
 * @param troughTs    its time
 * @param drop        peak - trough (>= 0)
 * @param dropPpm     drop / peak in parts per million (exact integer ratio, rounded half up)
 */
public record Drawdown(long peak, long peakTs, long trough, long troughTs, long drop, long dropPpm) {
    public static final Drawdown NONE = new Drawdown(0, -1, 0, -1, 0, 0);

    /** @param ts times in ascending order; {@code values} the series at those times */
    public static Drawdown of(long[] ts, long[] values) {
        if (ts.length != values.length) {
            throw new IllegalArgumentException("series lengths differ: " + ts.length + " vs " + values.length);
        }
        if (values.length == 0) {
            return NONE;
        }
        int runningPeak = 0;
        int bestPeak = 0;
        int bestTrough = 0;
        long bestDrop = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[runningPeak]) {
                runningPeak = i;
            }
            long drop = values[runningPeak] - values[i];
            if (drop > bestDrop) {
                bestDrop = drop;
                bestPeak = runningPeak;
                bestTrough = i;
            }
        }
        if (bestDrop == 0) {
            return new Drawdown(values[runningPeak], ts[runningPeak], values[runningPeak], ts[runningPeak], 0, 0);
        }
        long peak = values[bestPeak];
        long ppm = peak == 0 ? 0 : java.math.BigInteger.valueOf(bestDrop).multiply(java.math.BigInteger.valueOf(2_000_000))
                .add(java.math.BigInteger.valueOf(peak)).divide(java.math.BigInteger.valueOf(2 * peak)).longValueExact();
        return new Drawdown(peak, ts[bestPeak], values[bestTrough], ts[bestTrough], bestDrop, ppm);
    }
}
