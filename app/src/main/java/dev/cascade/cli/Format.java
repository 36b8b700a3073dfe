package dev.cascade.cli;

import dev.cascade.core.money.Fixed;

import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Human formatting for terminal output (exact values go to JSON/CSV). */
public final class Format {
    private Format() {
    }

    /** "$1,234,567.89" from micro-dollars. */
    public static String usd(long e6) {
        DecimalFormat f = new DecimalFormat("$#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(Fixed.toBigDecimal(e6, Fixed.E6).setScale(2, RoundingMode.HALF_UP));
    }

    /** "$19.12B", "$350.1M", "$12.3k". */
    public static String usdShort(long e6) {
        return dev.cascade.core.analytics.Autopsy.usd(e6);
    }

    public static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    public static String padLeft(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
