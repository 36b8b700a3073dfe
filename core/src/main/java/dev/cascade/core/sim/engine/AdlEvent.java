package dev.cascade.core.sim.engine;

/**
 * One auto-deleveraging fill: position {@code counterparty} (ranked by Binance's PnL% x margin-ratio score) was
 * closed by {@code qty} (e8) at the bankruptcy price {@code price} of liquidated position {@code liquidated}, because
 * the insurance fund (equity {@code fundEquityUsd}) could not absorb a loss of {@code fundLossUsd} at the mark.
 */
public record AdlEvent(int step, int liquidated, int counterparty, long qty, long price, long fundEquityUsd,
                       long fundLossUsd) {
}
