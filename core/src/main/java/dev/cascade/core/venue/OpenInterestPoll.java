package dev.cascade.core.venue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A REST open-interest endpoint polled per symbol, for venues with no open-interest stream (Binance).
 *
 * @param path     request path under the venue's REST base, queried with {@code ?symbol=}
 * @param symbolOf the native symbol of a coin ("BTC" -> "BTCUSDT")
 * @param every    how often each symbol is asked
 */
public record OpenInterestPoll(String path, Function<String, String> symbolOf, Duration every) {
    public List<String> symbols(List<String> coins) {
        return coins.stream().map(c -> symbolOf.apply(c.toUpperCase(Locale.ROOT))).toList();
    }
}
