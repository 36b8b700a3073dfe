package dev.cascade.core.sim.book;

/**
 * Market makers that refill the book every step with a depth profile following the square-root impact law:
 * cumulative depth within a relative distance x of the reference price is D(x) = D1 x (x / 1%)^2, so that
 * selling Q moves the price by about 1% x sqrt(Q / D1) (Toth et al. 2011; Donier &amp; Bonart 2015 for BTC).
 *
 * <p>Two frictions make it a stress model rather than a static book:
 * <ul>
 *   <li>resilience: depth eaten in a step comes back only by a fraction {@code resilience} per step;</li>
 *   <li>withdrawal: quotes shrink by 1 / (1 + withdrawal x |recent move in %|), floored at {@code minLiquidity},
 *       reproducing the "empty book" of 10 Oct 2025.</li>
 * </ul>
 * Doubles live only here (profile math); everything posted to the book is rounded to long ticks and sizes.
 */
public final class SqrtImpactMaker {
    /**
     * @param depth1PctUsd     D1: USD resting within 1% of the reference on each side in calm markets
     * @param spacingBps       distance between quote levels, basis points
     * @param maxDistancePct   farthest quote, percent from the reference
     * @param resilience       fraction of the missing depth restored per step, 0..1
     * @param withdrawalPerPct how strongly quotes are pulled per percent of recent move (0 = never)
     * @param minLiquidity     floor of the withdrawal factor, 0..1
     * @param stressWindow     steps over which the recent move is measured
     */
    public record Params(double depth1PctUsd, double spacingBps, double maxDistancePct, double resilience,
                         double withdrawalPerPct, double minLiquidity, int stressWindow) {
        public Params {
            if (!(depth1PctUsd > 0) || !(spacingBps > 0) || !(maxDistancePct > 0) || resilience < 0 || resilience > 1
                    || withdrawalPerPct < 0 || minLiquidity < 0 || minLiquidity > 1 || stressWindow < 1) {
                throw new IllegalArgumentException("invalid maker parameters: " + this);
            }
        }

        public static Params defaults(double depth1PctUsd) {
            return new Params(depth1PctUsd, 10, 40, 0.3, 0.5, 0.05, 10);
        }
    }

    private final Params p;
    private final int owner;
    private final double[] history;
    private int steps;
    private double availBid = 1;
    private double availAsk = 1;
    private double postedBidUsd;
    private double postedAskUsd;
    private double lastFactor = 1;
    private long nextOrderId = 1;

    public SqrtImpactMaker(Params params, int ownerId) {
        this.p = params;
        this.owner = ownerId;
        this.history = new double[params.stressWindow() + 1];
    }

    public Params params() {
        return p;
    }

    /** Withdrawal factor used in the last refresh (1 = full calm depth). */
    public double lastLiquidityFactor() {
        return lastFactor;
    }

    /** Pulls all quotes and re-posts the profile around {@code refPrice} (e8). */
    public void refresh(OrderBook book, long refPrice) {
        double ref = refPrice / 1e8;
        history[steps % history.length] = ref;
        double old = history[Math.max(0, steps - p.stressWindow()) % history.length];
        steps++;
        double movePct = old > 0 ? Math.abs(ref - old) / old * 100 : 0;
        lastFactor = Math.max(p.minLiquidity(), 1 / (1 + p.withdrawalPerPct() * movePct));
        book.clear();
        postedBidUsd = 0;
        postedAskUsd = 0;
        int levels = (int) Math.floor(p.maxDistancePct() * 100 / p.spacingBps());
        double prevCum = 0;
        for (int j = 1; j <= levels; j++) {
            double x = j * p.spacingBps() / 10_000;
            double cum = p.depth1PctUsd() * (x / 0.01) * (x / 0.01);
            double usd = (cum - prevCum) * lastFactor;
            prevCum = cum;
            postedBidUsd += post(book, true, ref * (1 - x), usd * availBid);
            postedAskUsd += post(book, false, ref * (1 + x), usd * availAsk);
        }
    }

    private double post(OrderBook book, boolean buy, double price, double usd) {
        if (price <= 0 || usd <= 0) {
            return 0;
        }
        long px = book.roundToTick((long) (price * 1e8), buy);
        if (px <= book.minPrice() || px > book.maxPrice()) {
            return 0;
        }
        long qty = (long) (usd / (px / 1e8) * 1e8);
        if (qty <= 0) {
            return 0;
        }
        book.placeLimit(nextOrderId++, owner, buy, px, qty);
        return usd;
    }

    /** End of step: what was eaten from each side (USD) lowers availability, which then recovers by resilience. */
    public void onStepEnd(double bidConsumedUsd, double askConsumedUsd) {
        availBid = recover(availBid, postedBidUsd, bidConsumedUsd);
        availAsk = recover(availAsk, postedAskUsd, askConsumedUsd);
    }

    private double recover(double avail, double posted, double consumed) {
        double left = posted <= 0 ? avail : avail * Math.max(0, 1 - consumed / posted);
        return left + p.resilience() * (1 - left);
    }
}
