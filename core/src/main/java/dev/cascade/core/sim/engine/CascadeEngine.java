package dev.cascade.core.sim.engine;

import dev.cascade.core.money.Fixed;
import dev.cascade.core.sim.book.OrderBook;
import dev.cascade.core.sim.book.SqrtImpactMaker;
import dev.cascade.core.sim.margin.BracketTable;
import dev.cascade.core.sim.margin.MarginMath;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The cascade: a shock moves the index, the mark follows, crossed positions are liquidated by IOC orders at their
 * bankruptcy price into a thin book, their fills move the last price, the index and the mark, which crosses the
 * next liquidation prices; what the book cannot take the insurance fund takes over, and what the fund cannot
 * absorb is auto-deleveraged against the opposite side. Runs step by step until nothing moves.
 *
 * <p><b>Money conservation.</b> Every account (trader positions, the aggregated market makers, the insurance fund,
 * the outside shock trader) holds wallet, signed qty and signed cost basis; its cash is wallet - cost. Every trade
 * moves exactly the same rounded value between its two parties, fees move cash to the fee pool or the fund, ADL
 * is a trade at the bankruptcy price, funding moves cash between positions and the makers (who hold the rest of the
 * open interest). Hence {@link #conservedCash()} = sum of all cash + fee pool is constant to the micro-dollar, and
 * {@link #conservedQty()} = sum of all quantities is constant to the satoshi-e8.
 */
public final class CascadeEngine {
    static final int MAKER = -1;
    static final int FUND = -2;
    static final int OUTSIDER = -3;

    private final PositionStore store;
    private final BracketTable table;
    private final CrossedFinder finder;
    private final EngineConfig cfg;
    private final OrderBook book;
    private final SqrtImpactMaker maker;
    private final MarkPriceModel markModel;
    private final List<Shock> shocks;
    private final int lastShockStep;

    // Special accounts, indexed by -1 - owner: maker, fund, outsider. They need no margin, so they hold plain cash
    // and quantity (equity = cash + qty x mark); only trader positions carry wallet and cost basis.
    private final long[] xCash = new long[3];
    private final long[] xQty = new long[3];
    private long feePool;

    private long index;
    private long last;
    // The perp's own price level: the mid after the step's trading (last trades sit on the bid or the ask and would
    // ratchet the price by half a spread each step if makers re-centred on them).
    private long perp;
    private long mark;
    private long prevMark;
    private int step;
    private int quiet;
    private boolean done;
    private boolean quiescent;

    private long longOi;
    private long shortOi;

    // Per-step accumulators.
    private int taker;
    private double bidConsumedUsd;
    private double askConsumedUsd;
    private long closedValue;
    private int stepLongs;
    private int stepShorts;
    private long stepLongUsd;
    private long stepShortUsd;
    private long stepAdlUsd;

    private final IntList crossed = new IntList();
    private final IntList dirty = new IntList();
    private final AdlRanking adlLongs;
    private final AdlRanking adlShorts;
    private final List<StepStats> stats = new ArrayList<>();
    /** ADL fills kept in detail; a 10M-position gap makes millions of them, the count and notional are kept apart. */
    static final int MAX_ADL_EVENTS = 100_000;
    private final List<AdlEvent> adlEvents = new ArrayList<>();
    private long adlFills;
    private final long fundStart;
    private long fundMin;
    private final long oiStartUsd;
    private final long conservedBefore;
    private final long startPrice;
    private long minMark;

    /** Called after every step (progress bars, conservation checks in tests). */
    @FunctionalInterface
    public interface StepObserver {
        void onStep(StepStats s, CascadeEngine engine);
    }

    /**
     * @param store      positions; their {@code lp} must be current (see {@link #computeLiquidationPrices})
     * @param startPrice index = last = mark at the start, e8
     */
    public CascadeEngine(PositionStore store, BracketTable table, CrossedFinder finder, EngineConfig cfg,
                         long startPrice, List<Shock> shocks) {
        this(store, table, finder, cfg, startPrice, shocks, new AdlQueue(), new AdlQueue());
    }

    /** With the ADL rankings given (tests run the same cascade with a plain full-sort ranking). */
    CascadeEngine(PositionStore store, BracketTable table, CrossedFinder finder, EngineConfig cfg,
                  long startPrice, List<Shock> shocks, AdlRanking adlLongs, AdlRanking adlShorts) {
        this.adlLongs = adlLongs;
        this.adlShorts = adlShorts;
        if (startPrice <= 0) {
            throw new IllegalArgumentException("start price must be positive");
        }
        this.store = store;
        this.table = table;
        this.finder = finder;
        this.cfg = cfg;
        this.shocks = List.copyOf(shocks);
        this.lastShockStep = shocks.stream().mapToInt(Shock::lastStep).max().orElse(0);
        this.startPrice = startPrice;
        long tick = tickFor(startPrice);
        this.book = new OrderBook(0, tick, (int) Math.min(Integer.MAX_VALUE - 8, 3 * startPrice / tick));
        this.maker = new SqrtImpactMaker(cfg.maker(), MAKER);
        this.markModel = new MarkPriceModel(cfg.basisWindow(), cfg.markClampPpm(), 0, 0);
        book.setListener(this::onFill);
        index = last = perp = mark = prevMark = minMark = startPrice;
        xCash[-1 - FUND] = cfg.insuranceFundUsd();
        fundStart = fundMin = cfg.insuranceFundUsd();
        for (int i = 0; i < store.size(); i++) {
            long q = store.qty(i);
            if (q > 0) {
                longOi += q;
            } else {
                shortOi -= q;
            }
        }
        oiStartUsd = MarginMath.notional(longOi, startPrice);
        finder.build(store);
        conservedBefore = conservedCash();
    }

    /** A tick of about 1/20,000 of the price, a power of ten: $1 for BTC at 43k or 122k, $0.1 for ETH at 3k. */
    static long tickFor(long price) {
        long t = 1;
        while (t * 10 <= price / 20_000) {
            t *= 10;
        }
        return t;
    }

    /** Recomputes every position's liquidation price (population building, after funding). */
    public static void computeLiquidationPrices(PositionStore s, BracketTable table) {
        for (int i = 0; i < s.size(); i++) {
            s.setLp(i, MarginMath.liquidationPrice(s.wallet(i), s.cost(i), s.qty(i), table));
        }
    }

    public CascadeResult run(StepObserver observer) {
        while (!done) {
            StepStats s = step();
            if (observer != null) {
                observer.onStep(s, this);
            }
        }
        return result();
    }

    public boolean done() {
        return done;
    }

    /** Runs one step and returns what it did. */
    public StepStats step() {
        if (done) {
            throw new IllegalStateException("cascade already finished");
        }
        stepLongs = stepShorts = 0;
        stepLongUsd = stepShortUsd = stepAdlUsd = 0;
        bidConsumedUsd = askConsumedUsd = 0;
        long outsideSell = 0;
        for (Shock s : shocks) {
            if (step < s.atStep() || step > s.lastStep()) {
                continue;
            }
            switch (s.kind()) {
                case PRICE_GAP -> {
                    index = scale(index, s.pct());
                    last = scale(last, s.pct());
                    perp = scale(perp, s.pct());
                }
                case SPOT_TREND -> index = scale(index, s.pct() / s.overSteps());
                case SPOT_PATH -> index = s.path()[step - s.atStep()];
                case MARKET_SELL -> outsideSell += s.usd() / s.overSteps();
                case FUNDING -> settleFunding(s.fundingRateE12());
                default -> throw new IllegalStateException("unknown shock " + s.kind());
            }
        }
        long ref = perp + Math.round(cfg.arbPull() * (index - perp));
        maker.refresh(book, Math.max(ref, book.tickSize()));
        if (outsideSell != 0) {
            outsideTrade(outsideSell);
        }
        long bid = book.bestBid();
        long ask = book.bestAsk();
        long mid = bid > 0 && ask > 0 ? (bid + ask) / 2 : 0;
        mark = markModel.update(index, mid, last);
        minMark = Math.min(minMark, mark);

        liquidateCrossed(true);
        liquidateCrossed(false);
        disposeFundInventory();

        if (book.lastTradePrice() > 0) {
            last = book.lastTradePrice();
        }
        long b2 = book.bestBid();
        long a2 = book.bestAsk();
        perp = b2 > 0 && a2 > 0 ? (b2 + a2) / 2 : last;
        index += Math.round(cfg.spotCoupling() * (perp - index));
        maker.onStepEnd(bidConsumedUsd, askConsumedUsd);

        long fundEq = fundEquity();
        fundMin = Math.min(fundMin, fundEq);
        StepStats st = new StepStats(step, index, mark, last, stepLongs, stepLongUsd, stepShorts, stepShortUsd, fundEq,
                stepAdlUsd, longOi, shortOi, book.bestBid(), book.bestAsk(), maker.lastLiquidityFactor());
        stats.add(st);

        boolean still = Math.abs(mark - prevMark) * 10_000 <= mark && st.liquidations() == 0 && xQty[-1 - FUND] == 0;
        quiet = still && step >= lastShockStep ? quiet + 1 : 0;
        prevMark = mark;
        step++;
        if (quiet >= cfg.quietSteps()) {
            done = true;
            quiescent = true;
        } else if (step >= cfg.maxSteps()) {
            done = true;
        }
        return st;
    }

    private static long scale(long price, double pct) {
        return Math.max(1, Math.round(price * (1 + pct / 100)));
    }

    private void liquidateCrossed(boolean longSide) {
        crossed.clear();
        finder.popCrossed(longSide, mark, crossed);
        // Liquidate in account order, not in the order the finder happens to return: results must not depend on it.
        crossed.sortWithin(store.size());
        for (int k = 0; k < crossed.size(); k++) {
            liquidate(crossed.get(k));
        }
        flushAdlDirty();
    }

    /**
     * Positions partly closed by ADL get their new liquidation price filed. ADL realizes profit into their wallet,
     * which only moves the liquidation price away from the mark, so deferring this to the end of the side's round
     * cannot hide a liquidation; it runs before the other side is popped.
     */
    private void flushAdlDirty() {
        for (int k = 0; k < dirty.size(); k++) {
            int j = dirty.get(k);
            long nq = store.qty(j);
            if (nq == 0) {
                continue;
            }
            long oldLp = store.lp(j);
            long nlp = MarginMath.liquidationPrice(store.wallet(j), store.cost(j), nq, table);
            store.setLp(j, nlp);
            finder.update(j, nq > 0, oldLp, nq, nlp);
        }
        dirty.clear();
    }

    private void liquidate(int i) {
        long q = store.qty(i);
        if (q == 0) {
            return;
        }
        boolean isLong = q > 0;
        long bp = MarginMath.bankruptcyPrice(store.wallet(i), store.cost(i), q);
        closedValue = 0;
        taker = i;
        // Liquidation order: IOC at the bankruptcy price (Binance); fills better than bp leave margin for the fee.
        if (bp > 0) {
            book.placeIoc(!isLong, bp, Math.abs(q));
        }
        long rem = store.qty(i);
        if (rem != 0) {
            takeOver(i, rem, Math.max(bp, 1));
        }
        long eq = store.wallet(i) - store.cost(i);
        if (eq < 0) {
            // Bankrupt beyond its wallet (rounding, or a fill the limit could not protect): the fund pays.
            xCash[-1 - FUND] += eq;
            store.setWallet(i, store.wallet(i) - eq);
            eq = 0;
        }
        long fee = Math.min(eq, Fixed.mulDiv(closedValue, cfg.liquidationFeePpm(), 6));
        store.setWallet(i, store.wallet(i) - fee);
        xCash[-1 - FUND] += fee;
        if (isLong) {
            stepLongs++;
            stepLongUsd += closedValue;
        } else {
            stepShorts++;
            stepShortUsd += closedValue;
        }
    }

    /** What the book did not take: the fund takes it over at bp if it can bear the loss at the mark, else ADL. */
    private void takeOver(int i, long rem, long bp) {
        long v = MarginMath.value(rem, bp);
        long loss = Math.max(0, v - MarginMath.value(rem, mark));
        long fundEq = fundEquity();
        if (fundEq - loss > 0) {
            transfer(i, FUND, rem, bp);
            return;
        }
        boolean counterLong = rem < 0;
        AdlRanking q = counterLong ? adlLongs : adlShorts;
        if (q.stale(step, cfg.adlRefreshSteps(), mark)) {
            q.build(store, counterLong, mark, table, step);
        }
        while (rem != 0) {
            int j = q.peek(store, counterLong);
            if (j < 0) {
                // Nobody left to deleverage: the fund takes the rest and goes negative (a socialized loss).
                transfer(i, FUND, rem, bp);
                return;
            }
            long qj = store.qty(j);
            long x = Math.min(Math.abs(rem), Math.abs(qj));
            long dq = rem > 0 ? x : -x;
            transfer(i, j, dq, bp);
            stepAdlUsd += MarginMath.notional(x, bp);
            adlFills++;
            if (adlEvents.size() < MAX_ADL_EVENTS) {
                adlEvents.add(new AdlEvent(step, i, j, x, bp, fundEq, loss));
            }
            if (store.qty(j) != 0 && (dirty.size() == 0 || dirty.get(dirty.size() - 1) != j)) {
                // Re-filed in flushAdlDirty. A partly closed position stays first in the queue, so the remainders it
                // absorbs come one after another and it is listed once (a repeat would only re-file it again).
                dirty.add(j);
            }
            rem -= dq;
        }
    }

    /** Moves {@code dq} (signed, as held by {@code from}) from one account to another at {@code price}. */
    private void transfer(int from, int to, long dq, long price) {
        long v = MarginMath.value(dq, price);
        apply(from, -dq, -v);
        apply(to, dq, v);
        closedValue += Math.abs(v);
    }

    private void disposeFundInventory() {
        long q = xQty[-1 - FUND];
        if (q == 0) {
            return;
        }
        long band = Fixed.mulDiv(mark, cfg.ifDisposalPpm(), 6);
        taker = FUND;
        closedValue = 0;
        book.placeIoc(q < 0, q > 0 ? mark - band : mark + band, Math.abs(q));
    }

    private void outsideTrade(long usd) {
        long px = last > 0 ? last : index;
        long qty = Fixed.divScaled(Math.abs(usd), 10, px);
        if (qty <= 0) {
            return;
        }
        taker = OUTSIDER;
        closedValue = 0;
        book.placeMarket(usd < 0, qty);
        long fee = Fixed.mulDiv(closedValue, cfg.takerFeePpm(), 6);
        xCash[-1 - OUTSIDER] -= fee;
        feePool += fee;
    }

    private void onFill(int makerOwner, long makerOrderId, long price, long qty, boolean takerBuys) {
        long dq = takerBuys ? qty : -qty;
        long v = MarginMath.value(dq, price);
        apply(taker, dq, v);
        apply(makerOwner, -dq, -v);
        closedValue += Math.abs(v);
        double usd = Math.abs(v) / 1e6;
        if (takerBuys) {
            askConsumedUsd += usd;
        } else {
            bidConsumedUsd += usd;
        }
    }

    /** Books a trade of {@code dq} worth {@code v} (cash out, signed like dq) to one account. */
    private void apply(int acct, long dq, long v) {
        if (acct >= 0) {
            long q = store.qty(acct);
            long c = store.cost(acct);
            long w = store.wallet(acct);
            long nq = q + dq;
            long[] r = settle(q, c, w, dq, v);
            store.setQty(acct, nq);
            store.setCost(acct, r[0]);
            store.setWallet(acct, r[1]);
            if (q > 0) {
                longOi -= q;
            } else {
                shortOi += q;
            }
            if (nq > 0) {
                longOi += nq;
            } else {
                shortOi -= nq;
            }
        } else {
            int k = -1 - acct;
            xQty[k] += dq;
            xCash[k] -= v;
        }
    }

    private final long[] settled = new long[2];

    /**
     * New (cost, wallet) after a trade. Opening adds v to cost; closing releases the closed share of cost and
     * realizes -v - released into the wallet; a flip closes at the full cost and opens the rest. In every case
     * wallet - cost moves by exactly -v, whatever the rounding of the released share.
     */
    private long[] settle(long q, long c, long w, long dq, long v) {
        if (q == 0 || (q > 0) == (dq > 0)) {
            settled[0] = c + v;
            settled[1] = w;
        } else if (Math.abs(dq) <= Math.abs(q)) {
            long released = dq == -q ? c : mulDivTrunc(c, -dq, q);
            settled[0] = c - released;
            settled[1] = w - v - released;
        } else {
            long vClose = MarginMath.value(-q, priceOf(v, dq));
            long vOpen = v - vClose;
            settled[0] = vOpen;
            settled[1] = w - vClose - c;
        }
        return settled;
    }

    /** Price implied by a trade's value (only for the rare flip split; any split keeps cash exact). */
    private static long priceOf(long v, long dq) {
        return Fixed.divScaled(Math.abs(v), 10, Math.abs(dq));
    }

    static long mulDivTrunc(long a, long b, long c) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
            return lo / c;
        }
        long f = MarginMath.floorDiv128(a, b, c, false);
        if (f != Long.MIN_VALUE) {
            return f; // floor instead of truncation: any rounding of the released cost keeps cash exact
        }
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
    }

    /**
     * Funding settlement: every position pays qty x mark x rate (longs pay when positive). The makers hold the rest
     * of the open interest and take the net. Wallets change, so every liquidation price is recomputed and the finder
     * rebuilt: O(n), as the exchange's own settlement batch is.
     */
    private void settleFunding(long rateE12) {
        long net = 0;
        for (int i = 0; i < store.size(); i++) {
            long q = store.qty(i);
            if (q == 0) {
                continue;
            }
            long pay = Fixed.mulDiv(MarginMath.value(q, mark), rateE12, Fixed.E12);
            store.setWallet(i, store.wallet(i) - pay);
            net += pay;
        }
        for (int k = 1; k < 3; k++) { // fund and outsider pay too; makers are the residual counterparty
            long pay = Fixed.mulDiv(MarginMath.value(xQty[k], mark), rateE12, Fixed.E12);
            xCash[k] -= pay;
            net += pay;
        }
        xCash[-1 - MAKER] += net;
        markModel.setFunding(rateE12, 28_800);
        computeLiquidationPrices(store, table);
        finder.build(store);
    }

    /** Sum of every account's cash (wallet - cost) plus the fee pool: constant across steps. */
    public long conservedCash() {
        long s = store.totalCash() + feePool;
        for (int k = 0; k < 3; k++) {
            s += xCash[k];
        }
        return s;
    }

    /** Sum of all signed quantities: constant across steps (every trade has two sides). */
    public long conservedQty() {
        return store.totalQty() + xQty[0] + xQty[1] + xQty[2];
    }

    public long fundEquity() {
        int k = -1 - FUND;
        return xCash[k] + MarginMath.value(xQty[k], mark);
    }

    public long fundInventory() {
        return xQty[-1 - FUND];
    }

    public long feePool() {
        return feePool;
    }

    public long mark() {
        return mark;
    }

    public int stepNumber() {
        return step;
    }

    public OrderBook book() {
        return book;
    }

    public PositionStore store() {
        return store;
    }

    public List<AdlEvent> adlEvents() {
        return adlEvents;
    }

    public CascadeResult result() {
        long longUsd = 0;
        long shortUsd = 0;
        long adl = 0;
        int longs = 0;
        int shorts = 0;
        for (StepStats s : stats) {
            longUsd += s.longLiquidatedUsd();
            shortUsd += s.shortLiquidatedUsd();
            longs += s.longsLiquidated();
            shorts += s.shortsLiquidated();
            adl += s.adlUsd();
        }
        return new CascadeResult(List.copyOf(stats), List.copyOf(adlEvents), adlFills, startPrice, minMark, mark,
                longUsd, shortUsd, longs, shorts, adl, fundStart, fundMin, fundEquity(), oiStartUsd,
                MarginMath.notional(longOi, mark), quiescent, conservedBefore, conservedCash());
    }
}
