package dev.cascade.server;

import dev.cascade.core.analytics.Autopsy;
import dev.cascade.core.analytics.AutopsyReport;
import dev.cascade.core.analytics.CascadeDetector;
import dev.cascade.core.port.QueryStore;

import java.util.Set;

/** Post-mortem of one window, as the core analytics build it ({@link Autopsy} -> {@link AutopsyReport}). */
@FunctionalInterface
public interface AutopsyService {
    AutopsyReport autopsy(long fromTs, long toTs, String coin);

    /**
     * The core autopsy over the server's store with the default detector. No source is declared two-sided: stored
     * open interest went through the normalizers, which already keep one side (docs/analytics.md).
     */
    static AutopsyService over(QueryStore store) {
        Autopsy autopsy = new Autopsy(CascadeDetector.Params.DEFAULT, Set.of());
        return (fromTs, toTs, coin) -> autopsy.build(Autopsy.query(store, fromTs, toTs, coin));
    }
}
