package dev.cascade.replay;

import dev.cascade.core.money.Fixed;
import dev.cascade.core.venue.synthetic.SyntheticNormalizer;
import dev.cascade.core.record.RecordedFrame;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the SYNTHETIC event-level dataset data/synthetic-btc-crash-20251010.jsonl.gz (feed "synthetic-crash"):
 * BTC liquidations on three venues, mark prices every 15 s, one-sided OI every minute and funding every 5 minutes,
 * 10 Oct 2025 12:00 to 11 Oct 2025 04:00 UTC. NOT REAL DATA. It exists so the autopsy of the bundled crash has
 * minute-level charts and something for the cascade detector to find. Constraints it honours:
 * <ul>
 *   <li>per 4-hour bucket and side, the liquidation notional sums EXACTLY to the real CoinGlass bucket
 *       ({@link #REAL_LIQ_4H}, copied from ../shared/data/coinglass_BTC_liq_4h_20250518_20251114.csv; a test checks);</li>
 *   <li>the summed OI of the three venues equals the real CoinGlass aggregated OI open at every 4-hour boundary
 *       ({@link #REAL_OI_OPEN}); inside a bucket it moves with the cumulative liquidations of the bucket;</li>
 *   <li>the price path follows the published figures: 122.6k high, the low of 104.8k at 21:20 UTC, and the peak
 *       liquidation minute is 21:15 UTC; funding follows the real CoinGlass OI-weighted funding range.</li>
 * </ul>
 * Deterministic: seeded ({@link #SEED}), integer money, so rebuilding gives the same bytes.
 * Run: {@code java -cp app/target/cascade-app.jar:app/target/lib/* dev.cascade.replay.SyntheticCrashGenerator data}
 */
public final class SyntheticCrashGenerator {
    public static final String FILE = "synthetic-btc-crash-20251010.jsonl.gz";
    public static final long SEED = 20251010L;
    public static final long FROM = Instant.parse("2025-10-10T12:00:00Z").toEpochMilli();
    public static final long TO = Instant.parse("2025-10-11T04:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;
    static final long BUCKET = 4 * 3_600_000L;
    /** Real CoinGlass BTC liquidations (long USD, short USD) of the four 4h buckets from 10 Oct 12:00 UTC. */
    public static final String[][] REAL_LIQ_4H = {
            {"17808011.67689", "2370258.27743"},
            {"31710383.62578", "1698083.37972"},
            {"235601013.09389", "107461506.04199"},
            {"8431052.33193", "3548801.20962"}};
    /** Real CoinGlass aggregated BTC OI (USD) opens at 10 Oct 12:00, 16:00, 20:00, 11 Oct 00:00 and the 11 Oct 00:00 close. */
    public static final String[] REAL_OI_OPEN = {"90237724934", "86976612969", "85765445784", "70505795930", "69897836570"};
    static final String[] VENUES = {"binance", "bybit", "okx"};
    static final int[] VENUE_PCT = {45, 35, 20};           // share of liquidations and of OI per venue (illustrative)
    /** Price knots (minutes after 12:00, USD). */
    static final int[][] PRICE = {{0, 121_800}, {120, 122_600}, {180, 121_500}, {300, 117_800}, {480, 117_400},
            {530, 116_300}, {545, 113_000}, {555, 107_500}, {560, 104_800}, {570, 109_000}, {600, 112_000},
            {720, 112_800}, {960, 111_900}};
    /** Funding knots (minutes after 12:00, rate per 8h in millionths: 52 = 0.0052%). */
    static final int[][] FUNDING = {{0, 52}, {480, 54}, {550, 20}, {570, -174}, {720, -109}, {750, -56}, {840, 108}, {960, 106}};

    private SyntheticCrashGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SyntheticCrashGenerator OUT_DIR");
            System.exit(2);
        }
        Path out = Path.of(args[0]).resolve(FILE);
        List<RecordedFrame> frames = generate();
        try (RecordedFeedWriter w = new RecordedFeedWriter(out)) {
            frames.forEach(w::write);
        }
        System.out.println("wrote " + frames.size() + " SYNTHETIC frames to " + out);
    }

    static double interpolate(int[][] knots, double minute) {
        for (int i = 1; i < knots.length; i++) {
            if (minute <= knots[i][0]) {
                double f = (minute - knots[i - 1][0]) / (knots[i][0] - knots[i - 1][0]);
                return knots[i - 1][1] + f * (knots[i][1] - knots[i - 1][1]);
            }
        }
        return knots[knots.length - 1][1];
    }

    /** Price e8 at a time (the knot path plus no noise: the noise is added per venue in the marks). */
    static long priceAt(long ts) {
        return Math.round(interpolate(PRICE, (ts - FROM) / (double) MINUTE) * 100) * 1_000_000L;
    }

    /** Relative liquidation intensity of a minute for one side: a background, the price slope, and the two spikes. */
    static double intensity(int minute, boolean longs) {
        double slope = interpolate(PRICE, minute + 1) - interpolate(PRICE, minute);   // USD per minute
        double background = 1.0;
        double pressure = longs ? Math.max(0, -slope) : Math.max(0, slope);
        double w = background + 0.5 * pressure;
        if (longs) {
            w += 4000 * Math.exp(-Math.pow((minute - 555) / 2.5, 2));                // peak minute 21:15 UTC
        } else {
            w += 900 * Math.exp(-Math.pow((minute - 563) / 4.0, 2));                 // the squeeze on the rebound
        }
        return w;
    }

    public static List<RecordedFrame> generate() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        List<RecordedFrame> frames = new ArrayList<>();
        int minutes = (int) ((TO - FROM) / MINUTE);
        long[][] perMinute = new long[2][minutes];   // e6 per side
        for (int bucket = 0; bucket < 4; bucket++) {
            for (int side = 0; side < 2; side++) {
                long total = Fixed.parse(REAL_LIQ_4H[bucket][side], Fixed.E6);
                int first = bucket * 240;
                double[] w = new double[240];
                double sum = 0;
                for (int k = 0; k < 240; k++) {
                    w[k] = intensity(first + k, side == 0) * (0.5 + rnd.nextDouble());
                    sum += w[k];
                }
                split(total, w, sum, perMinute[side], first);
            }
        }
        long id = 0;
        long[] cumBucket = new long[minutes + 1];
        for (int k = 0; k < minutes; k++) {
            for (int side = 0; side < 2; side++) {
                long amount = perMinute[side][k];
                if (amount <= 0) {
                    continue;
                }
                int events = (int) Math.max(1, Math.min(300, amount / 40_000_000_000L));
                double[] w = new double[events];
                double sum = 0;
                for (int e = 0; e < events; e++) {
                    w[e] = Math.exp(1.4 * gaussian(rnd));
                    sum += w[e];
                }
                long[] sizes = new long[events];
                split(amount, w, sum, sizes, 0);
                for (int e = 0; e < events; e++) {
                    long ts = FROM + k * MINUTE + rnd.nextLong(MINUTE);
                    long price = priceAt(ts) + (side == 0 ? -1 : 1) * rnd.nextLong(0, 2000) * 1_000_000L;
                    long qty = Fixed.divScaled(Fixed.rescale(sizes[e], Fixed.E6, Fixed.E8), Fixed.E8, price);
                    String venue = venue(rnd);
                    frames.add(frame(ts, "{\"kind\":\"liquidation\",\"venue\":\"" + venue + "\",\"id\":\"" + (id++) + "\",\"ts\":\"" + ts
                            + "\",\"side\":\"" + (side == 0 ? "LONG" : "SHORT") + "\",\"price\":\"" + Fixed.format(price, Fixed.E8)
                            + "\",\"qty\":\"" + Fixed.format(qty, Fixed.E8) + "\",\"notional_usd\":\"" + Fixed.format(sizes[e], Fixed.E6) + "\"}"));
                }
            }
        }
        // OI: the real aggregate at each 4h boundary, moving inside a bucket with the bucket's cumulative liquidations.
        for (int k = 0; k <= minutes; k++) {
            cumBucket[k] = k % 240 == 0 ? 0 : cumBucket[k - 1] + perMinute[0][k - 1] + perMinute[1][k - 1];
        }
        for (int k = 0; k < minutes; k++) {
            int bucket = k / 240;
            long open = Fixed.parse(REAL_OI_OPEN[bucket], Fixed.E6);
            long next = Fixed.parse(REAL_OI_OPEN[bucket + 1], Fixed.E6);
            long bucketTotal = Fixed.parse(REAL_LIQ_4H[bucket][0], Fixed.E6) + Fixed.parse(REAL_LIQ_4H[bucket][1], Fixed.E6);
            long total = open + java.math.BigInteger.valueOf(next - open).multiply(java.math.BigInteger.valueOf(cumBucket[k]))
                    .divide(java.math.BigInteger.valueOf(bucketTotal)).longValueExact();
            long ts = FROM + k * MINUTE;
            long price = priceAt(ts);
            long assigned = 0;
            for (int v = 0; v < VENUES.length; v++) {
                long share = v == VENUES.length - 1 ? total - assigned : total / 100 * VENUE_PCT[v];
                assigned += share;
                long base = Fixed.divScaled(Fixed.rescale(share, Fixed.E6, Fixed.E8), Fixed.E8, price);
                frames.add(frame(ts, "{\"kind\":\"oi\",\"venue\":\"" + VENUES[v] + "\",\"ts\":\"" + ts + "\",\"oi_usd\":\""
                        + Fixed.format(share, Fixed.E6) + "\",\"oi_base\":\"" + Fixed.format(base, Fixed.E8) + "\"}"));
            }
            for (int s = 0; s < 4; s++) {
                long t = ts + s * 15_000L;
                for (String venue : VENUES) {
                    long mark = priceAt(t) + rnd.nextLong(-800, 801) * 1_000_000L;   // +-$8 venue noise
                    frames.add(frame(t, "{\"kind\":\"mark\",\"venue\":\"" + venue + "\",\"ts\":\"" + t + "\",\"mark\":\""
                            + Fixed.format(mark, Fixed.E8) + "\"}"));
                }
            }
            if (k % 5 == 0) {
                for (String venue : VENUES) {
                    long micro = Math.round(interpolate(FUNDING, k)) + rnd.nextLong(-3, 4);   // millionths
                    frames.add(frame(ts, "{\"kind\":\"funding\",\"venue\":\"" + venue + "\",\"ts\":\"" + ts + "\",\"rate\":\""
                            + Fixed.format(micro, 6) + "\",\"interval_hours\":\"8\"}"));
                }
            }
        }
        frames.sort(Comparator.comparingLong(RecordedFrame::receiveTs));
        return frames;
    }

    /** Splits {@code total} over the weights exactly: rounded shares, the remainder to the largest weight. */
    static void split(long total, double[] w, double sum, long[] out, int offset) {
        long assigned = 0;
        int largest = 0;
        for (int k = 0; k < w.length; k++) {
            long v = (long) Math.floor(total * (w[k] / sum));
            out[offset + k] = v;
            assigned += v;
            if (w[k] > w[largest]) {
                largest = k;
            }
        }
        out[offset + largest] += total - assigned;
    }

    private static String venue(SplittableRandom rnd) {
        int r = rnd.nextInt(100);
        return r < VENUE_PCT[0] ? VENUES[0] : r < VENUE_PCT[0] + VENUE_PCT[1] ? VENUES[1] : VENUES[2];
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller on the seeded generator (java.util.Random's nextGaussian would tie us to another RNG).
        double u = 1.0 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static RecordedFrame frame(long ts, String json) {
        return new RecordedFrame(ts + 50, SyntheticNormalizer.SOURCE, json);
    }
}
