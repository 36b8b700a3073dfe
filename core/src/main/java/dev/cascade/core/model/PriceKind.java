package dev.cascade.core.model;

/** What the reported liquidation price is. */
public enum PriceKind { AVERAGE_FILL, BANKRUPTCY, TRADE, NONE }
