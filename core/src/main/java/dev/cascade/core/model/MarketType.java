package dev.cascade.core.model;

/**
 * How a contract is margined and sized. LINEAR: margined and quoted in a stablecoin, size in base coin (or contracts of
 * a fixed base amount). INVERSE: margined in the coin, size in USD contracts. QUANTO: margined in a third currency at
 * a fixed rate, each contract worth a fixed amount of the settle coin per USD of price (BitMEX ETHUSD: 0.000001 XBT).
 */
public enum MarketType { LINEAR, INVERSE, QUANTO, SPOT }
