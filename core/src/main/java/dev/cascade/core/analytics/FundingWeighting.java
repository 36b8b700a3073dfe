package dev.cascade.core.analytics;

import dev.cascade.core.port.QueryStore.FundingSample;
import dev.cascade.core.port.QueryStore.OiSample;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OI-weighted funding: per bucket, each instrument's latest funding rate (rescaled to an 8-hour interval so a 1-hour
 * venue and an 8-hour venue compare) weighted by that instrument's latest one-sided OI in USD:
 * {@code sum(rate_i * oi_i) / sum(oi_i)}, exact (128-bit intermediate, rounded half up).
 * The weight is the OI the SAME feed reported for the instrument (so a real funding series is never weighted by
 * another feed's OI); instruments without an OI sample yet carry no weight. Aggregator funding (CoinGlass: already OI-weighted) is not
 * mixed in: pass {@code aggregator = true} to get that series on its own.
 * When the window's venue funding comes from ONE instrument and no OI from that feed is stored (the bundled Binance
 * BTCUSDT history for May 2021), the series is that instrument's own rate with weight 0: the OI-weighted mean of a
 * single rate is the rate, whatever its weight.
 */
public final class FundingWeighting {
    private FundingWeighting() {
    }

    /** @param rate e12 per 8 hours; {@code weightUsd} the OI that weighted it (0 for aggregator series) */
    public record Point(long ts, long rate, long weightUsd) {
    }

    /** A rate per {@code intervalHours} as a rate per 8 hours, e12. */
    public static long per8h(long rate, int intervalHours) {
        if (intervalHours <= 0 || intervalHours == 8) {
            return rate;
        }
        return BigInteger.valueOf(rate).multiply(BigInteger.valueOf(8)).divide(BigInteger.valueOf(intervalHours)).longValueExact();
    }

    public static List<Point> weighted(List<FundingSample> funding, List<OiSample> oi, long bucketMs, boolean aggregator) {
        TreeMap<Long, List<FundingSample>> perBucket = new TreeMap<>();
        for (FundingSample f : funding) {
            if (OiAggregator.isAggregator(f.exchange()) == aggregator) {
                perBucket.computeIfAbsent(f.ts() - Math.floorMod(f.ts(), bucketMs), k -> new java.util.ArrayList<>()).add(f);
            }
        }
        Map<String, FundingSample> lastRate = new TreeMap<>();
        Map<String, Long> lastOi = new TreeMap<>();
        int oiIndex = 0;
        List<Point> out = new java.util.ArrayList<>();
        for (Map.Entry<Long, List<FundingSample>> e : perBucket.entrySet()) {
            long bucketEnd = e.getKey() + bucketMs;
            while (oiIndex < oi.size() && oi.get(oiIndex).ts() < bucketEnd) {
                OiSample s = oi.get(oiIndex++);
                lastOi.put(s.source() + '|' + s.exchange() + '|' + s.symbol(), s.oiUsd());
            }
            for (FundingSample f : e.getValue()) {
                lastRate.put(f.source() + '|' + f.exchange() + '|' + f.symbol(), f);
            }
            if (aggregator) {
                // Already weighted by the aggregator: the bucket's last value, unweighted.
                List<FundingSample> l = e.getValue();
                FundingSample f = l.get(l.size() - 1);
                out.add(new Point(e.getKey(), per8h(f.rate(), f.intervalHours()), 0));
                continue;
            }
            BigInteger num = BigInteger.ZERO;
            long weight = 0;
            for (Map.Entry<String, FundingSample> r : lastRate.entrySet()) {
                Long w = lastOi.get(r.getKey());
                if (w == null || w <= 0) {
                    continue;
                }
                num = num.add(BigInteger.valueOf(per8h(r.getValue().rate(), r.getValue().intervalHours())).multiply(BigInteger.valueOf(w)));
                weight = Math.addExact(weight, w);
            }
            if (weight > 0) {
                out.add(new Point(e.getKey(), roundDiv(num, weight), weight));
            }
        }
        if (out.isEmpty() && !aggregator && lastRate.size() == 1) {
            for (Map.Entry<Long, List<FundingSample>> e : perBucket.entrySet()) {
                FundingSample f = e.getValue().get(e.getValue().size() - 1);
                out.add(new Point(e.getKey(), per8h(f.rate(), f.intervalHours()), 0));
            }
        }
        return out;
    }

    static long roundDiv(BigInteger num, long den) {
        BigInteger d = BigInteger.valueOf(den);
        BigInteger[] qr = num.abs().divideAndRemainder(d);
        BigInteger q = qr[0];
        if (qr[1].shiftLeft(1).compareTo(d) >= 0) {
            q = q.add(BigInteger.ONE);
        }
        return (num.signum() < 0 ? q.negate() : q).longValueExact();
    }
}
