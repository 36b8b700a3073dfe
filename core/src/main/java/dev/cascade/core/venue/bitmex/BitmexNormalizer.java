package dev.cascade.core.venue.bitmex;

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
import dev.cascade.core.model.InstrumentKind;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.EventSink;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BitMEX realtime ("bitmex").
 *
 * <p>The {@code liquidation} table mirrors the liquidation engine's open orders: only {@code insert} is a new
 * liquidation (full size at the bankruptcy price); {@code update} is a partial fill and {@code delete} its end, so both
 * are ignored. {@code side} is the ORDER side. There is no timestamp: the receive time stands in, and the orderID is
 * the identity.
 *
 * <p>The {@code instrument} table gives open interest ({@code openInterest}, in contracts), funding
 * ({@code fundingRate} for the interval ending at {@code fundingTimestamp}, {@code fundingInterval} written as a time
 * after 2000-01-01) and the mark price. {@code partial} and {@code insert} carry every field, {@code update} only those
 * that changed, so the last known values are kept per symbol: an update of the open interest alone still needs the
 * mark price to give it in base units. Quanto contracts (ETHUSD) are valued with the last XBTUSD mark price.
 * Instruments Cascade has not loaded (indices such as .BXBT) are skipped, not errors: the table lists every instrument of the venue.
 */
public final class BitmexNormalizer implements Normalizer {
    /** The last known instrument fields of one symbol. */
    private static final class InstrumentState {
        long markE8;
        long indexE8;
        int fundingIntervalHours = 8;
    }

    private final Instruments instruments;
    private final Map<String, InstrumentState> states = new HashMap<>();
    /** XBT in USD (the XBTUSD mark price, e8): values quanto contracts. */
    private long xbtUsdE8;
    private static final String XBT_USD = "XBTUSD";

    public BitmexNormalizer(Instruments instruments) {
        this.instruments = instruments;
    }

    @Override
    public String source() {
        return BitmexVenue.FEED;
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
        String action = Json.optStr(m, "action");
        if ("instrument".equals(table)) {
            instrument(Json.arr(m.get("data"), "data"), !"update".equals(action), receiveTs, out);
            return;
        }
        if ("tradeBin1m".equals(table)) {
            tradeBins(Json.arr(m.get("data"), "data"), receiveTs, out);
            return;
        }
        if (!"liquidation".equals(table) || !"insert".equals(action)) {
            return;
        }
        Elements.each(m.get("data"), "data", d -> {
            String symbol = Json.str(d, "symbol");
            Instrument inst = instruments.require(Exchange.BITMEX, symbol, "multiplier");
            String side = Json.str(d, "side");
            if (!"Sell".equals(side) && !"Buy".equals(side)) {
                throw new MalformedFrameException("unknown BitMEX side: '" + side + "'");
            }
            long price = Json.fixed(d, "price", Fixed.E8);
            long contracts = Json.fixed(d, "leavesQty", Fixed.E8);
            long usd = notionalUsd(inst, contracts, price);
            out.accept(new Liquidation(BitmexVenue.FEED, Exchange.BITMEX, inst.market(), symbol, inst.symbol(),
                    PositionSide.fromOrderSide("Sell".equals(side)), price, Sizes.baseOfUsd(usd, price), usd, contracts, inst.sizeUnit(), PriceKind.BANKRUPTCY,
                    side, -1, receiveTs, Completeness.ENGINE_ORDERS, BitmexVenue.FEED + "|" + Json.str(d, "orderID")));
        });
    }

    /**
     * One-minute trade bins. BitMEX labels a bin with the END of its minute, so the bar labelled 00:01 covers
     * [00:00, 00:01). A bar is not a mark price, but it is the only price path some windows have (the bundled
     * May 2021 bars): it becomes up to four price samples inside its minute, open at :00, then the extreme the bar
     * met first on a plausible path (the high when it closed down, the low when it closed up) at :15, the other at
     * :30 and the close at :45, with index 0. BitMEX's open is the previous bin's close and can lie outside the bin's
     * own high-low range (those are of the minute's trades): such an open is left out, so the per-minute high, low
     * and close read back from the store are the bar's exactly, and its open then reads as the first extreme.
     */
    private void tradeBins(List<Object> data, long receiveTs, EventSink out) throws MalformedFrameException {
        Elements.each(data, "data", d -> {
            String symbol = Json.str(d, "symbol");
            Instrument inst = instruments.find(Exchange.BITMEX, symbol);
            if (inst == null || Json.optStr(d, "close") == null) {
                return; // unknown instrument, or an empty bin (no trades, no price)
            }
            long start = isoMillis(Json.str(d, "timestamp")) - 60_000L;
            long open = Json.fixed(d, "open", Fixed.E8);
            long high = Json.fixed(d, "high", Fixed.E8);
            long low = Json.fixed(d, "low", Fixed.E8);
            long close = Json.fixed(d, "close", Fixed.E8);
            if (low <= 0 || low > high || close < low || close > high) {
                throw new MalformedFrameException("BitMEX tradeBin1m bar is not a bar: high " + high + " low " + low
                        + " close " + close + " (e8)");
            }
            boolean down = close < open;
            long[] path = {open, down ? high : low, down ? low : high, close};
            for (int k = open < low || open > high ? 1 : 0; k < path.length; k++) {
                out.accept(new MarkPrice("bitmex", Exchange.BITMEX, inst.market(), symbol, inst.symbol(), path[k], 0,
                        start + k * 15_000L, receiveTs));
            }
        });
    }

