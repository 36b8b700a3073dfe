package dev.cascade.core.normalize;

import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;

/** Converts a venue's size (base, contracts or USD) into base coin e8 and USD notional e6. */
final class Sizes {
    private Sizes() {
    }

    /** USD value, e8, of an inverse size (contracts x USD per contract). */
    private static long inverseUsdE8(Instrument i, long nativeSize) {
        return Fixed.mulDiv(nativeSize, i.contractValue(), Fixed.E8);
    }

    private static boolean usdSized(Instrument i) {
        return i.market() == MarketType.INVERSE || i.sizeUnit() == QuantityUnit.USD;
    }

    static long baseQuantity(Instrument i, long nativeSize, long price) {
        if (usdSized(i)) {
            return price == 0 ? 0 : Fixed.divScaled(inverseUsdE8(i, nativeSize), Fixed.E8, price);
        }
        return i.contractValue() == Fixed.ONE_E8 ? nativeSize : Fixed.mulDiv(nativeSize, i.contractValue(), Fixed.E8);
    }

    static long notionalUsd(Instrument i, long nativeSize, long baseQuantity, long price) {
        if (usdSized(i)) {
            return Fixed.rescale(inverseUsdE8(i, nativeSize), Fixed.E8, Fixed.E6);
        }
        return baseNotionalUsd(price, baseQuantity);
    }

    /** USD e6 of a base-coin quantity (e8) at a USD price (e8). */
    static long baseNotionalUsd(long price, long baseQuantity) {
        return Fixed.mulDiv(price, baseQuantity, Fixed.E8 + Fixed.E8 - Fixed.E6);
    }
}
