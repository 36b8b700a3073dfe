package dev.cascade.core.money;

/**
 * Fixed-point decimal arithmetic on {@code long}, so that prices, sizes and USD totals are exact.
 *
 * <p>Units used across Cascade: prices and quantities carry 8 decimals ({@link #E8}), USD notionals 6 decimals
 * ({@link #E6}, micro-dollars: a long holds up to $9.2 trillion), funding rates 12 decimals ({@link #E12}).
 * Decimal text is parsed digit by digit: no float ever sits between the exchange's string and the stored value.
 */
public final class Fixed {
    public static final int E6 = 6;
    public static final int E8 = 8;
    public static final int E12 = 12;
    public static final long ONE_E6 = 1_000_000L;
    public static final long ONE_E8 = 100_000_000L;
    public static final long ONE_E12 = 1_000_000_000_000L;

    private static final long[] POW10 = new long[19];
    private static final long[] POW5 = new long[14];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
        POW5[0] = 1;
        for (int i = 1; i < POW5.length; i++) {
            POW5[i] = POW5[i - 1] * 5;
        }
    }

    private Fixed() {
    }

    public static long pow10(int n) {
        return POW10[n];
    }

    /** Parses decimal text ("-12.345", "1e-5", "0.0001875391284828") into a long scaled by 10^scale, rounding half up. */
    public static long parse(CharSequence s, int scale) {
        return parse(s, 0, s.length(), scale);
    }

    public static long parse(CharSequence s, int from, int to, int scale) {
        if (from >= to) {
            throw new NumberFormatException("empty number");
        }
        int i = from;
        boolean negative = false;
        char c = s.charAt(i);
        if (c == '-' || c == '+') {
            negative = c == '-';
            i++;
        }
        long mantissa = 0;
        int fractionDigits = 0;
        boolean seenDot = false;
        boolean seenDigit = false;
        boolean roundUp = false;
        boolean truncated = false;
        int exponent = 0;
        for (; i < to; i++) {
            c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                seenDigit = true;
                if (seenDot && fractionDigits >= scale) {
                    // Digits beyond the target scale only decide the rounding of the last kept digit.
                    if (!truncated) {
                        roundUp = c >= '5';
                        truncated = true;
                    }
                    continue;
                }
                mantissa = Math.addExact(Math.multiplyExact(mantissa, 10), c - '0');
                if (seenDot) {
                    fractionDigits++;
                }
            } else if (c == '.' && !seenDot) {
                seenDot = true;
            } else if ((c == 'e' || c == 'E') && seenDigit) {
                exponent = Integer.parseInt(s.subSequence(i + 1, to).toString());
                break;
            } else {
                throw new NumberFormatException("not a decimal number: '" + s.subSequence(from, to) + "'");
            }
        }
        if (!seenDigit) {
            throw new NumberFormatException("not a decimal number: '" + s.subSequence(from, to) + "'");
        }
        if (exponent != 0) {
            if (truncated) {
                // Rare (exponent forms from a few APIs): take the exact slow path.
                return new java.math.BigDecimal(s.subSequence(from, to).toString())
                        .setScale(scale, java.math.RoundingMode.HALF_UP).unscaledValue().longValueExact();
            }
            fractionDigits -= exponent;
        }
        long value = mantissa;
        if (fractionDigits < scale) {
            value = Math.multiplyExact(value, POW10[scale - fractionDigits]);
        } else if (fractionDigits > scale) {
            long div = POW10[fractionDigits - scale];
            long q = value / div;
            long r = value % div;
            value = q + (r * 2 >= div ? 1 : 0);
        } else if (roundUp) {
            value = Math.addExact(value, 1);
        }
        return negative ? -value : value;
    }

    /**
     * Returns round(a * b / 10^downScale) exactly, with a 128-bit intermediate product (half up, away from zero).
     * Used for price x quantity, where the product of two e8 values overflows a long long before the result does.
     */
    public static long mulDiv(long a, long b, int downScale) {
        boolean negative = (a < 0) ^ (b < 0);
        long x = Math.abs(a);
        long y = Math.abs(b);
        long lo = x * y;
        long hi = Math.multiplyHigh(x, y);
        if (hi == 0 && lo >= 0) {
            long div = POW10[downScale];
            long q = lo / div;
            long r = lo - q * div;
            if (r >= div - r) {
                q++;
            }
            return negative ? -q : q;
        }
        // Add half the divisor, then divide the 128-bit value limb by limb (32-bit limbs, divisor chunks <= 10^9).
        long half = POW10[downScale] / 2;
        long newLo = lo + half;
        if (Long.compareUnsigned(newLo, lo) < 0) {
            hi++;
        }
        lo = newLo;
        if (downScale >= 1 && downScale <= 13) {
            // 10^k = 2^k * 5^k: shift the 2^k out, then divide by 5^k (below 2^32) limb by limb, four divisions in
            // all (floor of a floor is the floor of the whole quotient).
            lo = lo >>> downScale | hi << (64 - downScale);
            hi = hi >>> downScale;
            long d = POW5[downScale];
            long l3 = hi >>> 32, l2 = hi & 0xFFFFFFFFL, l1 = lo >>> 32, l0 = lo & 0xFFFFFFFFL;
            long q3 = l3 / d; long r = l3 - q3 * d;
            long cur = (r << 32) | l2; long q2 = cur / d; r = cur - q2 * d;
            cur = (r << 32) | l1; long q1 = cur / d; r = cur - q1 * d;
            cur = (r << 32) | l0; long q0 = cur / d;
            hi = (q3 << 32) | q2;
            lo = (q1 << 32) | q0;
            if (hi != 0 || lo < 0) {
                throw new ArithmeticException("fixed-point product overflows a long: " + a + " * " + b);
            }
            return negative ? -lo : lo;
        }
        int remaining = downScale;
        while (remaining > 0) {
            int step = Math.min(remaining, 9);
            long d = POW10[step];
            long r = 0;
            long l3 = hi >>> 32, l2 = hi & 0xFFFFFFFFL, l1 = lo >>> 32, l0 = lo & 0xFFFFFFFFL;
            long cur = l3; long q3 = cur / d; r = cur % d;
            cur = (r << 32) | l2; long q2 = cur / d; r = cur % d;
            cur = (r << 32) | l1; long q1 = cur / d; r = cur % d;
            cur = (r << 32) | l0; long q0 = cur / d;
            hi = (q3 << 32) | q2;
            lo = (q1 << 32) | q0;
            remaining -= step;
        }
        if (hi != 0 || lo < 0) {
            throw new ArithmeticException("fixed-point product overflows a long: " + a + " * " + b);
        }
        return negative ? -lo : lo;
    }

    /** Returns round(a * 10^upScale / b), half up; for inverse contracts (USD / price = coins). */
    public static long divScaled(long a, int upScale, long b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero");
        }
        java.math.BigInteger n = java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.TEN.pow(upScale));
        return new java.math.BigDecimal(n).divide(java.math.BigDecimal.valueOf(b), 0, java.math.RoundingMode.HALF_UP)
                .longValueExact();
    }

    /** Changes the scale of a fixed-point value (e.g. e8 to e6), rounding half up. */
    public static long rescale(long v, int fromScale, int toScale) {
        if (toScale >= fromScale) {
            return Math.multiplyExact(v, POW10[toScale - fromScale]);
        }
        long div = POW10[fromScale - toScale];
        long q = v / div;
        long r = Math.abs(v % div);
        if (r * 2 >= div) {
            q += v < 0 ? -1 : 1;
        }
        return q;
    }

    /** Formats a fixed-point value as plain decimal text, trailing zeros removed ("95427.1"). */
    public static String format(long v, int scale) {
        return java.math.BigDecimal.valueOf(v, scale).stripTrailingZeros().toPlainString();
    }

    public static java.math.BigDecimal toBigDecimal(long v, int scale) {
        return java.math.BigDecimal.valueOf(v, scale);
    }

    public static double toDouble(long v, int scale) {
        return v / (double) POW10[scale];
    }
}
