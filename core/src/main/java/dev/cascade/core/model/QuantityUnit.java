package dev.cascade.core.model;

/** Unit of the size as the exchange sent it. */
public enum QuantityUnit { BASE, CONTRACTS, USD }
