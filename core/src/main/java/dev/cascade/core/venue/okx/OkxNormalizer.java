package dev.cascade.core.venue.okx;

import dev.cascade.core.normalize.Elements;
import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.Sizes;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.normalize.Normalizer;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.EventSink;

import java.util.Map;

/**
 * OKX v5 public ("okx"). {@code liquidation-orders}: {@code details[].side} is the ORDER side (sell closes a long;
 * {@code posSide} is "net" in net mode so it cannot be relied on), {@code sz} is CONTRACTS: times {@code ctVal} gives
 * base coin (linear) or USD (inverse). OKX says the feed is not the total, so it is {@link Completeness#PARTIAL}.
 */
public final class OkxNormalizer implements Normalizer {
    private final Instruments instruments;

    public OkxNormalizer(Instruments instruments) {
        this.instruments = instruments;
    }

    @Override
    public String source() {
        return OkxVenue.FEED;
    }

    @Override
    public void normalize(String frame, long receiveTs, EventSink out) throws MalformedFrameException {
        if ("pong".equals(frame)) {
            return;
        }
        Map<String, Object> m = Json.obj(Json.parse(frame), "frame");
        if (m.containsKey("event")) {
            String event = Json.str(m, "event");
            if ("error".equals(event)) {
                throw new MalformedFrameException("OKX error " + Json.optStr(m, "code") + ": " + Json.optStr(m, "msg"));
            }
            return; // subscribe ack
        }
        Map<String, Object> arg = Json.obj(m.get("arg"), "arg");
        String channel = Json.str(arg, "channel");
        Elements.each(m.get("data"), "data", d -> {
            switch (channel) {
                case "liquidation-orders" -> liquidations(d, receiveTs, out);
                case "open-interest" -> openInterest(d, receiveTs, out);
                case "funding-rate" -> funding(d, receiveTs, out);
                case "trades" -> trade(d, receiveTs, out);
                default -> {
                }
            }
        });
    }

    private void liquidations(Map<String, Object> d, long receiveTs, EventSink out) throws MalformedFrameException {
        String instId = Json.str(d, "instId");
        Instrument inst = instruments.require(Exchange.OKX, instId, "ctVal");
        Elements.each(d.get("details"), "details", x -> {
            String side = Json.str(x, "side");
            if (!"sell".equals(side) && !"buy".equals(side)) {
                throw new MalformedFrameException("unknown OKX side '" + side + "'");
            }
            long price = Json.fixed(x, "bkPx", Fixed.E8);
            long contracts = Json.fixed(x, "sz", Fixed.E8);
            long ts = Json.integer(x, "ts");
            long qty = Sizes.baseQuantity(inst, contracts, price);
            String key = OkxVenue.FEED + "|" + instId + '|' + ts + '|' + side + '|' + Json.str(x, "sz") + '|' + Json.str(x, "bkPx");
            out.accept(new Liquidation(OkxVenue.FEED, Exchange.OKX, inst.market(), instId, inst.symbol(),
                    PositionSide.fromOrderSide("sell".equals(side)), price, qty,
                    Sizes.notionalUsd(inst, contracts, qty, price), contracts, inst.sizeUnit(), PriceKind.BANKRUPTCY,
                    side, ts, receiveTs, Completeness.PARTIAL, key));
        });
    }

    private void openInterest(Map<String, Object> d, long receiveTs, EventSink out) throws MalformedFrameException {
        String instId = Json.str(d, "instId");
        Instrument inst = instruments.require(Exchange.OKX, instId, "ctVal");
        out.accept(new OpenInterest(OkxVenue.FEED, Exchange.OKX, inst.market(), instId, inst.symbol(),
                Json.fixed(d, "oiCcy", Fixed.E8), Json.fixed(d, "oiUsd", Fixed.E6), Json.integer(d, "ts"), receiveTs));
    }

    /** A rate needs no contract size: an instrument not loaded is named from its id ("PEPE-USDT-SWAP"). */
    private void funding(Map<String, Object> d, long receiveTs, EventSink out) throws MalformedFrameException {
        String instId = Json.str(d, "instId");
        Instrument inst = instruments.find(Exchange.OKX, instId);
        if (inst == null) {
            inst = OkxVenue.unsized(instId);
        }
        long fundingTime = Json.integer(d, "fundingTime");
        String next = Json.optStr(d, "nextFundingTime");
        int hours = next == null || next.isEmpty() ? 8 : (int) ((Json.integer(d, "nextFundingTime") - fundingTime) / 3_600_000L);
        out.accept(new FundingRate(OkxVenue.FEED, Exchange.OKX, inst.market(), instId, inst.symbol(),
                Json.fixed(d, "fundingRate", Fixed.E12), hours > 0 ? hours : 8, fundingTime, 0, Json.integer(d, "ts"),
                receiveTs));
    }

    private void trade(Map<String, Object> d, long receiveTs, EventSink out) throws MalformedFrameException {
        String instId = Json.str(d, "instId");
        Instrument inst = instruments.require(Exchange.OKX, instId, "ctVal");
        long price = Json.fixed(d, "px", Fixed.E8);
        long contracts = Json.fixed(d, "sz", Fixed.E8);
        long qty = Sizes.baseQuantity(inst, contracts, price);
        out.accept(new Trade(OkxVenue.FEED, Exchange.OKX, inst.market(), instId, inst.symbol(),
                "sell".equals(Json.str(d, "side")) ? TakerSide.SELL : TakerSide.BUY, price, qty,
                Sizes.notionalUsd(inst, contracts, qty, price), Json.str(d, "tradeId"), false, Json.integer(d, "ts"),
                receiveTs));
    }
}
