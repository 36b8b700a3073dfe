package dev.cascade.store;

import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import dev.cascade.core.money.Fixed;

import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built stored data with a hand-computed liquidation map, shared by the store, CLI and API tests.
 * <p>
 * Two venues (Binance, OKX; BTC-USDT-PERP) each go from 100 to 200 BTC of open interest between {@link #T0} and
 * {@code T0 + 60 s}, at a mark of 50,000 (T0 + 30 s and + 60 s) and with no trades (so 50/50 long/short); a CoinGlass USD-only aggregate
 * (no price path) must be skipped; an ETH instrument and a spot trade must not leak into BTC. Per venue the 100 new
 * BTC become 50 BTC a side over the default tiers 5/10/25/50/100x weighted 20/30/25/15/10:
 * <pre>
 *  tier  BTC   long LP  long USD   short LP  short USD
 *    5x  10    40,200    402,000    59,800    598,000
 *   10x  15    45,200    678,000    54,800    822,000
 *   25x  12.5  48,200    602,500    51,800    647,500
 *   50x   7.5  49,200    369,000    50,800    381,000
 *  100x   5    49,700    248,500    50,300    251,500
 *  total               2,300,000             2,700,000
 * </pre>
 */
public final class MapEvents {
    public static final long T0 = 1_760_097_600_000L; // 2025-10-10T12:00:00Z
    public static final long LONG_USD_PER_VENUE = 2_300_000;
    public static final long SHORT_USD_PER_VENUE = 2_700_000;

    private MapEvents() {
    }

    public static List<MarketEvent> events() {
        List<MarketEvent> out = new ArrayList<>();
        for (Exchange x : List.of(Exchange.BINANCE, Exchange.OKX)) {
            String src = x.id() + "-test";
            out.add(oi(src, x, "BTC-USDT-PERP", T0, 100, 0));
            out.add(oi(src, x, "BTC-USDT-PERP", T0 + 60_000, 200, 0));
            out.add(mark(src, x, "BTC-USDT-PERP", T0 + 30_000, 50_000));
            out.add(mark(src, x, "BTC-USDT-PERP", T0 + 60_000, 50_000));
        }
        out.add(oi("coinglass", Exchange.COINGLASS, "BTC-ALL-AGG", T0, 0, 5_000_000_000L));
        out.add(oi("coinglass", Exchange.COINGLASS, "BTC-ALL-AGG", T0 + 60_000, 0, 9_000_000_000L));
        out.add(oi("bybit-test", Exchange.BYBIT, "ETH-USDT-PERP", T0, 1_000, 0));
        out.add(oi("bybit-test", Exchange.BYBIT, "ETH-USDT-PERP", T0 + 60_000, 5_000, 0));
        out.add(mark("bybit-test", Exchange.BYBIT, "ETH-USDT-PERP", T0 + 30_000, 4_000));
        out.add(new Trade("binance-spot", Exchange.BINANCE, MarketType.SPOT, "BTCUSDT", "BTC-USDT", TakerSide.BUY,
                50_000 * Fixed.ONE_E8, Fixed.ONE_E8, 50_000 * Fixed.ONE_E6, "s1", false, T0 + 30_000, T0 + 30_000));
        return out;
    }

    static OpenInterest oi(String src, Exchange x, String symbol, long ts, long coins, long usd) {
        return new OpenInterest(src, x, MarketType.LINEAR, symbol.replace("-PERP", "").replace("-", ""), symbol,
                coins * Fixed.ONE_E8, usd * Fixed.ONE_E6, ts, ts + 5);
    }

    static MarkPrice mark(String src, Exchange x, String symbol, long ts, long price) {
        return new MarkPrice(src, x, MarketType.LINEAR, symbol.replace("-PERP", "").replace("-", ""), symbol,
                price * Fixed.ONE_E8, price * Fixed.ONE_E8, ts, ts + 5);
    }

    /** A store file holding {@link #events()}. */
    public static void writeStore(java.nio.file.Path file) {
        try (DuckDbStore s = DuckDbStore.open(file)) {
            for (MarketEvent e : events()) {
                s.accept(e);
            }
            s.flush();
        }
    }
}
