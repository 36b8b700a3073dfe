package dev.cascade.core.model;

/** Mark and index price, e8 (index 0 when not sent). */
public record MarkPrice(String source, Exchange exchange, MarketType market, String nativeSymbol, String symbol,
                        long markPrice, long indexPrice, long exchangeTs, long receiveTs) implements MarketEvent {
    @Override
    public long ts() {
        return exchangeTs >= 0 ? exchangeTs : receiveTs;
    }
}
