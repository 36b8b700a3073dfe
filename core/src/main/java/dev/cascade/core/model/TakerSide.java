package dev.cascade.core.model;

/** Aggressor side of a trade. */
public enum TakerSide { BUY, SELL }
