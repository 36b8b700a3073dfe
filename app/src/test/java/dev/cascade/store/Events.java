package dev.cascade.store;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.QuantityUnit;

/** Test events. */
public final class Events {
    private Events() {
    }

    /** A Binance-like liquidation of {@code usd} dollars at time {@code ts}; the key is unique per (ts, usd, side). */
    public static Liquidation liquidation(long ts, long usd, PositionSide side) {
        long usdE6 = usd * 1_000_000L;
        return new Liquidation("binance-usdm", Exchange.BINANCE, MarketType.LINEAR, "BTCUSDT", "BTC-USDT-PERP", side,
                100_000L * 100_000_000L, usd * 1000, usdE6, usd * 1000, QuantityUnit.BASE, PriceKind.AVERAGE_FILL,
                side == PositionSide.LONG ? "SELL" : "BUY", ts, ts + 5, Completeness.SAMPLED_1S_PER_SYMBOL,
                "binance-usdm|BTCUSDT|" + ts + '|' + usd + '|' + side);
    }
}
