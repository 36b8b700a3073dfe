package dev.cascade.core.model;

/**
 * Open interest of one instrument at one instant, single-sided (the contracts one side holds; Bybit's REST
 * two-sided figure is halved before it gets here).
 *
 * @param oiBase  base coin, e8 (0 when the source only gives USD)
 * @param oiUsd   USD, e6; for linear contracts priced at the source's value or at mark price
 */
public record OpenInterest(String source, Exchange exchange, MarketType market, String nativeSymbol, String symbol,
                           long oiBase, long oiUsd, long exchangeTs, long receiveTs) implements MarketEvent {
    @Override
    public long ts() {
        return exchangeTs >= 0 ? exchangeTs : receiveTs;
    }
}
