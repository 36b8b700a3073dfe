package dev.cascade.core.model;

/**
 * A public trade. {@code price} e8 USD per base, {@code quantity} base e8, {@code notionalUsd} e6.
 * {@code liquidation} marks trades the venue flags as liquidation fills (Deribit).
 */
public record Trade(String source, Exchange exchange, MarketType market, String nativeSymbol, String symbol,
                    TakerSide takerSide, long price, long quantity, long notionalUsd, String tradeId,
                    boolean liquidation, long exchangeTs, long receiveTs) implements MarketEvent {
    @Override
    public long ts() {
        return exchangeTs >= 0 ? exchangeTs : receiveTs;
    }
}
