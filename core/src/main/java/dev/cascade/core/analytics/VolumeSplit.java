package dev.cascade.core.analytics;

import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.QueryStore.VolumeTotal;

import java.util.List;

/**
 * Derivatives vs spot traded volume over the ingested trades (only meaningful where spot trades are ingested).
 *
 * @param derivativesUsd linear + inverse, USD e6
 * @param spotUsd        spot, USD e6
 */
public record VolumeSplit(long derivativesUsd, long spotUsd) {
    public static VolumeSplit of(List<VolumeTotal> rows) {
        long deriv = 0;
        long spot = 0;
        for (VolumeTotal r : rows) {
            if ("SPOT".equals(r.market())) {
                spot = Math.addExact(spot, r.notionalUsd());
            } else {
                deriv = Math.addExact(deriv, r.notionalUsd());
            }
        }
        return new VolumeSplit(deriv, spot);
    }

    public VolumeSplit plus(VolumeSplit o) {
        return new VolumeSplit(Math.addExact(derivativesUsd, o.derivativesUsd), Math.addExact(spotUsd, o.spotUsd));
    }

    /** Derivatives volume per dollar of spot volume, e6; -1 when no spot volume was ingested. */
    public long derivativesToSpotE6() {
        return spotUsd == 0 ? -1 : Fixed.divScaled(derivativesUsd, 6, spotUsd);
    }
}
