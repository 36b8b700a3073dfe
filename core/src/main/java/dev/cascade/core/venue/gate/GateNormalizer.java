package dev.cascade.core.venue.gate;

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
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.EventSink;

import java.util.Map;

/**
 * Gate.io USDT futures v4 ("gate-usdt").
 *
 * <p>{@code futures.public_liquidates}: {@code price} is the liquidation order's price ({@link PriceKind#ORDER}), not an
 * average fill; each item's time is {@code time} in ms (the older layout: {@code time_ms}). {@code size} is the liquidation ORDER's size in contracts, signed: negative is a
 * sell, so a LONG was liquidated (the sign is how third-party collectors read it; Gate's own page does not say, see
 * exchange-feeds.md §1.8). Contracts times the contract's {@code quanto_multiplier} give base coin; an unknown
 * multiplier is rejected, never guessed. Gate documented one order per contract per second (a lower bound) and from
 * 2026-08 arrays per aggregation cycle, not yet seen live, so the feed stays labelled a per-second sample.
 *
 * <p>{@code futures.tickers}: {@code total_size} is open interest in contracts, {@code funding_rate} the current 8-hour
 * rate, {@code mark_price} and {@code index_price}.
 */
public final class GateNormalizer implements Normalizer {
    private final Instruments instruments;

    public GateNormalizer(Instruments instruments) {
        this.instruments = instruments;
    }

    @Override
    public String source() {
        return GateVenue.FEED;
    }

    @Override
    public void normalize(String frame, long receiveTs, EventSink out) throws MalformedFrameException {
        Map<String, Object> m = Json.obj(Json.parse(frame), "frame");
        if (m.get("error") != null) {
            throw new MalformedFrameException("Gate error: " + m.get("error"));
        }
        String channel = Json.optStr(m, "channel");
        if (!"update".equals(Json.optStr(m, "event")) || channel == null) {
            return; // subscribe acks, futures.pong
        }
        Elements.each(m.get("result"), "result", d -> {
            switch (channel) {
                case "futures.public_liquidates" -> liquidation(d, receiveTs, out);
                case "futures.tickers" -> ticker(d, frameMillis(m), receiveTs, out);
                default -> {
                }
            }
        });
    }

    /** The frame's time in ms: {@code time_ms}, else {@code time} (seconds). */
    private static long frameMillis(Map<String, Object> m) throws MalformedFrameException {
        if (Json.optStr(m, "time_ms") != null) {
            return Json.integer(m, "time_ms");
        }
        long seconds = Json.integer(m, "time");
        if (seconds < 0 || seconds > Long.MAX_VALUE / 1000) {
            throw new MalformedFrameException("Gate time out of range: " + seconds);
        }
        return seconds * 1000;
    }

    private Instrument instrument(String contract) throws MalformedFrameException {
        Instrument i = instruments.find(Exchange.GATE, contract);
        if (i == null) {
            throw new MalformedFrameException("Gate contract " + contract + " has no known quanto_multiplier; load instruments first");
        }
        return i;
    }

    private void liquidation(Map<String, Object> d, long receiveTs, EventSink out) throws MalformedFrameException {
        String contract = Json.str(d, "contract");
        Instrument inst = instrument(contract);
        String sizeText = Json.str(d, "size");
        long signedContracts = Json.fixed(d, "size", Fixed.E8);
        if (signedContracts == 0) {
            throw new MalformedFrameException("Gate liquidation of size 0");
        }
        long contracts = Math.abs(signedContracts);
        long price = Json.fixed(d, "price", Fixed.E8);
        long qty = Sizes.baseQuantity(inst, contracts, price);
        // Gate's current layout puts "time" in milliseconds on each item; the older one sent "time_ms".
        long ts = Json.optStr(d, "time_ms") != null ? Json.integer(d, "time_ms") : Json.integer(d, "time");
        out.accept(new Liquidation(source(), Exchange.GATE, inst.market(), contract, inst.symbol(),
                signedContracts < 0 ? PositionSide.LONG : PositionSide.SHORT, price, qty, Sizes.notionalUsd(inst, contracts, qty, price),
                contracts, inst.sizeUnit(), PriceKind.ORDER, sizeText, ts, receiveTs, Completeness.SAMPLED_1S_PER_SYMBOL,
                source() + '|' + contract + '|' + ts + '|' + sizeText + '|' + Json.str(d, "price")));
    }

    private void ticker(Map<String, Object> d, long ts, long receiveTs, EventSink out) throws MalformedFrameException {
        String contract = Json.str(d, "contract");
        Instrument inst = instruments.find(Exchange.GATE, contract);
        if (inst == null) {
            return; // tickers of contracts Cascade has not loaded are not errors
        }
        long mark = Json.fixed(d, "mark_price", Fixed.E8);
        out.accept(new MarkPrice(source(), Exchange.GATE, inst.market(), contract, inst.symbol(), mark,
                Json.optStr(d, "index_price") == null ? 0 : Json.fixed(d, "index_price", Fixed.E8), ts, receiveTs));
        if (Json.optStr(d, "total_size") != null) {
            long contracts = Json.fixed(d, "total_size", Fixed.E8);
            long base = Sizes.baseQuantity(inst, contracts, mark);
            out.accept(new OpenInterest(source(), Exchange.GATE, inst.market(), contract, inst.symbol(), base,
                    Sizes.notionalUsd(inst, contracts, base, mark), ts, receiveTs));
        }
        if (Json.optStr(d, "funding_rate") != null) {
            out.accept(new FundingRate(source(), Exchange.GATE, inst.market(), contract, inst.symbol(),
                    Json.fixed(d, "funding_rate", Fixed.E12), 8, -1, mark, ts, receiveTs));
        }
    }
}
