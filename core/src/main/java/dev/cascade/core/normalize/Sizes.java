package dev.cascade.core.normalize;

import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.math.BigDecimal;

/** Converts a venue's size (base, contracts or USD) into base coin e8 and USD notional e6. */
public final class Sizes {
    private Sizes() {
    }

    /** USD value, e8, of an inverse size (contracts x USD per contract). */
    private static long inverseUsdE8(Instrument i, long nativeSize) {
        return Fixed.mulDiv(nativeSize, i.contractValue(), Fixed.E8);
    }

    private static boolean usdSized(Instrument i) {
        return i.market() == MarketType.INVERSE || i.sizeUnit() == QuantityUnit.USD;
    }

    /** Base coin e8 of a linear or inverse size; a quanto size needs the settle coin's price ({@link #quantoUsd}). */
    public static long baseQuantity(Instrument i, long nativeSize, long price) {
        requireNotQuanto(i);
        if (usdSized(i)) {
            return price == 0 ? 0 : Fixed.divScaled(inverseUsdE8(i, nativeSize), Fixed.E8, price);
        }
        return i.contractValue() == Fixed.ONE_E8 ? nativeSize : Fixed.mulDiv(nativeSize, i.contractValue(), Fixed.E8);
    }

    public static long notionalUsd(Instrument i, long nativeSize, long baseQuantity, long price) {
        requireNotQuanto(i);
        if (usdSized(i)) {
            return Fixed.rescale(inverseUsdE8(i, nativeSize), Fixed.E8, Fixed.E6);
        }
        return baseNotionalUsd(price, baseQuantity);
    }

    private static void requireNotQuanto(Instrument i) {
        if (i.market() == MarketType.QUANTO) {
            throw new IllegalArgumentException(i.nativeSymbol() + " is a quanto contract: its value needs the settle coin's price");
        }
    }

    /** USD e6 of a base-coin quantity (e8) at a USD price (e8). */
    public static long baseNotionalUsd(long price, long baseQuantity) {
        return Fixed.mulDiv(price, baseQuantity, Fixed.E8 + Fixed.E8 - Fixed.E6);
    }

    /**
     * USD e6 of a quanto size: contracts x settle coin per contract per USD of price x price x the settle coin's USD
     * price (BitMEX ETHUSD: 40 contracts x 0.000001 XBT x 2,500 x 113,330 = $11,333). Exact (128-bit and more).
     */
    public static long quantoUsd(Instrument i, long contracts, long price, long settleUsd) {
        BigInteger product = BigInteger.valueOf(contracts).multiply(BigInteger.valueOf(i.contractValue()))
                .multiply(BigInteger.valueOf(price)).multiply(BigInteger.valueOf(settleUsd));
        // Four e8 factors make e32; USD is e6.
        return new BigDecimal(product).movePointLeft(26).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** Base coin e8 worth {@code usd} (e6) at {@code price} (e8). */
    public static long baseOfUsd(long usd, long price) {
        return price == 0 ? 0 : Fixed.divScaled(usd, Fixed.E8 + Fixed.E8 - Fixed.E6, price);
    }
}
