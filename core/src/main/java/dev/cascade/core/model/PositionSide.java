package dev.cascade.core.model;

/** The side of the position that was liquidated: LONG means a long was force-closed (a forced sell). */
public enum PositionSide {
    LONG, SHORT;

    /** Exchanges that publish the liquidation ORDER side (Binance, OKX, BitMEX): a SELL order closes a LONG. */
    public static PositionSide fromOrderSide(boolean orderIsSell) {
        return orderIsSell ? LONG : SHORT;
    }
}
