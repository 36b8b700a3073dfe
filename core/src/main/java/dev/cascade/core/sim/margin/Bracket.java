package dev.cascade.core.sim.margin;

/**
 * One maintenance-margin tier of a symbol (Binance {@code leverageBracket} row).
 *
 * @param floorUsd    notional floor, USD e6 (inclusive)
 * @param capUsd      notional cap, USD e6 (exclusive)
 * @param maxLeverage initial leverage allowed in this tier
 * @param mmrPpm      maintenance margin ratio in parts per million (0.4% = 4000)
 * @param cumUsd      maintenance amount ("cum"), USD e6, so that MM = notional x MMR - cum is continuous across tiers
 */
public record Bracket(int tier, long floorUsd, long capUsd, int maxLeverage, long mmrPpm, long cumUsd) {
    public Bracket {
        if (floorUsd < 0 || capUsd <= floorUsd) {
            throw new IllegalArgumentException("bracket " + tier + ": need 0 <= floor < cap, got " + floorUsd + ".." + capUsd);
        }
        if (mmrPpm <= 0 || mmrPpm >= 1_000_000 || maxLeverage <= 0) {
            throw new IllegalArgumentException("bracket " + tier + ": MMR must be in (0,1) and leverage positive");
        }
    }

    public boolean contains(long notionalUsd) {
        return notionalUsd >= floorUsd && notionalUsd < capUsd;
    }
}
