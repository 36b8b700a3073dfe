package dev.cascade.core.venue.binance;

import dev.cascade.core.normalize.AccountRatios;
import dev.cascade.core.normalize.Elements;
import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.JsonCursor;
import dev.cascade.core.normalize.Sizes;
import dev.cascade.core.normalize.SymbolCache;
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
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.EventSink;
import dev.cascade.core.venue.RestFrame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Binance USD-M ("binance-usdm") and COIN-M ("binance-coinm") futures, and the trades of Binance spot
 * ("binance-spot", {@link #spot}).
 *
 * <p>forceOrder: {@code S} is the liquidation ORDER side (SELL closes a LONG); quantity is {@code z} (filled),
 * price {@code ap} (average fill; {@code p} is the bankruptcy/limit price), time {@code o.T}. USD-M sizes are base
 * coin; COIN-M sizes are contracts of {@code contractSize} USD. The feed sends at most one liquidation per symbol per
 * second, so every liquidation is tagged {@link Completeness#SAMPLED_1S_PER_SYMBOL}.
 *
 * <p>forceOrder frames are walked in place by {@link JsonCursor} (the hot path); the rest (markPriceUpdate, aggTrade,
 * REST openInterest and fundingRate history) go through {@link Json}.
 */
public final class BinanceNormalizer implements Normalizer {
    private final String source;
    private final boolean coinMargined;
    private final boolean spot;
    private final Instruments instruments;
    private final ForceOrder fo = new ForceOrder();
    private final SymbolCache symbols;

    public BinanceNormalizer(boolean coinMargined, Instruments instruments) {
        this(coinMargined ? BinanceVenue.COINM_FEED : BinanceVenue.USDM_FEED, coinMargined, false, instruments);
    }

    private BinanceNormalizer(String source, boolean coinMargined, boolean spot, Instruments instruments) {
        this.source = source;
        this.coinMargined = coinMargined;
        this.spot = spot;
        this.instruments = instruments;
        this.symbols = new SymbolCache(this::instrument);
    }

    /**
     * Binance spot: the same aggTrade/trade frames as the futures streams, for USD-quoted pairs
     * ({@link Instruments#spot}); a forceOrder, mark price or REST body on this feed is rejected, never stored as spot.
     */
    public static BinanceNormalizer spot(Instruments instruments) {
        return new BinanceNormalizer(BinanceVenue.SPOT_FEED, false, true, instruments);
    }

    @Override
    public String source() {
        return source;
    }

    private Instrument instrument(String nativeSymbol) throws MalformedFrameException {
        return spot ? Instruments.spot(Exchange.BINANCE, nativeSymbol) : BinanceVenue.instrument(instruments, nativeSymbol, coinMargined);
    }

    /** The instrument of a futures-only event (liquidation, mark price, open interest, funding). */
    private Instrument futureInstrument(String nativeSymbol) throws MalformedFrameException {
        if (spot) {
            throw new MalformedFrameException("futures data on the Binance spot feed (" + nativeSymbol + ")");
        }
        return instrument(nativeSymbol);
    }

    /** Live frames come in the combined-stream wrapper; the fast path reads through it (the data starts at its end). */
    private static final String WRAPPER = "{\"stream\":\"!forceOrder@arr\",\"data\":";

    @Override
    public void normalize(String frame, long receiveTs, EventSink out) throws MalformedFrameException {
        if (frame.startsWith("{\"e\":\"forceOrder\"") || frame.startsWith(WRAPPER) && frame.startsWith("{\"e\":\"forceOrder\"", WRAPPER.length())) {
            forceOrderFast(frame, receiveTs, out);
            return;
        }
        Object root = Json.parse(frame);
        if (root instanceof List<?> list) {
            // !markPrice@arr and REST fundingRate history come as arrays.
            Elements.each(list, "element", m -> dispatch(m, receiveTs, out));
        } else {
            Map<String, Object> m = Json.obj(root, "frame");
            Object data = m.get("data");
            if (m.containsKey("rest")) {
                longShortRest(RestFrame.of(m), receiveTs, out);
            } else if (m.containsKey("stream") && data != null) {
                // Combined stream wrapper: {"stream":"...","data":{...}} or data:[...]
                if (data instanceof List<?> l) {
                    Elements.each(l, "data", d -> dispatch(d, receiveTs, out));
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
        /** Not found yet; negative values are the guard's to reject, with their reason. */
        static final long MISSING = Long.MIN_VALUE;
        long z = MISSING;
        long ap = MISSING;
        String zText;
        String apText;
        long tradeTime = MISSING;
        // Where the fast paths found the key's parts in the frame.
        int zFrom;
        int zTo;
        int apFrom;
        int apTo;
        int tFrom;
        int tTo;

        void reset() {
            symbol = null;
            side = null;
            z = MISSING;
            ap = MISSING;
            zText = null;
            apText = null;
            tradeTime = MISSING;
        }
    }

    /** Last mark price per symbol, e8: gives COIN-M open interest (in USD contracts) its coin amount. */
    private final Map<String, Long> lastMark = new java.util.HashMap<>();
    private final JsonCursor cursor = new JsonCursor();
    /** forceOrder frames read by the one-pass template (the fastest path), for tests and benchmarks. */
    private long templateFrames;
    /** forceOrder frames read in place, by the template or the field walk. */
    private long fastFrames;

    public long templateFrames() {
        return templateFrames;
    }

    public long fastFrames() {
        return fastFrames;
    }

    private byte[] keyBytes = new byte[96];

    /**
     * The hot path, without building a tree: first Binance's own field order matched as a template, then (other field
     * orders, COIN-M's extra "ps") a field-by-field walk with {@link JsonCursor}. A frame that is anything but a
     * plain, well-formed forceOrder falls back to the general parser, which also words the error.
     */
    private void forceOrderFast(String frame, long receiveTs, EventSink out) throws MalformedFrameException {
        JsonCursor c = cursor;
        try {
            c.reset(frame);
            try {
                forceOrderTemplate(c, frame);
                templateFrames++;
            } catch (RuntimeException otherLayout) {
                c.rewind();
                forceOrderWalk(c, frame);
            }
        } catch (RuntimeException e) {
            // JsonCursor.FALLBACK, or a number Fixed could not take: the general path decides and explains.
            Map<String, Object> m = Json.obj(Json.parse(frame), "frame");
            forceOrderSlow(m.containsKey("stream") ? Json.obj(m.get("data"), "data") : m, receiveTs, out);
            return;
        }
        if (fo.symbol == null || fo.side == null || fo.z == ForceOrder.MISSING || fo.ap == ForceOrder.MISSING
                || fo.tradeTime == ForceOrder.MISSING) {
            throw new MalformedFrameException("forceOrder misses one of o.s, o.S, o.z, o.ap, o.T");
        }
        fastFrames++;
        // The spot feed carries no liquidations: futureInstrument refuses it there.
        emit(spot ? futureInstrument(fo.symbol) : symbols.instrument(fo.symbol), key(c), receiveTs, out);
    }

    /** {"e":"forceOrder","E":..,"o":{"s","S","o","f","q","p","ap","X","l","z","T"}} as Binance writes it, in one pass. */
    private void forceOrderTemplate(JsonCursor c, String frame) {
        fo.reset();
        boolean wrapped = frame.startsWith(WRAPPER);
        if (wrapped) {
            c.literal(WRAPPER);
        }
        c.literal("{\"e\":\"forceOrder\",\"E\":");
        c.number();
        c.literal(",\"o\":{\"s\":\"");
        c.stringBody();
        fo.symbol = symbols.symbol(frame, c.from, c.to);
        c.literal("\",\"S\":\"");
        c.stringBody();
        fo.side = side(frame, c.from, c.to);
        // Liquidation orders are always LIMIT, IOC and (when sent) FILLED: matched as fixed text, not scanned.
        c.literal("\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"");
        c.stringBody();
        c.literal("\",\"p\":\"");
        c.stringBody();
        c.literal("\",\"ap\":\"");
        c.stringBody();
        averagePrice(frame, c);
        c.literal("\",\"X\":\"FILLED\",\"l\":\"");
        c.stringBody();
        c.literal("\",\"z\":\"");
        c.stringBody();
        filledQuantity(frame, c);
        c.literal("\",\"T\":");
        tradeTime(c);
        c.literal(wrapped ? "}}}" : "}}");
        c.endOfInput();
    }

    /** Any field order: walks the object (or the wrapper's {@code data} object) field by field. */
    private void forceOrderWalk(JsonCursor c, String frame) {
        fo.reset();
        c.beginObject();
        walkEvent(c, frame, frame.startsWith(WRAPPER));
        c.endOfInput();
    }

    private void walkEvent(JsonCursor c, String frame, boolean wrapper) {
        while (c.nextField()) {
            if (wrapper && c.nameIs("data") && c.peekObject()) {
                c.beginObject();
                walkEvent(c, frame, false); // one level: the wrapper holds the event, never another wrapper
                c.afterValue();
            } else if (c.nameIs('o') && c.peekObject()) {
                c.beginObject();
                while (c.nextField()) {
                    if (c.nameIs('s')) {
                        c.plainString();
                        fo.symbol = symbols.symbol(frame, c.from, c.to);
                    } else if (c.nameIs('S')) {
                        c.plainString();
                        fo.side = side(frame, c.from, c.to);
                    } else if (c.nameIs('z')) {
                        c.plainString();
                        filledQuantity(frame, c);
                    } else if (c.nameIs("ap")) {
                        c.plainString();
                        averagePrice(frame, c);
                    } else if (c.nameIs('T')) {
                        tradeTime(c);
                    } else {
                        c.skipValue();
                    }
                }
                c.afterValue();
            } else {
                c.skipValue();
            }
        }
    }

    private void filledQuantity(String frame, JsonCursor c) {
        fo.zFrom = c.from;
        fo.zTo = c.to;
        fo.z = Fixed.parse(frame, c.from, c.to, Fixed.E8);
    }

    private void averagePrice(String frame, JsonCursor c) {
        fo.apFrom = c.from;
        fo.apTo = c.to;
        fo.ap = Fixed.parse(frame, c.from, c.to, Fixed.E8);
    }

    private void tradeTime(JsonCursor c) {
        fo.tradeTime = c.longValue();
        fo.tFrom = c.from;
        fo.tTo = c.to;
    }

    /**
     * The event key, source|symbol|T|z|ap as on the general path, copied straight from the frame's bytes: the numbers
     * were validated as ASCII digits, and a symbol with a non-ASCII char takes plain concatenation.
     */
    private String key(JsonCursor c) {
        int n = source.length() + fo.symbol.length() + (fo.tTo - fo.tFrom) + (fo.zTo - fo.zFrom) + (fo.apTo - fo.apFrom) + 4;
        if (keyBytes.length < n) {
            keyBytes = new byte[n * 2];
        }
        byte[] k = keyBytes;
        int at = ascii(source, k, 0);
        k[at++] = '|';
        int symbolEnd = ascii(fo.symbol, k, at);
        if (symbolEnd < 0) {
            return key(c.text().substring(fo.zFrom, fo.zTo), c.text().substring(fo.apFrom, fo.apTo));
        }
        at = symbolEnd;
        k[at++] = '|';
        at = c.copy(fo.tFrom, fo.tTo, k, at);
        k[at++] = '|';
        at = c.copy(fo.zFrom, fo.zTo, k, at);
        k[at++] = '|';
        at = c.copy(fo.apFrom, fo.apTo, k, at);
        return new String(k, 0, at, StandardCharsets.ISO_8859_1);
    }

    /** The event key from its parts (the general path, and symbols the byte copy cannot take). */
    private String key(String zText, String apText) {
        return source + '|' + fo.symbol + '|' + fo.tradeTime + '|' + zText + '|' + apText;
    }

    /** Copies an ASCII string into {@code k} at {@code at}; returns the end, or -1 at the first non-ASCII char. */
    private static int ascii(String s, byte[] k, int at) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= 0x80) {
                return -1;
            }
            k[at++] = (byte) ch;
        }
        return at;
    }

    private static String side(String frame, int from, int to) {
        if (to - from == 4 && frame.startsWith("SELL", from)) {
            return "SELL";
        }
        if (to - from == 3 && frame.startsWith("BUY", from)) {
            return "BUY";
        }
        return frame.substring(from, to);
    }

    private void emitLiquidation(long receiveTs, EventSink out) throws MalformedFrameException {
        emit(futureInstrument(fo.symbol), key(fo.zText, fo.apText),
                receiveTs, out);
    }

    private void emit(Instrument inst, String key, long receiveTs, EventSink out) throws MalformedFrameException {
        boolean sell = "SELL".equals(fo.side);
        if (!sell && !"BUY".equals(fo.side)) {
            throw new MalformedFrameException("unknown order side: '" + fo.side + "'");
        }
        long qty = Sizes.baseQuantity(inst, fo.z, fo.ap);
        long usd = Sizes.notionalUsd(inst, fo.z, qty, fo.ap);
        out.accept(new Liquidation(source, Exchange.BINANCE, inst.market(), fo.symbol, inst.symbol(),
                PositionSide.fromOrderSide(sell), fo.ap, qty, usd, fo.z, inst.sizeUnit(), PriceKind.AVERAGE_FILL,
                fo.side, fo.tradeTime, receiveTs, Completeness.SAMPLED_1S_PER_SYMBOL, key));
    }

    private void markPrice(Map<String, Object> m, long receiveTs, EventSink out) throws MalformedFrameException {
        String s = Json.str(m, "s");
        Instrument inst = futureInstrument(s);
        long ts = Json.integer(m, "E");
        long mark = Json.fixed(m, "p", Fixed.E8);
        if (lastMark.size() < SymbolCache.MAX_SYMBOLS || lastMark.containsKey(s)) {
            lastMark.put(s, mark);
        }
        String index = Json.optStr(m, "i");
        out.accept(new MarkPrice(source, Exchange.BINANCE, inst.market(), s, inst.symbol(), mark,
                index == null || index.isEmpty() ? 0 : Fixed.parse(index, Fixed.E8), ts, receiveTs));
        String r = Json.optStr(m, "r");
        // Funding exists for perpetuals only: delivery contracts send r:"" and T:0.
        if (inst.kind() == InstrumentKind.PERPETUAL && r != null && !r.isEmpty()) {
            out.accept(new FundingRate(source, Exchange.BINANCE, inst.market(), s, inst.symbol(),
                    Fixed.parse(r, Fixed.E12), 8, Json.integer(m, "T"), mark, ts, receiveTs));
        }
    }

    private void trade(Map<String, Object> m, long receiveTs, EventSink out) throws MalformedFrameException {
        String s = Json.str(m, "s");
        Instrument inst = instrument(s);
        long price = Json.fixed(m, "p", Fixed.E8);
        long nativeQty = Json.fixed(m, "q", Fixed.E8);
        long qty = Sizes.baseQuantity(inst, nativeQty, price);
        String id = Json.optStr(m, "a") != null ? Json.str(m, "a") : Json.str(m, "t");
        // m = buyer is the maker, so the taker sold.
        TakerSide taker = "true".equals(Json.optStr(m, "m")) ? TakerSide.SELL : TakerSide.BUY;
        // X (trade stream): MARKET for ordinary trades; INSURANCE_FUND and ADL are the liquidation engine's own fills
        // (the insurance fund taking over a position, auto-deleveraging), kept but flagged apart from market trades.
        String kind = Json.optStr(m, "X");
        boolean engineFill = "INSURANCE_FUND".equals(kind) || "ADL".equals(kind);
        out.accept(new Trade(source, Exchange.BINANCE, inst.market(), s, inst.symbol(), taker, price, qty,
                Sizes.notionalUsd(inst, nativeQty, qty, price), engineFill ? kind + ":" + id : id, engineFill,
                Json.integer(m, "T"), receiveTs));
    }

    /**
     * A polled {@code /futures/data/globalLongShortAccountRatio} answer: rows of {@code symbol}, {@code longAccount},
     * {@code shortAccount}, {@code longShortRatio} and the period's {@code timestamp}; an error object is a rejection.
     */
    private void longShortRest(RestFrame rest, long receiveTs, EventSink out) throws MalformedFrameException {
        Object body = rest.parsedBody();
        if (body instanceof Map<?, ?>) {
            Map<String, Object> err = Json.obj(body, "body");
            throw new MalformedFrameException("Binance error " + Json.optStr(err, "code") + ": " + Json.optStr(err, "msg"));
        }
        Elements.each(body, "rows", row -> {
            AccountRatios.Row r = AccountRatios.Row.of(source, futureInstrument(Json.str(row, "symbol")), rest,
                    Json.integer(row, "timestamp"), receiveTs);
            out.accept(AccountRatios.sent(r, Json.fixed(row, "longAccount", Fixed.E8), Json.fixed(row, "shortAccount", Fixed.E8),
                    Json.fixed(row, "longShortRatio", Fixed.E8)));
        });
    }

    private void openInterestRest(Map<String, Object> m, long receiveTs, EventSink out) throws MalformedFrameException {
        String s = Json.str(m, "symbol");
        Instrument inst = futureInstrument(s);
        long oi = Json.fixed(m, "openInterest", Fixed.E8);
        long ts = Json.integer(m, "time");
        // USD-M OI is in coin (USD value needs a price: left 0 here, the store joins mark price); COIN-M in contracts
        // of contractSize USD, whose coin amount is their USD value at the symbol's last mark price (0 before one).
        long usd = coinMargined ? Fixed.rescale(Fixed.mulDiv(oi, inst.contractValue(), Fixed.E8), Fixed.E8, Fixed.E6) : 0;
        long base = coinMargined ? Sizes.baseOfUsd(usd, lastMark.getOrDefault(s, 0L)) : oi;
        out.accept(new OpenInterest(source, Exchange.BINANCE, inst.market(), s, inst.symbol(), base, usd, ts, receiveTs));
    }

    private void fundingRest(Map<String, Object> m, long receiveTs, EventSink out) throws MalformedFrameException {
        String s = Json.str(m, "symbol");
        Instrument inst = futureInstrument(s);
        if (inst.kind() != InstrumentKind.PERPETUAL) {
            throw new MalformedFrameException("funding row for " + s + ", which is not a perpetual");
        }
        long t = Json.integer(m, "fundingTime");
        String mark = Json.optStr(m, "markPrice");
        String hours = Json.optStr(m, "fundingIntervalHours");
        out.accept(new FundingRate(source, Exchange.BINANCE, inst.market(), s, inst.symbol(),
                Json.fixed(m, "fundingRate", Fixed.E12), hours == null ? 8 : (int) Json.integer(m, "fundingIntervalHours"), t,
                mark == null || mark.isEmpty() ? 0 : Fixed.parse(mark, Fixed.E8), t, receiveTs));
    }
}
