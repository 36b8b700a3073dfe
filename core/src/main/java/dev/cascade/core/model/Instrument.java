package dev.cascade.core.model;

/**
 * Contract metadata needed to turn a venue's size into coins and dollars.
 *
 * @param contractValue value of one contract, e8: in base coin for linear (OKX ctVal 0.01 BTC), in USD for inverse
 *                      (100 for Binance COIN-M BTC); ONE (1e8) where sizes are already in base coin or USD.
 * @param sizeUnit      unit the venue's size fields use
 */
public record Instrument(Exchange exchange, MarketType market, String nativeSymbol, String symbol, String base,
                         String quote, long contractValue, QuantityUnit sizeUnit) {
}
