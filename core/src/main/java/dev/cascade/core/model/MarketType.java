package dev.cascade.core.model;

/** LINEAR: margined and quoted in a stablecoin, size in base coin. INVERSE: margined in the coin, size in USD contracts. */
public enum MarketType { LINEAR, INVERSE, SPOT }
