package dev.cascade.core.model;

/**
 * Contract metadata needed to turn a venue's size into coins and dollars.
 *
 * @param contractValue value of one contract, e8: in base coin for linear (OKX ctVal 0.01 BTC), in USD for inverse
 *                      (100 for Binance COIN-M BTC), in settle coin per USD of price for quanto (BitMEX ETHUSD
 *                      0.000001 XBT = 100); ONE (1e8) where sizes are already in base coin or USD.
 * @param sizeUnit      unit the venue's size fields use
 * @param kind          perpetual, dated future, option or combo
 */
public record Instrument(Exchange exchange, MarketType market, String nativeSymbol, String symbol, String base,
                         String quote, long contractValue, QuantityUnit sizeUnit, InstrumentKind kind) {

    /** A perpetual or dated future, told apart by the unified symbol's last part ("PERP" or an expiry). */
    public Instrument(Exchange exchange, MarketType market, String nativeSymbol, String symbol, String base,
                      String quote, long contractValue, QuantityUnit sizeUnit) {
        this(exchange, market, nativeSymbol, symbol, base, quote, contractValue, sizeUnit,
                symbol.endsWith("-PERP") ? InstrumentKind.PERPETUAL : InstrumentKind.DATED_FUTURE);
    }
}
