package dev.cascade.core.model;

/**
 * Event identity. A replayed or re-sent event must map to the same key, so the key is built from the fields the
 * venue sends (never from receive time, except BitMEX whose orderID already identifies the order).
 * The store keeps a 64-bit hash of the key; {@link #hash} is FNV-1a followed by a murmur finalizer.
 */
public final class EventKeys {
    private EventKeys() {
    }

    public static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    public static long of(MarketEvent e) {
        // Java 17: no pattern switch yet, so an instanceof chain over the sealed hierarchy.
        if (e instanceof Liquidation l) {
            return hash(l.eventKey());
        } else if (e instanceof Trade t) {
            return hash(t.source() + '|' + t.nativeSymbol() + '|' + t.tradeId());
        } else if (e instanceof OpenInterest o) {
            return hash(o.source() + '|' + o.nativeSymbol() + '|' + o.ts());
        } else if (e instanceof FundingRate f) {
            return hash(f.source() + '|' + f.nativeSymbol() + '|' + f.ts() + '|' + f.fundingTime());
        } else if (e instanceof MarkPrice m) {
            return hash(m.source() + '|' + m.nativeSymbol() + '|' + m.ts());
        } else if (e instanceof LongShortRatio r) {
            // A venue re-sends the same period on every poll: one row per contract, period length and period time.
            return hash(r.source() + '|' + r.nativeSymbol() + '|' + r.periodMs() + '|' + r.ts());
        } else {
            FeedGap g = (FeedGap) e;
            return hash(g.source() + '|' + g.fromTs() + '|' + g.toTs());
        }
    }
}
