package dev.cascade.core.venue.bitget;

import dev.cascade.core.normalize.Elements;
import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.normalize.Normalizer;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.EventSink;

import java.util.Map;

/**
 * Bitget UTA public {@code liquidation} channel, USDT futures ("bitget-usdt"). Once a second, per pair, only the
 * largest long and the largest short liquidation of that second: {@link Completeness#SAMPLED_LARGEST_PER_SIDE_1S}, a
 * lower bound. Bitget's push-parameter table was not available (exchange-feeds.md §1.7): this reads {@code side} as the
 * liquidated POSITION's side ({@code buy} = a long) and {@code amount} as quote currency (USDT, taken as USD), as
 * third-party collectors do. {@code raw_side} keeps Bitget's word, so a correction can be applied to stored rows.
 */
public final class BitgetNormalizer implements Normalizer {
    @Override
    public String source() {
        return BitgetVenue.FEED;
    }

    @Override
    public void normalize(String frame, long receiveTs, EventSink out) throws MalformedFrameException {
        if ("pong".equals(frame)) {
            return;
        }
        Map<String, Object> m = Json.obj(Json.parse(frame), "frame");
        if ("error".equals(Json.optStr(m, "event"))) {
            throw new MalformedFrameException("Bitget error " + Json.optStr(m, "code") + ": " + Json.optStr(m, "msg"));
        }
        if (!(m.get("arg") instanceof Map<?, ?>) || m.get("data") == null) {
            return; // subscribe ack
        }
        if (!"liquidation".equals(Json.optStr(Json.obj(m.get("arg"), "arg"), "topic"))) {
            return;
        }
        Elements.each(m.get("data"), "data", d -> {
            String symbol = Json.str(d, "symbol");
            String[] pair = Instruments.splitPair(symbol);
            String side = Json.str(d, "side");
            if (!"buy".equals(side) && !"sell".equals(side)) {
                throw new MalformedFrameException("unknown Bitget side: '" + side + "'");
            }
            long price = Json.fixed(d, "price", Fixed.E8);
            long quoteE8 = Json.fixed(d, "amount", Fixed.E8);
            if (price <= 0) {
                throw new MalformedFrameException("Bitget liquidation price must be positive: " + Json.str(d, "price"));
            }
            long ts = Json.integer(d, "ts");
            out.accept(new Liquidation(source(), Exchange.BITGET, MarketType.LINEAR, symbol, pair[0] + '-' + pair[1] + "-PERP",
                    "buy".equals(side) ? PositionSide.LONG : PositionSide.SHORT, price, Fixed.divScaled(quoteE8, Fixed.E8, price),
                    Fixed.rescale(quoteE8, Fixed.E8, Fixed.E6), quoteE8, QuantityUnit.USD, PriceKind.BANKRUPTCY, side, ts, receiveTs,
                    Completeness.SAMPLED_LARGEST_PER_SIDE_1S,
                    source() + '|' + symbol + '|' + ts + '|' + side + '|' + Json.str(d, "price") + '|' + Json.str(d, "amount")));
        });
    }
}
