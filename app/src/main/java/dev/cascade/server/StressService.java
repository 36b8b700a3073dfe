package dev.cascade.server;

import java.util.List;

/**
 * What a price shock would liquidate. The interim {@link TierModelStressService} is a static leverage-tier estimate
 * over the latest stored open interest; the cascade simulator of issue #5 (dev.cascade.core.sim) plugs in here.
 */
public interface StressService {
    /** One leverage tier: share of open interest (ppm), the move that liquidates it (ppm), whether the shock reaches it. */
    record Tier(int leverage, long sharePpm, long liquidationMovePpm, boolean liquidated, long notionalUsdE6) {
    }

    /**
     * @param shockPpm      signed price move in ppm (-100000 = -10%); a fall liquidates longs, a rise shorts
     * @param openInterestUsdE6 the open interest the estimate starts from, and where it came from
     */
    record StressResult(String model, String coin, long shockPpm, long openInterestUsdE6, String openInterestSource,
                        long openInterestTs, String sideHit, long liquidatedUsdE6, List<Tier> tiers, List<String> assumptions) {
    }

    StressResult stress(String coin, long shockPpm);
}
