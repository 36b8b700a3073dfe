package dev.cascade.core.model;

/**
 * A forced close of a leveraged position.
 *
 * @param source         feed id, e.g. "binance-usdm", "bybit-linear", "coinglass"
 * @param exchange       venue
 * @param market         linear or inverse
 * @param nativeSymbol   symbol as the venue spells it ("BTCUSDT", "BTC-USDT-SWAP", "XBTUSD")
 * @param symbol         unified id ("BTC-USDT-PERP", "BTC-USD-PERP", "BTC-USD-250926")
 * @param side           the POSITION liquidated
 * @param price          USD per base coin, e8 (0 for aggregate rows)
 * @param quantity       base coin, e8 (0 for aggregate rows)
 * @param notionalUsd    USD value, e6 (micro-dollars)
 * @param nativeQuantity the size as sent, e8, in {@code quantityUnit}
 * @param quantityUnit   unit of {@code nativeQuantity}
 * @param priceKind      what {@code price} is
 * @param rawSide        the side field exactly as sent ("SELL", "Buy", "sell", "T:sell")
 * @param exchangeTs     venue timestamp, or -1 if the venue sends none (BitMEX)
 * @param receiveTs      when Cascade received the frame
 * @param completeness   how complete the source is
 * @param eventKey       identity of the event across replays and reconnects (see {@link EventKeys})
 */
public record Liquidation(String source, Exchange exchange, MarketType market, String nativeSymbol, String symbol,
                          PositionSide side, long price, long quantity, long notionalUsd, long nativeQuantity,
                          QuantityUnit quantityUnit, PriceKind priceKind, String rawSide, long exchangeTs,
                          long receiveTs, Completeness completeness, String eventKey) implements MarketEvent {
    @Override
    public long ts() {
        return exchangeTs >= 0 ? exchangeTs : receiveTs;
    }
}
