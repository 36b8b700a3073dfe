package dev.cascade.core.sim.margin;

import dev.cascade.core.money.Fixed;

import java.math.BigInteger;

/**
 * Binance USD-M margin formulas on fixed-point longs: prices and quantities e8, USD e6, ratios ppm.
 *
 * <p>A position is held as signed quantity {@code qty} (long &gt; 0, short &lt; 0) and signed cost basis
 * {@code cost} = qty x entry (USD e6). Keeping the cost instead of the entry price is what makes money conservation
 * exact: closing part of a position changes the account's cash (wallet - cost) by exactly the trade proceeds,
 * however the remaining cost is rounded. The exchange's terms map as Side.Q.EP = cost and Side.Q = qty.
 */
public final class MarginMath {
    private static final BigInteger E16 = BigInteger.TEN.pow(16);
    private static final BigInteger E10 = BigInteger.TEN.pow(10);
    private static final BigInteger PPM = BigInteger.valueOf(1_000_000);

    private MarginMath() {
    }

    /** |qty| x price in USD e6 (e8 x e8 = e16, scaled down by 10 digits). */
    public static long notional(long qty, long price) {
        return Fixed.mulDiv(Math.abs(qty), price, 10);
    }

    /**
     * Signed qty x price in USD e6 (half away from zero, same result as {@code Fixed.mulDiv(qty, price, 10)}): the
     * cash a fill of {@code qty} at {@code price} moves. This is the engine's hottest arithmetic, and e8 x e8
     * overflows a long for any real position, so it takes a fast exact path: a double estimate of the quotient,
     * corrected with the exact low 64 bits of the product (the correction term is tiny, so those bits suffice).
     */
    public static long value(long qty, long price) {
        if (qty == 0 || price == 0) {
            return 0;
        }
        boolean negative = (qty < 0) ^ (price < 0);
        long a = Math.abs(qty);
        long b = Math.abs(price);
        double est = (double) a * (double) b / 1e10;
        if (est > 9.0e18 || a == Long.MIN_VALUE || b == Long.MIN_VALUE) {
            return Fixed.mulDiv(qty, price, 10);
        }
        long r = (long) est;
        // rem = a*b + 5e9 - r*1e10, exact in 64 bits because its true value is within a few 1e10 of zero.
        long rem = a * b + 5_000_000_000L - r * 10_000_000_000L;
        while (rem < 0) {
            r--;
            rem += 10_000_000_000L;
        }
        while (rem >= 10_000_000_000L) {
            r++;
            rem -= 10_000_000_000L;
        }
        return negative ? -r : r;
    }

    /** Maintenance margin = notional x MMR - cum (Binance). */
    public static long maintenance(long notionalUsd, Bracket b) {
        return Fixed.mulDiv(notionalUsd, b.mmrPpm(), 6) - b.cumUsd();
    }

    public static long maintenance(long qty, long mark, BracketTable table) {
        long n = notional(qty, mark);
        return maintenance(n, table.forNotional(n));
    }

    /** Margin balance at a mark price: wallet + unrealized PnL = wallet - cost + qty x mark. */
    public static long equity(long wallet, long cost, long qty, long mark) {
        return wallet - cost + value(qty, mark);
    }

    public static long unrealizedPnl(long cost, long qty, long mark) {
        return value(qty, mark) - cost;
    }

    /** True once collateral has fallen to the maintenance margin (the mark reached the liquidation price). */
    public static boolean liquidatable(long wallet, long cost, long qty, long mark, BracketTable table) {
        return qty != 0 && equity(wallet, cost, qty, mark) <= maintenance(qty, mark, table);
    }

    /** Isolated (or single-contract cross) liquidation price; see {@link #liquidationPrice(long, long, long, BracketTable, long, long)}. */
    public static long liquidationPrice(long wallet, long cost, long qty, BracketTable table) {
        return liquidationPrice(wallet, cost, qty, table, 0, 0);
    }

    /**
     * The exchange formula, one-way mode:
     * LP = (WB - TMM1 + UPNL1 + cum - Side.Q.EP) / (Q.MMR - Side.Q), re-solved with the bracket that the notional
     * at LP falls in (Binance FAQ). Returns e8, floored for longs and ceiled for shorts so that a mark at the
     * returned key has always truly reached the exact rational price. A long that cannot be liquidated (LP &lt;= 0)
     * returns 0; a flat position returns 0.
     *
     * @param otherMaint TMM1: maintenance of the account's other contracts (0 for isolated)
     * @param otherUpnl  UPNL1: unrealized PnL of the other contracts (0 for isolated)
     */
    public static long liquidationPrice(long wallet, long cost, long qty, BracketTable table, long otherMaint,
                                        long otherUpnl) {
        if (qty == 0) {
            return 0;
        }
        long entryNotional = Math.abs(cost);
        int idx = table.indexOf(entryNotional);
        long lp = 0;
        // Walk the tiers toward the one consistent with the notional at LP; the walk is monotone, so size() bounds it.
        for (int iter = 0; iter <= table.size(); iter++) {
            Bracket b = table.get(idx);
            lp = solve(wallet, cost, qty, b, otherMaint, otherUpnl);
            if (lp <= 0) {
                return 0;
            }
            int at = table.indexOf(notional(qty, lp));
            if (at == idx) {
                return lp;
            }
            idx = at;
        }
        return lp;
    }

