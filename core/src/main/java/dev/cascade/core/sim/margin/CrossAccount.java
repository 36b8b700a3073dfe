package dev.cascade.core.sim.margin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A cross-margin account holding positions in several contracts against one wallet. The liquidation price of one
 * contract depends on the others through TMM1 (their maintenance) and UPNL1 (their unrealized PnL) at their marks,
 * exactly as in the Binance formula; isolated positions are the special case TMM1 = UPNL1 = 0.
 */
public final class CrossAccount {
    private long wallet;
    private final Map<String, Leg> legs = new LinkedHashMap<>();

    private static final class Leg {
        long qty;
        long cost;
        long mark;
        final BracketTable table;

        Leg(BracketTable table) {
            this.table = table;
        }
    }

    public CrossAccount(long walletUsd) {
        this.wallet = walletUsd;
    }

    public long wallet() {
        return wallet;
    }

    /** Opens (or adds to) a position at a price; sizes e8, signed. Opening does not move the wallet (no fee here). */
    public void open(String symbol, BracketTable table, long qty, long price) {
        Leg leg = legs.computeIfAbsent(symbol, s -> new Leg(table));
        leg.qty += qty;
        leg.cost += MarginMath.value(qty, price);
        leg.mark = price;
    }

    public void mark(String symbol, long markPrice) {
        leg(symbol).mark = markPrice;
    }

    /** Margin balance: wallet plus the unrealized PnL of every leg at its mark. */
    public long marginBalance() {
        long b = wallet;
        for (Leg l : legs.values()) {
            b += MarginMath.unrealizedPnl(l.cost, l.qty, l.mark);
        }
        return b;
    }

    public long maintenance() {
        long m = 0;
        for (Leg l : legs.values()) {
            m += MarginMath.maintenance(l.qty, l.mark, l.table);
        }
        return m;
    }

    public boolean liquidatable() {
        return marginBalance() <= maintenance();
    }

    /** Liquidation price of one contract with the other legs held at their current marks. */
    public long liquidationPrice(String symbol) {
        Leg self = leg(symbol);
        long otherMaint = 0;
        long otherUpnl = 0;
        for (Map.Entry<String, Leg> e : legs.entrySet()) {
            if (!e.getKey().equals(symbol)) {
                Leg l = e.getValue();
                otherMaint += MarginMath.maintenance(l.qty, l.mark, l.table);
                otherUpnl += MarginMath.unrealizedPnl(l.cost, l.qty, l.mark);
            }
        }
        return MarginMath.liquidationPrice(wallet, self.cost, self.qty, self.table, otherMaint, otherUpnl);
    }

    private Leg leg(String symbol) {
        Leg l = legs.get(symbol);
        if (l == null) {
            throw new IllegalArgumentException("no position in " + symbol);
        }
        return l;
    }
}
