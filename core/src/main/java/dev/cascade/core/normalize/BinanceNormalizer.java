package dev.cascade.core.normalize;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.EventSink;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Binance USD-M ("binance-usdm") and COIN-M ("binance-coinm") futures.
 *
 * <p>forceOrder: {@code S} is the liquidation ORDER side (SELL closes a LONG); quantity is {@code z} (filled),
 * price {@code ap} (average fill; {@code p} is the bankruptcy/limit price), time {@code o.T}. USD-M sizes are base
 * coin; COIN-M sizes are contracts of {@code contractSize} USD. The feed sends at most one liquidation per symbol per
 * second, so every liquidation is tagged {@link Completeness#SAMPLED_1S_PER_SYMBOL}.
 *
 * <p>forceOrder frames are parsed token by token (the hot path); the rest (markPriceUpdate, aggTrade, REST
 * openInterest and fundingRate history) through {@link Json}.
 */
public final class BinanceNormalizer implements Normalizer {
    private final String source;
    private final boolean coinMargined;
    private final Instruments instruments;
    private final ForceOrder fo = new ForceOrder();

    public BinanceNormalizer(boolean coinMargined, Instruments instruments) {
        this.coinMargined = coinMargined;
        this.source = coinMargined ? "binance-coinm" : "binance-usdm";
        this.instruments = instruments;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public void normalize(String frame, long receiveTs, EventSink out) throws MalformedFrameException {
        if (frame.startsWith("{\"e\":\"forceOrder\"")) {
            forceOrderFast(frame, receiveTs, out);
            return;
        }
        Object root = Json.parse(frame);
        if (root instanceof List<?> list) {
            // !markPrice@arr and REST fundingRate history come as arrays.
            for (Object o : list) {
                dispatch(Json.obj(o, "element"), receiveTs, out);
            }
        } else {
            Map<String, Object> m = Json.obj(root, "frame");
            Object data = m.get("data");
            if (m.containsKey("stream") && data != null) {
                // Combined stream wrapper: {"stream":"...","data":{...}} or data:[...]
                if (data instanceof List<?> l) {
                    for (Object o : l) {
                        dispatch(Json.obj(o, "data"), receiveTs, out);
                    }
                } else {
                    dispatch(Json.obj(data, "data"), receiveTs, out);
                }
            } else {
                dispatch(m, receiveTs, out);
            }
        }
    }

    private void dispatch(Map<String, Object> m, long receiveTs, EventSink out) throws MalformedFrameException {
        String e = Json.optStr(m, "e");
        if (e == null) {
            if (m.containsKey("openInterest")) {
                openInterestRest(m, receiveTs, out);
            } else if (m.containsKey("fundingRate") && m.containsKey("fundingTime")) {
                fundingRest(m, receiveTs, out);
            } else if (m.containsKey("result") || m.containsKey("id")) {
                return; // subscription ack {"result":null,"id":1}
            } else {
                throw new MalformedFrameException("unrecognized Binance message");
            }
            return;
        }
        switch (e) {
            case "forceOrder" -> forceOrderSlow(m, receiveTs, out);
            case "markPriceUpdate" -> markPrice(m, receiveTs, out);
            case "aggTrade", "trade" -> trade(m, receiveTs, out);
            default -> {
                // Other event types on a shared connection are not ours to store.
            }
        }
    }

    private void forceOrderSlow(Map<String, Object> m, long receiveTs, EventSink out) throws MalformedFrameException {
        Map<String, Object> o = Json.obj(m.get("o"), "o");
        fo.reset();
        fo.symbol = Json.str(o, "s");
        fo.side = Json.str(o, "S");
        fo.z = Json.fixed(o, "z", Fixed.E8);
        fo.ap = Json.fixed(o, "ap", Fixed.E8);
        fo.zText = Json.str(o, "z");
        fo.apText = Json.str(o, "ap");
        fo.tradeTime = Json.integer(o, "T");
        emitLiquidation(receiveTs, out);
    }

    /** Reusable holder for one forceOrder: the hot path allocates only the strings it must keep. */
    private static final class ForceOrder {
        String symbol;
        String side;
        long z = -1;
        long ap = -1;
        String zText;
        String apText;
        long tradeTime = -1;

        void reset() {
            symbol = null;
            side = null;
            z = -1;
            ap = -1;
            zText = null;
            apText = null;
            tradeTime = -1;
        }
    }

    private void forceOrderFast(String frame, long receiveTs, EventSink out) throws MalformedFrameException {
        fo.reset();
        try (JsonParser p = Json.FACTORY.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedFrameException("forceOrder frame is not an object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                t = p.nextToken();
                if ("o".equals(name) && t == JsonToken.START_OBJECT) {
                    readOrder(p);
                } else if (t.isStructStart()) {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new MalformedFrameException("truncated forceOrder frame");
            }
        } catch (IOException e) {
            throw new MalformedFrameException("invalid JSON", e);
        }
        if (fo.symbol == null || fo.side == null || fo.z < 0 || fo.ap < 0 || fo.tradeTime < 0) {
            throw new MalformedFrameException("forceOrder misses one of o.s, o.S, o.z, o.ap, o.T");
        }
        emitLiquidation(receiveTs, out);
    }

    private void readOrder(JsonParser p) throws IOException, MalformedFrameException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            t = p.nextToken();
            if (t.isStructStart()) {
                p.skipChildren();
                continue;
            }
            if (name.length() == 1) {
                switch (name.charAt(0)) {
                    case 's' -> fo.symbol = p.getText();
                    case 'S' -> fo.side = p.getText();
                    case 'z' -> {
                        fo.zText = p.getText();
                        fo.z = number(p, "z");
                    }
                    case 'T' -> fo.tradeTime = p.getLongValue();
                    default -> {
                    }
                }
            } else if ("ap".equals(name)) {
                fo.apText = p.getText();
                fo.ap = number(p, "ap");
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new MalformedFrameException("truncated forceOrder order object");
        }
    }

    private static long number(JsonParser p, String field) throws IOException, MalformedFrameException {
        try {
            return Fixed.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), Fixed.E8);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new MalformedFrameException("bad number in o." + field + ": " + p.getText());
        }
    }

    private void emitLiquidation(long receiveTs, EventSink out) throws MalformedFrameException {
        Instrument inst = instruments.binance(fo.symbol, coinMargined);
        boolean sell = "SELL".equals(fo.side);
        if (!sell && !"BUY".equals(fo.side)) {
            throw new MalformedFrameException("unknown order side '" + fo.side + "'");
        }
        long qty = Sizes.baseQuantity(inst, fo.z, fo.ap);
        long usd = Sizes.notionalUsd(inst, fo.z, qty, fo.ap);
        String key = source + '|' + fo.symbol + '|' + fo.tradeTime + '|' + fo.zText + '|' + fo.apText;
        out.accept(new Liquidation(source, Exchange.BINANCE, inst.market(), fo.symbol, inst.symbol(),
                PositionSide.fromOrderSide(sell), fo.ap, qty, usd, fo.z, inst.sizeUnit(), PriceKind.AVERAGE_FILL,
                fo.side, fo.tradeTime, receiveTs, Completeness.SAMPLED_1S_PER_SYMBOL, key));
    }

    private void markPrice(Map<String, Object> m, long receiveTs, EventSink out) throws MalformedFrameException {
        String s = Json.str(m, "s");
        Instrument inst = instruments.binance(s, coinMargined);
        long ts = Json.integer(m, "E");
        long mark = Json.fixed(m, "p", Fixed.E8);
        String index = Json.optStr(m, "i");
        out.accept(new MarkPrice(source, Exchange.BINANCE, inst.market(), s, inst.symbol(), mark,
                index == null || index.isEmpty() ? 0 : Fixed.parse(index, Fixed.E8), ts, receiveTs));
        String r = Json.optStr(m, "r");
        if (r != null && !r.isEmpty()) { // delivery contracts send r:"" and T:0
            out.accept(new FundingRate(source, Exchange.BINANCE, inst.market(), s, inst.symbol(),
                    Fixed.parse(r, Fixed.E12), 8, Json.integer(m, "T"), mark, ts, receiveTs));
        }
    }

    private void trade(Map<String, Object> m, long receiveTs, EventSink out) throws MalformedFrameException {
        String s = Json.str(m, "s");
        Instrument inst = instruments.binance(s, coinMargined);
        long price = Json.fixed(m, "p", Fixed.E8);
        long nativeQty = Json.fixed(m, "q", Fixed.E8);
        long qty = Sizes.baseQuantity(inst, nativeQty, price);
        String id = Json.optStr(m, "a") != null ? Json.str(m, "a") : Json.str(m, "t");
        // m = buyer is the maker, so the taker sold.
        TakerSide taker = "true".equals(Json.optStr(m, "m")) ? TakerSide.SELL : TakerSide.BUY;
        out.accept(new Trade(source, Exchange.BINANCE, inst.market(), s, inst.symbol(), taker, price, qty,
                Sizes.notionalUsd(inst, nativeQty, qty, price), id, false, Json.integer(m, "T"), receiveTs));
    }

    private void openInterestRest(Map<String, Object> m, long receiveTs, EventSink out) throws MalformedFrameException {
        String s = Json.str(m, "symbol");
        Instrument inst = instruments.binance(s, coinMargined);
        long oi = Json.fixed(m, "openInterest", Fixed.E8);
        long ts = Json.integer(m, "time");
        // USD-M OI is in coin (USD value needs a price: left 0 here, the store joins mark price); COIN-M in contracts.
        long base = coinMargined ? 0 : oi;
        long usd = coinMargined ? Fixed.rescale(Fixed.mulDiv(oi, inst.contractValue(), Fixed.E8), Fixed.E8, Fixed.E6) : 0;
        out.accept(new OpenInterest(source, Exchange.BINANCE, inst.market(), s, inst.symbol(), base, usd, ts, receiveTs));
    }

    private void fundingRest(Map<String, Object> m, long receiveTs, EventSink out) throws MalformedFrameException {
        String s = Json.str(m, "symbol");
        Instrument inst = instruments.binance(s, coinMargined);
        long t = Json.integer(m, "fundingTime");
        String mark = Json.optStr(m, "markPrice");
        String hours = Json.optStr(m, "fundingIntervalHours");
        out.accept(new FundingRate(source, Exchange.BINANCE, inst.market(), s, inst.symbol(),
                Json.fixed(m, "fundingRate", Fixed.E12), hours == null ? 8 : Integer.parseInt(hours), t,
                mark == null || mark.isEmpty() ? 0 : Fixed.parse(mark, Fixed.E8), t, receiveTs));
    }
}
