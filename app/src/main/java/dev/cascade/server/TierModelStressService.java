package dev.cascade.server;

import dev.cascade.core.money.Fixed;

import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately simple, fully stated stress estimate until the simulator (#5) lands: the latest stored open interest
 * of the coin, split evenly long/short, spread over leverage tiers (5x 15%, 10x 30%, 25x 25%, 50x 20%, 100x 10%: the
 * tier shares used by open-source liquidation-level models), all positions assumed opened at the current price with
 * 0.5% maintenance margin. A tier is liquidated when the shock reaches 1/leverage - 0.5%. No second-round effects.
 */
public final class TierModelStressService implements StressService {
    static final int[] LEVERAGE = {5, 10, 25, 50, 100};
    static final long[] SHARE_PPM = {150_000, 300_000, 250_000, 200_000, 100_000};
    static final long MAINTENANCE_PPM = 5_000;

    private final DashboardQueries queries;

    public TierModelStressService(DashboardQueries queries) {
        this.queries = queries;
    }

    @Override
    public StressResult stress(String coin, long shockPpm) {
        long latest = queries.latestTs(DashboardQueries.Table.OPEN_INTEREST);
        long oi = 0;
        String source = null;
        long oiTs = -1;
        if (latest >= 0) {
            // Prefer an aggregator's figure (already summed over venues); else the largest venue series.
            List<DashboardQueries.Series> series = queries.openInterestByFeed(latest - 7L * 86_400_000L, latest + 1,
                    86_400_000L, coin);
            for (DashboardQueries.Series s : series) {
                if (s.points().isEmpty()) {
                    continue;
                }
                DashboardQueries.Point last = s.points().get(s.points().size() - 1);
                boolean aggregator = "coinglass".equals(s.source());
                if (aggregator || source == null || (!"coinglass".equals(source) && last.value() > oi)) {
                    oi = last.value();
                    source = s.source();
                    oiTs = last.ts();
                    if (aggregator) {
                        break;
                    }
                }
            }
        }
        long move = Math.abs(shockPpm);
        long sideOi = oi / 2;
        List<Tier> tiers = new ArrayList<>();
        long hit = 0;
        for (int i = 0; i < LEVERAGE.length; i++) {
            long liqMove = 1_000_000L / LEVERAGE[i] - MAINTENANCE_PPM;
            boolean liquidated = move >= liqMove;
            long notional = Fixed.mulDiv(sideOi, SHARE_PPM[i], 6);
            if (liquidated) {
                hit += notional;
            }
            tiers.add(new Tier(LEVERAGE[i], SHARE_PPM[i], liqMove, liquidated, notional));
        }
        List<String> assumptions = List.of(
                "open interest split 50/50 long/short",
                "leverage tiers 5x 15%, 10x 30%, 25x 25%, 50x 20%, 100x 10%",
                "every position opened at the current price; maintenance margin 0.5%",
                "no cascade feedback: liquidations do not move the price further (the simulator of issue #5 models that)");
        return new StressResult("static-leverage-tiers", coin, shockPpm, oi, source, oiTs,
                shockPpm < 0 ? "LONG" : "SHORT", hit, tiers, assumptions);
    }
}
