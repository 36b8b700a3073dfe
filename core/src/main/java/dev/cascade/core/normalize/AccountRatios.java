package dev.cascade.core.normalize;

import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.LongShortRatio;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.venue.RestFrame;

/**
 * Long/short account ratio rows as venues publish them, into {@link LongShortRatio}: the one place that derives the
 * figures a venue leaves out, exactly (e8, half up). A share above 1 or a zero short share is not derived from but
 * rejected by the guard.
 */
public final class AccountRatios {
    private AccountRatios() {
    }

    /** The contract, period and time a row belongs to: the period comes from the request (no venue echoes it). */
    public record Row(String source, Instrument instrument, long periodMs, long ts, long receiveTs) {
        public static Row of(String source, Instrument instrument, RestFrame request, long ts, long receiveTs)
                throws MalformedFrameException {
            return new Row(source, instrument, RestFrame.periodMs(request.param("period")), ts, receiveTs);
        }
    }

    /** All three figures as sent (Binance). */
    public static LongShortRatio sent(Row r, long longShare, long shortShare, long ratio) {
        Instrument i = r.instrument();
        return new LongShortRatio(r.source(), i.exchange(), i.market(), i.nativeSymbol(), i.symbol(), r.periodMs(), longShare,
                shortShare, ratio, r.ts(), r.receiveTs());
    }

    /** From the two shares (Bybit buyRatio, sellRatio): ratio = long / short. */
    public static LongShortRatio ofShares(Row r, long longShare, long shortShare) throws MalformedFrameException {
        if (shortShare <= 0) {
            throw new MalformedFrameException("short account share " + shortShare + " leaves no ratio");
        }
        return sent(r, longShare, shortShare, Fixed.divScaled(longShare, Fixed.E8, shortShare));
    }

    /** From the ratio alone (OKX): long = ratio / (1 + ratio), short = 1 / (1 + ratio). */
    public static LongShortRatio ofRatio(Row r, long ratio) throws MalformedFrameException {
        if (ratio <= 0) {
            throw new MalformedFrameException("long/short ratio " + ratio + " is not positive");
        }
        long onePlus = Math.addExact(Fixed.ONE_E8, ratio);
        return sent(r, Fixed.divScaled(ratio, Fixed.E8, onePlus), Fixed.divScaled(Fixed.ONE_E8, Fixed.E8, onePlus), ratio);
    }
}
