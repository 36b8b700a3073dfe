package dev.cascade.core.model;

/**
 * What kind of data a liquidation figure rests on. Figures of different classes are never added together: an
 * aggregator's bucket already sums the venues' liquidations, and a synthetic event stands in for venue data, so a
 * total over venue rows plus either of them counts the same liquidations twice (or counts invented ones as real).
 * Every surface (CLI, API, dashboard, alerts) reports one figure per class and labels the class.
 */
public enum SourceClass {
    /** Individual liquidations published by an exchange. */
    VENUE,
    /** Generated events (feed ids starting with {@value #SYNTHETIC_PREFIX}): demo stand-ins for venue data, not real. */
    SYNTHETIC,
    /** Buckets from an aggregator (CoinGlass, completeness AGGREGATE): sums over the exchanges it covers. */
    AGGREGATE;

    /** Feed ids of generated data start with this (e.g. "synthetic-crash"); the one place that decides it. */
    public static final String SYNTHETIC_PREFIX = "synthetic";

    public static boolean isSyntheticSource(String source) {
        return source != null && source.startsWith(SYNTHETIC_PREFIX);
    }

    /** The class of one liquidation row: the aggregate flag wins over the feed id. */
    public static SourceClass of(String source, Completeness completeness) {
        if (completeness == Completeness.AGGREGATE) {
            return AGGREGATE;
        }
        return isSyntheticSource(source) ? SYNTHETIC : VENUE;
    }

    /** As {@link #of(String, Completeness)} for a completeness stored by name. */
    public static SourceClass of(String source, String completeness) {
        return Completeness.AGGREGATE.name().equals(completeness) ? AGGREGATE : of(source, (Completeness) null);
    }

    /** The label a figure of this class carries where it is shown ("" for real venue data). */
    public String label() {
        return switch (this) {
            case VENUE -> "";
            case SYNTHETIC -> "SYNTHETIC (generated, not from any exchange)";
            case AGGREGATE -> "AGGREGATE (an aggregator's sum over exchanges)";
        };
    }
}
