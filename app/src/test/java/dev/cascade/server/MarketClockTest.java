package dev.cascade.server;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class MarketClockTest {
    private static final long OCT_10 = Instant.parse("2025-10-10T21:15:00Z").toEpochMilli();
    private static final long NOV_14 = Instant.parse("2025-11-14T20:00:00Z").toEpochMilli();
    private final AtomicLong wall = new AtomicLong(Instant.parse("2026-11-30T12:00:00Z").toEpochMilli());
    private final MarketClock clock = new MarketClock(wall::get);

    @Test
    void aReplayOfOctoberIsNowEvenWhenTheLoadedHistoryRunsToNovember() {
        // serve --load data/ --replay crash.jsonl.gz: months of CoinGlass buckets up to 14 Nov, then the feed plays 10 Oct.
        clock.attachLiveSource();
        clock.observeStored(NOV_14);
        assertThat(clock.now()).as("before the first live event: wall time, not the history's end").isEqualTo(wall.get());
        clock.observeLive(OCT_10);
        assertThat(clock.now()).isEqualTo(OCT_10);
        clock.observeStored(NOV_14 + 1);
        clock.observeLive(OCT_10 - 60_000); // a late event does not move the clock back
        assertThat(clock.now()).isEqualTo(OCT_10);
        assertThat(clock.windowEnd()).isEqualTo(OCT_10 + 1);
    }

    @Test
    void withoutALiveSourceTheStoredDataIsNowAndAnEmptyServerIsOnWallTime() {
        assertThat(clock.now()).isEqualTo(wall.get());
        assertThat(clock.hasData()).isFalse();
        clock.observeStored(NOV_14);
        assertThat(clock.now()).isEqualTo(NOV_14);
        assertThat(clock.hasData()).isTrue();
    }
}
