package dev.cascade.core.sim.book;

/** Receives every fill as it happens; the taker is whoever called the matching method. */
@FunctionalInterface
public interface FillListener {
    /**
     * @param makerOwner owner id given when the resting order was placed
     * @param makerOrderId the resting order's id
     * @param price e8, the resting order's price (price-time priority: makers set the price)
     * @param qty e8
     * @param takerBuys true when the incoming order bought (the maker sold)
     */
    void onFill(int makerOwner, long makerOrderId, long price, long qty, boolean takerBuys);

    FillListener NONE = (o, id, p, q, b) -> { };
}
