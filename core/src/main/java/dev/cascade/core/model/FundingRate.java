package dev.cascade.core.model;

/**
 * A funding rate observation (current or settled).
 *
 * @param rate          fraction per interval, e12 (0.0001 = 100_000_000)
 * @param intervalHours funding period the rate applies to (8 on most venues, 1 on Hyperliquid)
 * @param fundingTime   settlement time the rate refers to (next settlement for live rates), or -1
 * @param markPrice     e8, or 0 if not sent
 */
public record FundingRate(String source, Exchange exchange, MarketType market, String nativeSymbol, String symbol,
                          long rate, int intervalHours, long fundingTime, long markPrice, long exchangeTs,
                          long receiveTs) implements MarketEvent {
    @Override
    public long ts() {
        return exchangeTs >= 0 ? exchangeTs : receiveTs;
    }
}