    private static long solve(long wallet, long cost, long qty, Bracket b, long otherMaint, long otherUpnl) {
        // Numerator in USD e6; denominator Q.MMR - Side.Q in (e8 x ppm); LP e8 = num x 1e16 / den.
        long aq = Math.abs(qty);
        if (aq < 4_000_000_000_000L && Math.abs(wallet) < 1L << 60 && Math.abs(cost) < 1L << 60
                && Math.abs(otherMaint) < 1L << 58 && Math.abs(otherUpnl) < 1L << 58) {
            long num = wallet - otherMaint + otherUpnl + b.cumUsd() - cost;
            long den = aq * b.mmrPpm() - qty * 1_000_000L;
            long q = floorDiv128(num, 10_000_000_000_000_000L, den, qty < 0);
            if (q != Long.MIN_VALUE) {
                return q < 0 ? 0 : q;
            }
        }
        return solveBig(wallet, cost, qty, b, otherMaint, otherUpnl);
    }

    /** The same solution with BigInteger: the reference the fast path is tested against, and its fallback. */
    static long solveBig(long wallet, long cost, long qty, Bracket b, long otherMaint, long otherUpnl) {
        BigInteger num = BigInteger.valueOf(wallet).subtract(BigInteger.valueOf(otherMaint))
                .add(BigInteger.valueOf(otherUpnl)).add(BigInteger.valueOf(b.cumUsd())).subtract(BigInteger.valueOf(cost));
        BigInteger den = BigInteger.valueOf(Math.abs(qty)).multiply(BigInteger.valueOf(b.mmrPpm()))
                .subtract(BigInteger.valueOf(qty).multiply(PPM));
        BigInteger[] qr = num.multiply(E16).divideAndRemainder(den);
        BigInteger q = qr[0];
        if (qr[1].signum() != 0) {
            boolean positive = num.signum() * den.signum() > 0;
            // divideAndRemainder truncates toward zero: fix up to floor (long) or ceil (short).
            if (qty > 0 && !positive) {
                q = q.subtract(BigInteger.ONE);
            } else if (qty < 0 && positive) {
                q = q.add(BigInteger.ONE);
            }
        }
        if (q.bitLength() > 62) {
            return q.signum() > 0 ? Long.MAX_VALUE / 4 : 0;
        }
        return q.longValue();
    }

    /**
     * floor(a x b / d) (or ceil when {@code ceil}) for a 128-bit product a x b and d != 0, via a double estimate
     * corrected with exact 128-bit remainders; returns Long.MIN_VALUE when the result does not fit comfortably.
     */
    public static long floorDiv128(long a, long b, long d, boolean ceil) {
        double est = (double) a * (double) b / (double) d;
        if (!(Math.abs(est) < 4.0e18)) {
            return Long.MIN_VALUE;
        }
        long x = (long) Math.floor(est);
        boolean dNeg = d < 0;
        // Work with a positive divisor: floor(n / d) = floor(-n / -d).
        long pa = dNeg ? -a : a;
        long pd = dNeg ? -d : d;
        // rem = pa*b - x*pd as a 128-bit value (hi, lo); must end in [0, pd).
        for (int guard = 0; guard < 64; guard++) {
            long p1hi = Math.multiplyHigh(pa, b);
            long p1lo = pa * b;
            long p2hi = Math.multiplyHigh(x, pd);
            long p2lo = x * pd;
            long lo = p1lo - p2lo;
            long borrow = Long.compareUnsigned(p1lo, p2lo) < 0 ? 1 : 0;
            long hi = p1hi - p2hi - borrow;
            if (hi < 0) {
                x--;
            } else if (hi > 0 || Long.compareUnsigned(lo, pd) >= 0) {
                x++;
            } else {
                return ceil && lo != 0 ? x + 1 : x;
            }
        }
        return Long.MIN_VALUE;
    }

    /**
     * Price at which the margin balance is exactly zero: wallet - cost + qty x BP = 0. Ceiled for longs and floored
     * for shorts, so a liquidation order limited at this price never fills at a loss beyond the wallet.
     * A long with BP &lt;= 0 returns 0.
     */
    public static long bankruptcyPrice(long wallet, long cost, long qty) {
        if (qty == 0) {
            return 0;
        }
        if (Math.abs(cost) < 1L << 61 && Math.abs(wallet) < 1L << 61) {
            long r = floorDiv128(cost - wallet, 10_000_000_000L, qty, qty > 0);
            if (r != Long.MIN_VALUE) {
                return Math.max(r, 0);
            }
        }
        return bankruptcyPriceBig(wallet, cost, qty);
    }

    static long bankruptcyPriceBig(long wallet, long cost, long qty) {
        BigInteger num = BigInteger.valueOf(cost).subtract(BigInteger.valueOf(wallet)).multiply(E10);
        BigInteger den = BigInteger.valueOf(qty);
        BigInteger[] qr = num.divideAndRemainder(den);
        BigInteger q = qr[0];
        if (qr[1].signum() != 0) {
            boolean positive = num.signum() * den.signum() > 0;
            if (qty > 0 && positive) {
                q = q.add(BigInteger.ONE);
            } else if (qty < 0 && !positive) {
                q = q.subtract(BigInteger.ONE);
            }
        }
        long bp = q.longValue();
        return Math.max(bp, 0);
    }

    /**
     * Binance ADL score: PnlPercent x MarginRatio with PnlPercent = max(0,uPnL)/max(1,WB) and
     * MarginRatio = MM/(WB+uPnL) (0 when the margin balance is not positive). Double: it only orders positions.
     */
    public static double adlScore(long wallet, long cost, long qty, long mark, BracketTable table) {
        long upnl = unrealizedPnl(cost, qty, mark);
        double pnlPct = Math.max(0, upnl) / (double) Math.max(Fixed.ONE_E6, wallet);
        long balance = wallet + upnl;
        double marginRatio = balance <= 0 ? 0 : maintenance(qty, mark, table) / (double) balance;
        return pnlPct * marginRatio;
    }
}
