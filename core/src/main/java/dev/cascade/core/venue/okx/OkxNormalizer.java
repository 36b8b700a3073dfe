package dev.cascade.core.venue.okx;

import dev.cascade.core.normalize.AccountRatios;
import dev.cascade.core.normalize.Elements;
import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.InPlaceFrames;
import dev.cascade.core.normalize.JsonCursor;
import dev.cascade.core.normalize.Sizes;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.normalize.Normalizer;
import dev.cascade.core.normalize.SymbolCache;
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
import dev.cascade.core.venue.RestFrame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OKX v5 public ("okx"). {@code liquidation-orders}: {@code details[].side} is the ORDER side (sell closes a long;
 * {@code posSide} is "net" in net mode so it cannot be relied on), {@code sz} is CONTRACTS: times {@code ctVal} gives
 * base coin (linear) or USD (inverse). OKX says the feed is not the total, so it is {@link Completeness#PARTIAL}.
 */
public final class OkxNormalizer implements Normalizer {
    private final Instruments instruments;
    /** Where the current element's details were found: its instId, which names their instrument, comes after them. */
    private final List<Detail> details = new ArrayList<>();
    private final StringBuilder key = new StringBuilder(96);
    private final InPlaceFrames inPlace = new InPlaceFrames(this::template, this::walk);
    /**
     * The instId Strings of the fast paths, one per instrument rather than one per frame (the guard's symbol check then
     * remembers them). Instruments are not cached here: the catalog is asked each time, as loaded metadata may arrive.
     */
    private final SymbolCache symbols;

    /** Liquidation frames read on the fast path, for tests and benchmarks. */
    public long fastFrames() {
        return inPlace.frames();
    }

    /** Of those, the frames read by the template (the venue's own layout); the rest took the field walk. */
    public long templateFrames() {
        return inPlace.templateFrames();
    }

    public OkxNormalizer(Instruments instruments) {
        this.instruments = instruments;
        this.symbols = new SymbolCache(s -> instruments.require(Exchange.OKX, s, "ctVal"));
    }

    /** One entry of {@code details}, read but not yet made an event. */
    private record Detail(String side, long price, long contracts, long ts, int tsFrom, int tsTo, int szFrom, int szTo, int pxFrom,
                          int pxTo) {
        /** From where the fields were found; a time with leading zeros (the key spells it without) falls back. */
        static Detail of(JsonCursor c, String side, int pxFrom, int pxTo, int szFrom, int szTo, int tsFrom, int tsTo) {
            String frame = c.text();
            if (tsTo - tsFrom > 1 && frame.charAt(tsFrom) == '0') {
                throw JsonCursor.FALLBACK;
            }
            return new Detail(side, Fixed.parse(frame, pxFrom, pxTo, Fixed.E8), Fixed.parse(frame, szFrom, szTo, Fixed.E8),
                    c.digits(tsFrom, tsTo), tsFrom, tsTo, szFrom, szTo, pxFrom, pxTo);
        }
    }

    /** How liquidation-orders frames start: those take the fast path. */
    private static final String LIQUIDATIONS = "{\"arg\":{\"channel\":\"liquidation-orders\"";

    @Override
    public String source() {
        return OkxVenue.FEED;
    }

    @Override
    public void normalize(String frame, long receiveTs, EventSink out) throws MalformedFrameException {
        if ("pong".equals(frame)) {
            return;
        }
        if (frame.startsWith(LIQUIDATIONS) && inPlace.read(frame, receiveTs, out)) {
            return;
        }
        Map<String, Object> m = Json.obj(Json.parse(frame), "frame");
        if (m.containsKey("rest")) {
            accountRatioRest(RestFrame.of(m), receiveTs, out);
            return;
        }
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

    /**
     * A polled {@code /api/v5/rubik/stat/contracts/long-short-account-ratio-contract} answer: {@code data} is
     * {@code [ts, ratio]} pairs with no instrument, so the instrument and period come from the request. A code other
     * than "0" is a rejection in OKX's words.
     */
    private void accountRatioRest(RestFrame rest, long receiveTs, EventSink out) throws MalformedFrameException {
        Map<String, Object> body = Json.obj(rest.parsedBody(), "body");
        if (!"0".equals(Json.optStr(body, "code"))) {
            throw new MalformedFrameException("OKX error " + Json.optStr(body, "code") + ": " + Json.optStr(body, "msg"));
        }
        Instrument named = named(rest.param("instId"));
        List<Object> rows = new ArrayList<>();
        for (Object pair : Json.arr(body.get("data"), "data")) {
            // A pair that is not an array becomes an empty row: counted as its own rejection, the others kept.
            List<?> p = pair instanceof List<?> l ? l : List.of();
            Map<String, Object> row = new HashMap<>();
            row.put("ts", p.isEmpty() ? null : p.get(0));
            row.put("ratio", p.size() < 2 ? null : p.get(1));
            rows.add(row);
        }
        Elements.each(rows, "data", row -> out.accept(AccountRatios.ofRatio(
                AccountRatios.Row.of(OkxVenue.FEED, named, rest, Json.integer(row, "ts"), receiveTs), Json.fixed(row, "ratio", Fixed.E8))));
    }

    /**
     * OKX's own layout in one pass: {"arg":{"channel":"liquidation-orders","instType":".."},"data":[{"details":[{"bkLoss",
     * "bkPx","ccy","posSide","side","sz","ts"},..],"instFamily","instId","instType","uly"},..]}, every value a string.
     * Any other layout falls back to the field walk.
     */
    private boolean template(JsonCursor c, String frame, long receiveTs, List<Liquidation> batch) throws MalformedFrameException {
        c.literal(LIQUIDATIONS);
        c.stringAfter(",\"instType\":\"");
        c.literal("\"},\"data\":[");
        do {
            details.clear();
            c.literal("{\"details\":[");
            if (!c.consume(']')) {
                do {
                    c.stringAfter("{\"bkLoss\":\"");
                    c.stringAfter("\",\"bkPx\":\"");
                    int pxFrom = c.from;
                    int pxTo = c.to;
                    c.stringAfter("\",\"ccy\":\"");
                    c.stringAfter("\",\"posSide\":\"");
                    c.stringAfter("\",\"side\":\"");
                    String side = side(c);
                    c.stringAfter("\",\"sz\":\"");
                    int szFrom = c.from;
                    int szTo = c.to;
                    c.stringAfter("\",\"ts\":\"");
                    details.add(Detail.of(c, side, pxFrom, pxTo, szFrom, szTo, c.from, c.to));
                    c.literal("\"}");
                } while (c.consume(','));
                c.literal("]");
            }
            c.stringAfter(",\"instFamily\":\"");
            c.stringAfter("\",\"instId\":\"");
            String instId = symbols.symbol(frame, c.from, c.to);
            c.stringAfter("\",\"instType\":\"");
            c.stringAfter("\",\"uly\":\"");
            c.literal("\"}");
            addDetails(frame, instId, receiveTs, batch);
        } while (c.consume(','));
        return c.endsWith("]}");
    }

    /** Other field orders or whitespace: arg, data, each element and each detail walked field by field. */
    private boolean walk(JsonCursor c, String frame, long receiveTs, List<Liquidation> batch) throws MalformedFrameException {
        c.beginObject();
        boolean arg = false;
        boolean data = false;
        while (c.nextField()) {
            if (c.nameIs("arg") && !arg) {
                arg = true;
                c.beginObject();
                while (c.nextField()) {
                    if (c.nameIs("channel")) {
                        c.plainString();
                        if (!c.rangeIs("liquidation-orders")) {
                            return false;
                        }
                    } else {
                        c.skipValue();
                    }
                }
                c.afterValue();
            } else if (c.nameIs("data") && !data) {
                data = true;
                c.beginArray();
                while (c.nextElement()) {
                    element(c, frame, receiveTs, batch);
                }
            } else if (c.nameIs("arg") || c.nameIs("data") || c.nameIs("event")) {
                return false; // a repeated field (the general parser keeps the last), or an ack or error
            } else {
                c.skipValue();
            }
        }
        c.endOfInput();
        return arg && data;
    }

    /** One element of {@code data}: {"details":[{..}],"instId":"..",..} in any order. */
    private void element(JsonCursor c, String frame, long receiveTs, List<Liquidation> batch) throws MalformedFrameException {
        details.clear();
        String instId = null;
        boolean seenDetails = false;
        c.beginObject();
        while (c.nextField()) {
            if (c.nameIs("details") && !seenDetails) {
                seenDetails = true;
                c.beginArray();
                while (c.nextElement()) {
                    details.add(detail(c, frame));
                }
            } else if (c.nameIs("instId") && instId == null) {
                c.plainString();
                instId = symbols.symbol(frame, c.from, c.to);
            } else if (c.nameIs("details") || c.nameIs("instId")) {
                throw JsonCursor.FALLBACK; // repeated
            } else {
                c.skipValue();
            }
        }
        c.afterValue();
        if (instId == null || !seenDetails) {
            throw JsonCursor.FALLBACK;
        }
        addDetails(frame, instId, receiveTs, batch);
    }

    /** The events of the element just read: its {@link #details}, of instrument {@code instId}. */
    private void addDetails(String frame, String instId, long receiveTs, List<Liquidation> batch) throws MalformedFrameException {
        Instrument inst = instruments.require(Exchange.OKX, instId, "ctVal");
        for (Detail d : details) {
            key.setLength(0);
            key.append(OkxVenue.FEED).append('|').append(instId).append('|').append(frame, d.tsFrom(), d.tsTo()).append('|').append(d.side()).append('|')
                    .append(frame, d.szFrom(), d.szTo()).append('|').append(frame, d.pxFrom(), d.pxTo());
            batch.add(liquidation(inst, instId, d.side(), d.price(), d.contracts(), d.ts(), receiveTs, key.toString()));
        }
    }

    /** One entry of {@code details}: {"bkPx":"..","side":"sell"|"buy","sz":"..","ts":".."} in any order. */
    private static Detail detail(JsonCursor c, String frame) {
        String side = null;
        int tsFrom = -1;
        int tsTo = -1;
        int szFrom = -1;
        int szTo = -1;
        int pxFrom = -1;
        int pxTo = -1;
        c.beginObject();
        while (c.nextField()) {
            if (c.nameIs("side")) {
                c.plainString();
                side = side(c);
            } else if (c.nameIs("bkPx")) {
                c.plainString();
                pxFrom = c.from;
                pxTo = c.to;
            } else if (c.nameIs("sz")) {
                c.plainString();
                szFrom = c.from;
                szTo = c.to;
            } else if (c.nameIs("ts")) {
                c.plainString();
                tsFrom = c.from;
                tsTo = c.to;
            } else {
                c.skipValue();
            }
        }
        c.afterValue();
        if (side == null || tsFrom < 0 || szFrom < 0 || pxFrom < 0) {
            throw JsonCursor.FALLBACK;
        }
        return Detail.of(c, side, pxFrom, pxTo, szFrom, szTo, tsFrom, tsTo);
    }

    /** The order side just read, "sell" or "buy"; anything else is the general path's to word. */
    private static String side(JsonCursor c) {
        if (c.rangeIs("sell")) {
            return "sell";
        }
        if (c.rangeIs("buy")) {
            return "buy";
        }
        throw JsonCursor.FALLBACK;
    }

    private void liquidations(Map<String, Object> d, long receiveTs, EventSink out) throws MalformedFrameException {
        String instId = Json.str(d, "instId");
        Instrument inst = instruments.require(Exchange.OKX, instId, "ctVal");
        Elements.each(d.get("details"), "details", x -> {
            String side = Json.str(x, "side");
            if (!"sell".equals(side) && !"buy".equals(side)) {
                throw new MalformedFrameException("unknown OKX side: '" + side + "'");
            }
            long price = Json.fixed(x, "bkPx", Fixed.E8);
            long contracts = Json.fixed(x, "sz", Fixed.E8);
            long ts = Json.integer(x, "ts");
            String key = OkxVenue.FEED + "|" + instId + '|' + ts + '|' + side + '|' + Json.str(x, "sz") + '|' + Json.str(x, "bkPx");
            out.accept(liquidation(inst, instId, side, price, contracts, ts, receiveTs, key));
        });
    }

    /** The event both paths build; {@code side} is the order side, "sell" or "buy". */
    private static Liquidation liquidation(Instrument inst, String instId, String side, long price, long contracts, long ts,
                                           long receiveTs, String key) {
        long qty = Sizes.baseQuantity(inst, contracts, price);
        return new Liquidation(OkxVenue.FEED, Exchange.OKX, inst.market(), instId, inst.symbol(),
                PositionSide.fromOrderSide("sell".equals(side)), price, qty, Sizes.notionalUsd(inst, contracts, qty, price),
                contracts, inst.sizeUnit(), PriceKind.BANKRUPTCY, side, ts, receiveTs, Completeness.PARTIAL, key);
    }

    private void openInterest(Map<String, Object> d, long receiveTs, EventSink out) throws MalformedFrameException {
        String instId = Json.str(d, "instId");
        Instrument inst = instruments.require(Exchange.OKX, instId, "ctVal");
        out.accept(new OpenInterest(OkxVenue.FEED, Exchange.OKX, inst.market(), instId, inst.symbol(),
                Json.fixed(d, "oiCcy", Fixed.E8), Json.fixed(d, "oiUsd", Fixed.E6), Json.integer(d, "ts"), receiveTs));
    }

    /** For figures that need no contract size (rates, ratios): an instrument not loaded is named from its id ("PEPE-USDT-SWAP"). */
    private Instrument named(String instId) throws MalformedFrameException {
        Instrument inst = instruments.find(Exchange.OKX, instId);
        return inst != null ? inst : OkxVenue.unsized(instId);
    }

    private void funding(Map<String, Object> d, long receiveTs, EventSink out) throws MalformedFrameException {
        String instId = Json.str(d, "instId");
        Instrument inst = named(instId);
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
