package dev.cascade.core.venue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A REST endpoint polled per coin, for values a venue publishes over REST only (Binance open interest; the
 * long/short account ratios of Binance, Bybit and OKX). The app's poller asks {@code path?query} for each coin every
 * {@code every} and feeds the bodies to the feed's normalizer.
 *
 * @param kind     what it polls (the command line can turn each kind off)
 * @param path     request path under the venue's REST base
 * @param queryOf  the query string for a coin ("BTC" -> "symbol=BTCUSDT&period=5m&limit=3")
 * @param every    how often each coin is asked
 * @param wrapped  whether the body names no symbol or period of its own (OKX answers {@code [[ts, ratio]]}), so the
 *                 frame must carry the request with it ({@link RestFrame}); false keeps the venue's body as it came
 */
public record RestPoll(Kind kind, String path, Function<String, String> queryOf, Duration every, boolean wrapped) {

    /** What a poll reads. */
    public enum Kind {
        OPEN_INTEREST("open interest"),
        LONG_SHORT_RATIO("long/short ratio");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A poll of {@code path?symbol=<native symbol>} whose bodies are kept as the venue sent them. */
    public static RestPoll openInterest(String path, Function<String, String> symbolOf, Duration every) {
        return new RestPoll(Kind.OPEN_INTEREST, path, coin -> "symbol=" + symbolOf.apply(coin), every, false);
    }

    /** A long/short ratio poll; its frames carry the request ({@link RestFrame}), since the period is only there. */
    public static RestPoll longShortRatio(String path, Function<String, String> queryOf, Duration every) {
        return new RestPoll(Kind.LONG_SHORT_RATIO, path, queryOf, every, true);
    }

    /** The query of each coin, upper-cased as venues spell coins. */
    public List<String> queries(List<String> coins) {
        return coins.stream().map(c -> queryOf.apply(c.toUpperCase(Locale.ROOT))).toList();
    }
}