    private void instrument(List<Object> data, boolean whole, long receiveTs, EventSink out) throws MalformedFrameException {
        Elements.each(data, "data", d -> {
            String symbol = Json.str(d, "symbol");
            Instrument inst = instruments.find(Exchange.BITMEX, symbol);
            if (inst == null) {
                return;
            }
            InstrumentState st = states.get(symbol);
            if (st == null || whole) {
                st = new InstrumentState();
                states.put(symbol, st);
            }
            long ts = isoMillis(Json.str(d, "timestamp"));
            if (Json.optStr(d, "indicativeSettlePrice") != null) {
                st.indexE8 = Json.fixed(d, "indicativeSettlePrice", Fixed.E8);
            }
            if (Json.optStr(d, "fundingInterval") != null) {
                // "2000-01-01T08:00:00.000Z" means every 8 hours.
                st.fundingIntervalHours = (int) ((isoMillis(Json.str(d, "fundingInterval")) - EPOCH_2000) / 3_600_000L);
            }
            if (Json.optStr(d, "markPrice") != null) {
                st.markE8 = Json.fixed(d, "markPrice", Fixed.E8);
                if (XBT_USD.equals(symbol)) {
                    xbtUsdE8 = st.markE8;
                }
                out.accept(new MarkPrice(BitmexVenue.FEED, Exchange.BITMEX, inst.market(), symbol, inst.symbol(), st.markE8, st.indexE8,
                        ts, receiveTs));
            }
            if (Json.optStr(d, "openInterest") != null && st.markE8 > 0) {
                long contracts = Json.fixed(d, "openInterest", Fixed.E8);
                long usd = notionalUsd(inst, contracts, st.markE8);
                out.accept(new OpenInterest(BitmexVenue.FEED, Exchange.BITMEX, inst.market(), symbol, inst.symbol(),
                        Sizes.baseOfUsd(usd, st.markE8), usd, ts, receiveTs));
            }
            if (Json.optStr(d, "fundingRate") != null && Json.optStr(d, "fundingTimestamp") != null
                    && inst.kind() == InstrumentKind.PERPETUAL) {
                out.accept(new FundingRate(BitmexVenue.FEED, Exchange.BITMEX, inst.market(), symbol, inst.symbol(),
                        Json.fixed(d, "fundingRate", Fixed.E12), st.fundingIntervalHours, isoMillis(Json.str(d, "fundingTimestamp")),
                        st.markE8, ts, receiveTs));
            }
        });
    }

    /**
     * USD e6 of a size in {@code inst}'s contracts at {@code price}. A quanto contract's value is in XBT, so it also
     * takes the last XBTUSD mark price seen on the instrument table; before one is seen it cannot be valued.
     */
    private long notionalUsd(Instrument inst, long contracts, long price) throws MalformedFrameException {
        if (inst.market() == MarketType.QUANTO) {
            if (xbtUsdE8 <= 0) {
                throw new MalformedFrameException("quanto " + inst.nativeSymbol() + " needs the XBT price, and no XBTUSD mark price was seen yet");
            }
            return Sizes.quantoUsd(inst, contracts, price, xbtUsdE8);
        }
        return Sizes.notionalUsd(inst, contracts, Sizes.baseQuantity(inst, contracts, price), price);
    }

    private static final long EPOCH_2000 = 946_684_800_000L;

    private static long isoMillis(String iso) throws MalformedFrameException {
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new MalformedFrameException("bad BitMEX timestamp: '" + iso + "'");
        }
    }
}
