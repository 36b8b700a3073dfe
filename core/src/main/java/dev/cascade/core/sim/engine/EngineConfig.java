package dev.cascade.core.sim.engine;

import dev.cascade.core.sim.book.SqrtImpactMaker;

/**
 * Knobs of the cascade engine.
 *
 * @param liquidationFeePpm  clearance fee on the liquidated notional, paid to the insurance fund out of what the
 *                           trader has left (Binance historically 0.3% BTCUSDT, 0.5% others)
 * @param takerFeePpm        fee outside market orders pay to the exchange fee pool
 * @param insuranceFundUsd   initial insurance fund, USD e6
 * @param spotCoupling       fraction of the perp/index gap the spot index closes per step (arbitrage and spot selling)
 * @param arbPull            fraction of the index/last gap makers lean their quotes toward the index per step
 * @param basisWindow        mark-price basis moving average length, steps
 * @param markClampPpm       maximum mark deviation from index, ppm (0 = unclamped)
 * @param ifDisposalPpm      the fund sells its taken-over positions with IOC orders at most this far through the mark
 * @param adlRefreshSteps    ADL ranking snapshot refresh period (Binance refreshes its quantile lights periodically);
 *                           a snapshot is kept while the mark stays within 0.25% of where it was taken
 * @param quietSteps         consecutive steps without liquidations and with a still mark that mean quiescence
 * @param maxSteps           hard stop
 * @param secondsPerStep     wall time one step stands for (funding premium, reports)
 */
public record EngineConfig(long liquidationFeePpm, long takerFeePpm, long insuranceFundUsd, double spotCoupling,
                           double arbPull, int basisWindow, long markClampPpm, long ifDisposalPpm,
                           int adlRefreshSteps, int quietSteps, int maxSteps, int secondsPerStep,
                           SqrtImpactMaker.Params maker) {
    public EngineConfig {
        if (liquidationFeePpm < 0 || takerFeePpm < 0 || insuranceFundUsd < 0 || spotCoupling < 0 || spotCoupling > 1
                || arbPull < 0 || arbPull > 1 || basisWindow < 1 || markClampPpm < 0 || ifDisposalPpm < 0
                || adlRefreshSteps < 1 || quietSteps < 1 || maxSteps < 1 || secondsPerStep < 1 || maker == null) {
            throw new IllegalArgumentException("invalid engine configuration: " + this);
        }
    }

    public static EngineConfig defaults(long insuranceFundUsd, double depth1PctUsd) {
        return new EngineConfig(3_000, 400, insuranceFundUsd, 0.3, 0.2, 12, 50_000, 25_000, 5, 3, 5_000, 10,
                SqrtImpactMaker.Params.defaults(depth1PctUsd));
    }

    public EngineConfig withInsuranceFund(long usd) {
        return new EngineConfig(liquidationFeePpm, takerFeePpm, usd, spotCoupling, arbPull, basisWindow, markClampPpm,
                ifDisposalPpm, adlRefreshSteps, quietSteps, maxSteps, secondsPerStep, maker);
    }

    public EngineConfig withMaker(SqrtImpactMaker.Params m) {
        return new EngineConfig(liquidationFeePpm, takerFeePpm, insuranceFundUsd, spotCoupling, arbPull, basisWindow,
                markClampPpm, ifDisposalPpm, adlRefreshSteps, quietSteps, maxSteps, secondsPerStep, m);
    }
}
