package dev.cascade.core.venue.bybit;

import dev.cascade.core.normalize.AccountRatios;
import dev.cascade.core.normalize.Elements;
import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.InPlaceFrames;
import dev.cascade.core.normalize.JsonCursor;
import dev.cascade.core.normalize.SymbolCache;
import dev.cascade.core.normalize.Sizes;
import dev.cascade.core.normalize.Instruments;
import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.normalize.Normalizer;
import dev.cascade.core.model.Completeness;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.Instrument;
import dev.cascade.core.model.InstrumentKind;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.EventSink;
import dev.cascade.core.venue.RestFrame;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bybit v5 public linear ("bybit-linear") and inverse ("bybit-inverse"), and spot trades ("bybit-spot": USD-quoted
 * pairs, {@link Instruments#spot}; anything but {@code publicTrade} on that feed is a rejection).
 *
 * <p>{@code allLiquidation.*}: {@code S} is the POSITION side, the opposite of Binance: "Buy" means a LONG was
 * liquidated. {@code p} is the bankruptcy price; {@code v} is base coin (linear) or USD (inverse). Every liquidation
 * is published, batched every 500 ms. {@code tickers.*} sends a snapshot then deltas with only the changed fields,
 * so the last full state per symbol is kept here and merged.
 */
public final class BybitNormalizer implements Normalizer {
    private final String source;
    private final MarketType market;
    private final Instruments instruments;
    private final Map<String, Map<String, Object>> tickers = new HashMap<>();
    private final SymbolCache symbols = new SymbolCache(this::instrument);
    private final StringBuilder key = new StringBuilder(96);
    private final InPlaceFrames inPlace = new InPlaceFrames(this::template, this::walk);

    /** Liquidation frames read on the fast path, for tests and benchmarks. */
    public long fastFrames() {
        return inPlace.frames();
    }

    /** Of those, the frames read by the template (the venue's own layout); the rest took the field walk. */
    public long templateFrames() {
        return inPlace.templateFrames();
    }

    public BybitNormalizer(MarketType market, Instruments instruments) {
        this.market = market;
        this.source = BybitVenue.feedOf(market);
        this.instruments = instruments;
    }

    @Override
    public String source() {
        return source;
    }

    private Instrument instrument(String nativeSymbol) throws MalformedFrameException {
        if (market == MarketType.SPOT) {
            return Instruments.spot(Exchange.BYBIT, nativeSymbol);
        }
        return instruments.resolve(Exchange.BYBIT, nativeSymbol, s -> BybitVenue.derive(s, market));
    }

    /** How allLiquidation frames start: those take the fast path. */
    private static final String ALL_LIQUIDATION = "{\"topic\":\"allLiquidation.";

    @Override
    public void normalize(String frame, long receiveTs, EventSink out) throws MalformedFrameException {
        // The spot feed carries trades only: its frames never take the liquidation fast path.
        if (market != MarketType.SPOT && frame.startsWith(ALL_LIQUIDATION) && inPlace.read(frame, receiveTs, out)) {
            return;
        }
        Map<String, Object> m = Json.obj(Json.parse(frame), "frame");
        String topic = Json.optStr(m, "topic");
        if (market == MarketType.SPOT && topic != null && !topic.startsWith("publicTrade.")) {
            throw new MalformedFrameException("Bybit spot feed carries trades only, got topic " + topic);
        }
        if (topic == null && m.containsKey("rest") && market != MarketType.SPOT) {
            accountRatioRest(RestFrame.of(m), receiveTs, out);
            return;
        }
        if (topic == null) {
            if (m.containsKey("op") || m.containsKey("success") || m.containsKey("ret_msg")) {
                return; // subscribe ack or pong
            }
            if (m.containsKey("result") && m.get("result") instanceof Map<?, ?> && market != MarketType.SPOT) {
                restOpenInterest(Json.obj(m.get("result"), "result"), receiveTs, out);
                return;
            }
            throw new MalformedFrameException("Bybit message without topic");
        }
        if (topic.startsWith("allLiquidation.") || topic.startsWith("liquidation.")) {
            Object data = m.get("data");
            if (data instanceof List<?> l) {
                Elements.each(l, "data", d -> liquidation(d, receiveTs, out));
            } else {
                // Deprecated liquidation.{symbol}: one object with long field names.
                Map<String, Object> d = Json.obj(data, "data");
                Map<String, Object> mapped = new HashMap<>();
                mapped.put("T", Json.str(d, "updatedTime"));
                mapped.put("s", Json.str(d, "symbol"));
                mapped.put("S", Json.str(d, "side"));
                mapped.put("v", Json.str(d, "size"));
                mapped.put("p", Json.str(d, "price"));
                liquidation(mapped, receiveTs, out);
            }
        } else if (topic.startsWith("tickers.")) {
            ticker(m, receiveTs, out);
        } else if (topic.startsWith("publicTrade.")) {
            Elements.each(m.get("data"), "data", d -> trade(d, receiveTs, out));
        }
    }

    /**
     * Bybit's own layout in one pass: {"topic":"allLiquidation.X","type":"snapshot","ts":N,"data":[{"T":N,"s":"..",
     * "S":"..","v":"..","p":".."},..]}. Any other layout falls back to the field walk.
     */
    private boolean template(JsonCursor c, String frame, long receiveTs, List<Liquidation> batch) throws MalformedFrameException {
        c.literal(ALL_LIQUIDATION);
        c.stringBody();
        c.literal("\",\"type\":\"snapshot\",\"ts\":");
        c.number();
        c.literal(",\"data\":[");
        do {
            Element e = element.reset();
            c.literal("{\"T\":");
            e.time(c);
            c.stringAfter(",\"s\":\"");
            e.symbol = symbols.symbol(frame, c.from, c.to);
            c.stringAfter("\",\"S\":\"");
            e.side(c, frame);
            c.stringAfter("\",\"v\":\"");
            e.size(c);
            c.stringAfter("\",\"p\":\"");
            e.price(c);
            c.literal("\"}");
            batch.add(liquidation(frame, e, receiveTs));
        } while (c.consume(','));
        return c.endsWith("]}");
    }

    /** Any other field order, or whitespace: the frame walked field by field, its data elements in any order. */
    private boolean walk(JsonCursor c, String frame, long receiveTs, List<Liquidation> batch) throws MalformedFrameException {
        c.beginObject();
        boolean data = false;
        while (c.nextField()) {
            if (c.nameIs("topic")) {
                c.plainString();
                if (!frame.startsWith("allLiquidation.", c.from)) {
                    return false;
                }
            } else if (c.nameIs("data")) {
                if (data) {
                    return false; // a repeated field: the general parser keeps the last, this path does not try
                }
                data = true;
                c.beginArray();
                while (c.nextElement()) {
                    batch.add(liquidation(frame, element(c, frame), receiveTs));
                }
            } else {
                c.skipValue();
            }
        }
        c.endOfInput();
        return data;
    }

    /** Where the fast paths found one liquidation's fields in the frame (reused: the hot path allocates no holder). */
    private static final class Element {
        String symbol;
        String side;
        long ts;
        int tFrom;
        int tTo;
        int vFrom;
        int vTo;
        int pFrom;
        int pTo;

        Element reset() {
            symbol = null;
            side = null;
            ts = -1;
            vFrom = -1;
            pFrom = -1;
            return this;
        }

        void time(JsonCursor c) {
            ts = c.longValue();
            tFrom = c.from;
            tTo = c.to;
        }

        void side(JsonCursor c, String frame) {
            side = c.to - c.from == 3 && frame.startsWith("Buy", c.from) ? "Buy"
                    : c.to - c.from == 4 && frame.startsWith("Sell", c.from) ? "Sell" : null;
            if (side == null) {
                throw JsonCursor.FALLBACK;
            }
        }

        void size(JsonCursor c) {
            vFrom = c.from;
            vTo = c.to;
        }

        void price(JsonCursor c) {
            pFrom = c.from;
            pTo = c.to;
        }
    }

    private final Element element = new Element();

    /** One element of {@code data}: {"T":..,"s":"..","S":"Buy"|"Sell","v":"..","p":".."} in any order. */
    private Element element(JsonCursor c, String frame) {
        Element e = element.reset();
        c.beginObject();
        while (c.nextField()) {
            if (c.nameIs('T')) {
                e.time(c);
            } else if (c.nameIs('s')) {
                c.plainString();
                e.symbol = symbols.symbol(frame, c.from, c.to);
            } else if (c.nameIs('S')) {
                c.plainString();
                e.side(c, frame);
            } else if (c.nameIs('v')) {
                c.plainString();
                e.size(c);
            } else if (c.nameIs('p')) {
                c.plainString();
                e.price(c);
            } else {
                c.skipValue();
            }
        }
        return e;
    }

    /** The event of one element the fast paths read; anything missing or odd is the general path's to word. */
    private Liquidation liquidation(String frame, Element e, long receiveTs) throws MalformedFrameException {
        if (e.symbol == null || e.side == null || e.ts < 0 || e.vFrom < 0 || e.pFrom < 0 || frame.charAt(e.tFrom) == '-') {
            throw JsonCursor.FALLBACK; // "-0" too: the key spells the time as the general path does, "0"
        }
        long price = Fixed.parse(frame, e.pFrom, e.pTo, Fixed.E8);
        long size = Fixed.parse(frame, e.vFrom, e.vTo, Fixed.E8);
        key.setLength(0);
        key.append(source).append('|').append(e.symbol).append('|').append(frame, e.tFrom, e.tTo).append('|').append(e.side).append('|')
                .append(frame, e.vFrom, e.vTo).append('|').append(frame, e.pFrom, e.pTo);
        return liquidation(symbols.instrument(e.symbol), e.symbol, e.side, price, size, e.ts, receiveTs, key.toString());
    }

    private void liquidation(Map<String, Object> d, long receiveTs, EventSink out) throws MalformedFrameException {
        String s = Json.str(d, "s");
        String side = Json.str(d, "S");
        Instrument inst = instrument(s);
        long price = Json.fixed(d, "p", Fixed.E8);
        long size = Json.fixed(d, "v", Fixed.E8);
        long ts = Json.integer(d, "T");
        String key = source + '|' + s + '|' + ts + '|' + side + '|' + Json.str(d, "v") + '|' + Json.str(d, "p");
        out.accept(liquidation(inst, s, side, price, size, ts, receiveTs, key));
    }

    /** The event both paths build; {@code size} is the venue's {@code v} (base coin, or USD on inverse). */
    private Liquidation liquidation(Instrument inst, String s, String side, long price, long size, long ts, long receiveTs,
                                    String key) throws MalformedFrameException {
        PositionSide position;
        if ("Buy".equals(side)) {
            position = PositionSide.LONG; // position side: Buy = a long was liquidated
        } else if ("Sell".equals(side)) {
            position = PositionSide.SHORT;
        } else {
            throw new MalformedFrameException("unknown Bybit side: '" + side + "'");
        }
        long qty = Sizes.baseQuantity(inst, size, price);
        return new Liquidation(source, Exchange.BYBIT, inst.market(), s, inst.symbol(), position, price, qty,
                Sizes.notionalUsd(inst, size, qty, price), size, inst.sizeUnit(), PriceKind.BANKRUPTCY, side, ts,
                receiveTs, Completeness.COMPLETE, key);
    }

    private void ticker(Map<String, Object> m, long receiveTs, EventSink out) throws MalformedFrameException {
        Map<String, Object> d = Json.obj(m.get("data"), "data");
        String s = Json.str(d, "symbol");
        String type = Json.optStr(m, "type");
        Map<String, Object> state = tickers.get(s);
        if ("snapshot".equals(type) || state == null) {
            if (!"snapshot".equals(type)) {
                throw new MalformedFrameException("Bybit ticker delta for " + s + " before any snapshot");
            }
            state = new HashMap<>(d);
            tickers.put(s, state);
        } else {
            state.putAll(d);
        }
        long ts = Json.integer(m, "ts");
        Instrument inst = instrument(s);
        String mark = Json.optStr(state, "markPrice");
        long markE8 = mark == null ? 0 : Fixed.parse(mark, Fixed.E8);
        if (mark != null && (d.containsKey("markPrice") || d.containsKey("indexPrice"))) {
            String index = Json.optStr(state, "indexPrice");
            out.accept(new MarkPrice(source, Exchange.BYBIT, inst.market(), s, inst.symbol(), markE8,
                    index == null ? 0 : Fixed.parse(index, Fixed.E8), ts, receiveTs));
        }
        if (d.containsKey("openInterest") || d.containsKey("openInterestValue") || d.containsKey("singleOpenInterest")
                || d.containsKey("singleOpenInterestValue")) {
            // Since 2026-06-11 Bybit documents openInterest(Value) as both sides and adds single-side fields: use those,
            // else halve. Linear: openInterest in coin, openInterestValue in USD(T). Inverse: openInterest in USD,
            // openInterestValue in coin.
            long amount = singleSided(state, "openInterest");
            long value = singleSided(state, "openInterestValue");
            boolean inverse = inst.market() == MarketType.INVERSE;
            long base = inverse ? value : amount;
            long usd = Fixed.rescale(inverse ? amount : value, Fixed.E8, Fixed.E6);
            out.accept(new OpenInterest(source, Exchange.BYBIT, inst.market(), s, inst.symbol(), base, usd, ts, receiveTs));
        }
        // Funding exists for perpetuals only (dated futures send an empty rate).
        if (d.containsKey("fundingRate") && inst.kind() == InstrumentKind.PERPETUAL) {
            String next = Json.optStr(state, "nextFundingTime");
            String interval = Json.optStr(state, "fundingIntervalHour");
            out.accept(new FundingRate(source, Exchange.BYBIT, inst.market(), s, inst.symbol(),
                    Json.fixed(state, "fundingRate", Fixed.E12), interval == null ? 8 : (int) Json.integer(state, "fundingIntervalHour"),
                    next == null ? -1 : Json.integer(state, "nextFundingTime"), markE8, ts, receiveTs));
        }
    }

    /** REST /v5/market/open-interest: {@code openInterest} is both sides; {@code singleOpenInterest} the one we store. */
    private void restOpenInterest(Map<String, Object> result, long receiveTs, EventSink out) throws MalformedFrameException {
        String s = Json.str(result, "symbol");
        Instrument inst = instrument(s);
        Elements.each(result.get("list"), "list", row -> {
            String single = Json.optStr(row, "singleOpenInterest");
            long value = single != null ? Fixed.parse(single, Fixed.E8) : Json.fixed(row, "openInterest", Fixed.E8) / 2;
            long ts = Json.integer(row, "timestamp");
            boolean inverse = inst.market() == MarketType.INVERSE;
            out.accept(new OpenInterest(source, Exchange.BYBIT, inst.market(), s, inst.symbol(), inverse ? 0 : value,
                    inverse ? Fixed.rescale(value, Fixed.E8, Fixed.E6) : 0, ts, receiveTs));
        });
    }

    /**
     * A polled {@code /v5/market/account-ratio} answer: {@code result.list[]} of {@code symbol}, {@code buyRatio} (share
     * of accounts net long), {@code sellRatio} and the period's {@code timestamp}; a non-zero {@code retCode} is a
     * rejection in Bybit's words.
     */
    private void accountRatioRest(RestFrame rest, long receiveTs, EventSink out) throws MalformedFrameException {
        Map<String, Object> body = Json.obj(rest.parsedBody(), "body");
        if (!"0".equals(Json.optStr(body, "retCode"))) {
            throw new MalformedFrameException("Bybit error " + Json.optStr(body, "retCode") + ": " + Json.optStr(body, "retMsg"));
        }
        Elements.each(Json.obj(body.get("result"), "result").get("list"), "list", row -> {
            AccountRatios.Row r = AccountRatios.Row.of(source, instrument(Json.str(row, "symbol")), rest,
                    Json.integer(row, "timestamp"), receiveTs);
            out.accept(AccountRatios.ofShares(r, Json.fixed(row, "buyRatio", Fixed.E8), Json.fixed(row, "sellRatio", Fixed.E8)));
        });
    }

    /** The single-side figure of a ticker field, e8: {@code single<Field>} when sent, else half of the two-sided one. */
    private static long singleSided(Map<String, Object> state, String field) throws MalformedFrameException {
        String single = "single" + Character.toUpperCase(field.charAt(0)) + field.substring(1);
        if (Json.optStr(state, single) != null) {
            return Json.fixed(state, single, Fixed.E8);
        }
        return Json.optStr(state, field) == null ? 0 : Json.fixed(state, field, Fixed.E8) / 2;
    }

    private void trade(Map<String, Object> d, long receiveTs, EventSink out) throws MalformedFrameException {
        String s = Json.str(d, "s");
        Instrument inst = instrument(s);
        long price = Json.fixed(d, "p", Fixed.E8);
        long size = Json.fixed(d, "v", Fixed.E8);
        long qty = Sizes.baseQuantity(inst, size, price);
        TakerSide taker = "Sell".equals(Json.str(d, "S")) ? TakerSide.SELL : TakerSide.BUY;
        out.accept(new Trade(source, Exchange.BYBIT, inst.market(), s, inst.symbol(), taker, price, qty,
                Sizes.notionalUsd(inst, size, qty, price), Json.str(d, "i"), false, Json.integer(d, "T"), receiveTs));
    }
}
