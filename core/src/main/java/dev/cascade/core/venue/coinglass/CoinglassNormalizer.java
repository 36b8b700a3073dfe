package dev.cascade.core.venue.coinglass;

import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.normalize.Normalizer;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.EventSink;

import java.util.Map;

/**
 * CoinGlass aggregate rows ("coinglass"), one bucket per frame, as shipped in data/ (derived from the CoinGlass API
 * export in ../shared/data). These are sums over exchanges, not orders: liquidation buckets become two
 * {@link Liquidation} rows (long and short) stamped at the bucket start with {@link Completeness#AGGREGATE}, so
 * window totals over whole buckets equal the file exactly. OI and funding buckets become samples of their open value
 * at the bucket start; funding percent becomes a fraction.
 *
 * <pre>
 * {"endpoint":"liquidation","symbol":"BTC","interval_ms":14400000,"time":1760126400000,"long_usd":"235601013.09389","short_usd":"107461506.04199"}
 * {"endpoint":"open-interest","symbol":"BTC","interval_ms":14400000,"time":...,"open":"...","high":"...","low":"...","close":"..."}
 * {"endpoint":"funding-oi-weighted","symbol":"BTC","interval_ms":14400000,"time":...,"open":"0.00924",...}  (percent)
 * {"endpoint":"open-interest-close","symbol":"ETH","interval_ms":"86400000","time":...,"close":"6604876608.0",...}
 * </pre>
 * A daily {@code open-interest-close} row is the aggregated futures OI at the day's close: it is stored as a sample at
 * the last millisecond of the day ({@code time + interval_ms - 1}), so a window that ends at midnight holds that
 * day's close and not the next one.
 */
public final class CoinglassNormalizer implements Normalizer {
    @Override
    public String source() {
        return CoinglassVenue.FEED;
    }

    @Override
    public void normalize(String frame, long receiveTs, EventSink out) throws MalformedFrameException {
        Map<String, Object> m = Json.obj(Json.parse(frame), "frame");
        String endpoint = Json.str(m, "endpoint");
        String coin = Json.str(m, "symbol");
        String symbol = coin + "-ALL-AGG";
        long t = Json.integer(m, "time");
        switch (endpoint) {
            case "liquidation" -> {
                String interval = Json.str(m, "interval_ms");
                liquidation(coin, symbol, t, PositionSide.LONG, Json.fixed(m, "long_usd", Fixed.E6), interval, receiveTs, out);
                liquidation(coin, symbol, t, PositionSide.SHORT, Json.fixed(m, "short_usd", Fixed.E6), interval, receiveTs, out);
            }
            case "open-interest" -> out.accept(new OpenInterest(CoinglassVenue.FEED, Exchange.COINGLASS, MarketType.LINEAR, coin,
                    symbol, 0, Json.fixed(m, "open", Fixed.E6), t, receiveTs));
            case "open-interest-close" -> {
                long interval = Json.integer(m, "interval_ms");
                if (interval <= 0 || interval > 31 * 86_400_000L) {
                    throw new MalformedFrameException("CoinGlass interval_ms out of range: " + interval);
                }
                if (t < 0 || t > Long.MAX_VALUE - interval) {
                    throw new MalformedFrameException("CoinGlass time out of range: " + t);
                }
                out.accept(new OpenInterest(CoinglassVenue.FEED, Exchange.COINGLASS, MarketType.LINEAR, coin, symbol, 0,
                        Json.fixed(m, "close", Fixed.E6), t + interval - 1, receiveTs));
            }
            case "funding-oi-weighted" -> out.accept(new FundingRate(CoinglassVenue.FEED, Exchange.COINGLASS, MarketType.LINEAR,
                    coin, symbol, Json.fixed(m, "open", Fixed.E12 - 2), 8, -1, 0, t, receiveTs));
            default -> throw new MalformedFrameException("unknown CoinGlass endpoint: '" + endpoint + "'");
        }
    }

    private static void liquidation(String coin, String symbol, long t, PositionSide side, long usd, String interval,
                                    long receiveTs, EventSink out) {
        out.accept(new Liquidation(CoinglassVenue.FEED, Exchange.COINGLASS, MarketType.LINEAR, coin, symbol, side, 0, 0, usd,
                Fixed.rescale(usd, Fixed.E6, Fixed.E8), QuantityUnit.USD, PriceKind.NONE, side.name(), t, receiveTs,
                Completeness.AGGREGATE, CoinglassVenue.FEED + "|" + coin + '|' + interval + '|' + t + '|' + side));
    }
}
