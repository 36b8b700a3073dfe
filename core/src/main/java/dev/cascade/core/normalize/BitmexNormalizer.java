package dev.cascade.core.normalize;

import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.EventSink;

import java.util.Map;

/**
 * BitMEX realtime ("bitmex"). The {@code liquidation} table mirrors the liquidation engine's open orders: only
 * {@code insert} is a new liquidation (full size at the bankruptcy price); {@code update} is a partial fill and
 * {@code delete} its end, so both are ignored. {@code side} is the ORDER side. There is no timestamp: the receive
 * time stands in, and the orderID is the identity.
 */
public final class BitmexNormalizer implements Normalizer {
    private final Instruments instruments;

    public BitmexNormalizer(Instruments instruments) {
        this.instruments = instruments;
    }

    @Override
    public String source() {
        return "bitmex";
    }

    @Override
    public void normalize(String frame, long receiveTs, EventSink out) throws MalformedFrameException {
        if ("pong".equals(frame)) {
            return;
        }
        Map<String, Object> m = Json.obj(Json.parse(frame), "frame");
        String table = Json.optStr(m, "table");
        if (table == null) {
            return; // welcome/info/subscribe ack
        }
        if (!"liquidation".equals(table) || !"insert".equals(Json.optStr(m, "action"))) {
            return;
        }
        for (Object o : Json.arr(m.get("data"), "data")) {
            Map<String, Object> d = Json.obj(o, "data[]");
            String symbol = Json.str(d, "symbol");
            Instrument inst = instruments.bitmex(symbol);
            String side = Json.str(d, "side");
            if (!"Sell".equals(side) && !"Buy".equals(side)) {
                throw new MalformedFrameException("unknown BitMEX side '" + side + "'");
            }
            long price = Json.fixed(d, "price", Fixed.E8);
            long contracts = Json.fixed(d, "leavesQty", Fixed.E8);
            long qty = Sizes.baseQuantity(inst, contracts, price);
            out.accept(new Liquidation("bitmex", Exchange.BITMEX, inst.market(), symbol, inst.symbol(),
                    PositionSide.fromOrderSide("Sell".equals(side)), price, qty,
                    Sizes.notionalUsd(inst, contracts, qty, price), contracts, inst.sizeUnit(), PriceKind.BANKRUPTCY,
                    side, -1, receiveTs, Completeness.ENGINE_ORDERS, "bitmex|" + Json.str(d, "orderID")));
        }
    }
}
