package dev.cascade.core.venue.synthetic;

import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.normalize.Normalizer;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.QuantityUnit;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.EventSink;

import java.util.Map;

/**
 * SYNTHETIC event-level data ("synthetic-crash"): generated, not recorded from any venue. Used to give the bundled
 * 10 Oct 2025 crash window a minute-level price, liquidation, OI and funding series (the real bundled data is 4-hour
 * CoinGlass buckets only). Every event keeps the source id "synthetic-crash" so reports can label it; {@code venue}
 * only says which exchange the generator attributed it to. Frames (all numbers as decimal text):
 * <pre>
 * {"kind":"liquidation","venue":"binance","id":"17","ts":"1760130900123","side":"LONG","price":"108000.5","qty":"0.1","notional_usd":"10800.05"}
 * {"kind":"mark","venue":"bybit","ts":"...","mark":"108001.2"}
 * {"kind":"oi","venue":"okx","ts":"...","oi_usd":"21000000000","oi_base":"180000.1"}   (one-sided)
 * {"kind":"funding","venue":"binance","ts":"...","rate":"0.0001","interval_hours":"8"}
 * </pre>
 */
public final class SyntheticNormalizer implements Normalizer {
    public static final String SOURCE = "synthetic-crash";
    public static final String SYMBOL = "BTC-USDT-PERP";

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public void normalize(String frame, long receiveTs, EventSink out) throws MalformedFrameException {
        Map<String, Object> m = Json.obj(Json.parse(frame), "frame");
        String kind = Json.str(m, "kind");
        Exchange venue;
        try {
            venue = Exchange.parse(Json.str(m, "venue"));
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException(e.getMessage());
        }
        long ts = Json.integer(m, "ts");
        // Per-venue native symbol: event keys (source|nativeSymbol|ts) must differ between venues sampled at the same instant.
        String nativeSymbol = venue.id() + ":BTCUSDT";
        switch (kind) {
            case "liquidation" -> {
                String side = Json.str(m, "side");
                PositionSide position;
                if ("LONG".equals(side)) {
                    position = PositionSide.LONG;
                } else if ("SHORT".equals(side)) {
                    position = PositionSide.SHORT;
                } else {
                    throw new MalformedFrameException("synthetic side must be LONG or SHORT: '" + side + "'");
                }
                long qty = Json.fixed(m, "qty", Fixed.E8);
                out.accept(new Liquidation(SOURCE, venue, MarketType.LINEAR, nativeSymbol, SYMBOL, position,
                        Json.fixed(m, "price", Fixed.E8), qty, Json.fixed(m, "notional_usd", Fixed.E6), qty, QuantityUnit.BASE,
                        PriceKind.AVERAGE_FILL, side, ts, receiveTs, Completeness.COMPLETE,
                        SOURCE + '|' + venue.id() + '|' + Json.str(m, "id")));
            }
            case "mark" -> out.accept(new MarkPrice(SOURCE, venue, MarketType.LINEAR, nativeSymbol, SYMBOL,
                    Json.fixed(m, "mark", Fixed.E8), 0, ts, receiveTs));
            case "oi" -> out.accept(new OpenInterest(SOURCE, venue, MarketType.LINEAR, nativeSymbol, SYMBOL,
                    Json.fixed(m, "oi_base", Fixed.E8), Json.fixed(m, "oi_usd", Fixed.E6), ts, receiveTs));
            case "funding" -> {
                long hours = Json.integer(m, "interval_hours");
                out.accept(new FundingRate(SOURCE, venue, MarketType.LINEAR, nativeSymbol, SYMBOL, Json.fixed(m, "rate", Fixed.E12),
                        (int) hours, -1, 0, ts, receiveTs));
            }
            default -> throw new MalformedFrameException("unknown synthetic kind: '" + kind + "'");
        }
    }
}
