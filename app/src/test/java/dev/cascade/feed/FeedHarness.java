package dev.cascade.feed;

import dev.cascade.core.venue.ExchangeConnector;
import dev.cascade.core.model.EventKeys;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.Trade;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.Pipeline;
import dev.cascade.feed.fake.FakeVenue;
import dev.cascade.feed.fake.FakeWsServer;
import dev.cascade.store.DuckDbStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One connector against its fake venue, an in-memory store, and helpers to compare what was sent with what was stored. */
class FeedHarness implements AutoCloseable {
    static final SessionSettings FAST = new SessionSettings(Duration.ofMillis(20), Duration.ofMillis(200),
            Duration.ofSeconds(3), Duration.ofMillis(100), Duration.ofMillis(1500), 1 << 20);
    static final List<String> TABLES = List.of("liquidation", "trade", "open_interest", "funding", "mark_price");

    final FakeVenue venue;
    final DuckDbStore store;
    final TestIngest ingest;
    private boolean ingestClosed;

    FeedHarness(FakeVenue venue, FrameQueue queue) throws Exception {
        this(venue, queue, FAST);
    }

    FeedHarness(FakeVenue venue, FrameQueue queue, SessionSettings settings) throws Exception {
        this.venue = venue.start();
        this.store = DuckDbStore.open(null);
        this.ingest = new TestIngest(List.of(connectorFor(venue)), settings, queue, store, 50);
    }

    FeedStatus status() {
        return ingest.sessions().get(0).status();
    }

    /** The connector under test (overridable, e.g. to shorten the link age limit). */
    ExchangeConnector connectorFor(FakeVenue v) {
        return v.connector(v.base());
    }

    /** The next subscribed, open link other than {@code previous}. */
    FakeWsServer.Conn subscribed(FakeWsServer.Conn previous) throws InterruptedException {
        return venue.server().await(c -> c != previous && c.subscribed && c.isOpen() && !c.stalled(), 10_000);
    }

    /** Sends frames [from, to); every 7th goes out in 3 fragments to exercise reassembly. */
    void send(FakeWsServer.Conn c, int from, int to) {
        for (int i = from; i < to; i++) {
            sendOne(c, i, true);
        }
    }

    void sendOne(FakeWsServer.Conn c, int i, boolean flush) {
        if (i % 7 == 3) {
            c.sendFragmented(venue.frame(i), 3);
        } else {
            c.send(venue.frame(i), flush);
        }
    }

    /**
     * Streams frames 0, 1, 2... to every open, subscribed link at once (as a venue does to each connection, so links
     * overlap during a rotation) while {@code more} holds; returns how many frames were sent.
     */
    int streamToEveryLinkWhile(java.util.function.BooleanSupplier more) throws InterruptedException {
        int n = 0;
        while (more.getAsBoolean()) {
            for (FakeWsServer.Conn c : venue.server().connections()) {
                if (c.isOpen() && c.subscribed) {
                    try {
                        c.send(venue.frame(n));
                    } catch (RuntimeException closedMeanwhile) {
                        // the client retired this link
                    }
                }
            }
            n++;
            Thread.sleep(2);
        }
        return n;
    }

    /** Stops ingesting and checks that the events of frames [0, n) were all stored, each once. */
    void assertAllStoredOnce(int n) throws Exception {
        Map<String, Set<Long>> expected = expected(n);
        awaitStored(expected, 15_000);
        stopIngest();
        Map<String, List<Long>> stored = stored();
        for (String t : TABLES) {
            org.assertj.core.api.Assertions.assertThat(stored.get(t)).as(t).doesNotHaveDuplicates();
            org.assertj.core.api.Assertions.assertThat(new HashSet<>(stored.get(t))).as(t).isEqualTo(expected.get(t));
        }
    }

    /** Event ids per table that normalizing frames [0, n) must produce. */
    Map<String, Set<Long>> expected(int n) {
        Map<String, Set<Long>> out = new HashMap<>();
        for (String t : TABLES) {
            out.put(t, new HashSet<>());
        }
        List<MarketEvent> events = new ArrayList<>();
        Pipeline p = new Pipeline(Instruments.withDefaults(), events::add, (s, f, r) -> {
            throw new AssertionError("fake frame rejected: " + r + ": " + f);
        });
        for (int i = 0; i < n; i++) {
            p.accept(venue.source(), venue.frame(i), System.currentTimeMillis());
        }
        for (MarketEvent e : events) {
            out.get(table(e)).add(EventKeys.of(e));
        }
        return out;
    }

    static String table(MarketEvent e) {
        if (e instanceof Liquidation) {
            return "liquidation";
        } else if (e instanceof Trade) {
            return "trade";
        } else if (e instanceof OpenInterest) {
            return "open_interest";
        } else if (e instanceof FundingRate) {
            return "funding";
        } else if (e instanceof MarkPrice) {
            return "mark_price";
        }
        throw new IllegalArgumentException(e.toString());
    }

    static int size(Map<String, Set<Long>> ids) {
        return ids.values().stream().mapToInt(Set::size).sum();
    }

    /** Stored event ids per table (a list: duplicates would show as repeated ids). */
    Map<String, List<Long>> stored() throws SQLException {
        Map<String, List<Long>> out = new HashMap<>();
        try (Connection c = store.connect(); Statement st = c.createStatement()) {
            for (String t : TABLES) {
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT event_id FROM " + t)) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                out.put(t, ids);
            }
        }
        return out;
    }

    /** Waits until every expected id is stored (the store writer flushes every 50 ms). */
    void awaitStored(Map<String, Set<Long>> expected, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        int have = 0;
        while (System.currentTimeMillis() < deadline) {
            Map<String, List<Long>> s = stored();
            have = 0;
            boolean all = true;
            for (String t : TABLES) {
                Set<Long> got = new HashSet<>(s.get(t));
                all &= got.containsAll(expected.get(t));
                have += got.size();
            }
            if (all) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("only " + have + " of " + size(expected) + " events stored within " + timeoutMs + " ms; "
                + ingest.spine.counts() + ", session " + ingest.sessions().get(0).status().lastError());
    }

    /** Rows of feed_gap for this source: [from, to]. */
    List<long[]> gaps() throws SQLException {
        List<long[]> out = new ArrayList<>();
        try (Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("SELECT ts, to_ts FROM feed_gap WHERE source = ? ORDER BY ts")) {
            ps.setString(1, venue.source());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new long[]{rs.getLong(1), rs.getLong(2)});
                }
            }
        }
        return out;
    }

    long malformed() {
        Pipeline.FeedCounts c = ingest.spine.counts().get(venue.source());
        return c == null ? 0 : c.malformed();
    }

    /** Stops the ingest (drains and flushes) but keeps the store open for assertions. */
    void stopIngest() {
        if (!ingestClosed) {
            ingestClosed = true;
            ingest.close();
        }
    }

    @Override
    public void close() throws Exception {
        stopIngest();
        store.close();
        venue.close();
    }
}
