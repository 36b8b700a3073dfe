package dev.cascade.core.venue.deribit;

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
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.PositionSide;
import dev.cascade.core.model.PriceKind;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.EventSink;

import java.util.Map;

/**
 * Deribit JSON-RPC subscriptions ("deribit"). Liquidations are trades with {@code liquidation} = T (taker side was
 * liquidated: its order side is {@code direction}), M (maker side: the opposite of {@code direction}) or MT (both:
 * two events). {@code amount} is USD for inverse perpetuals and futures, coin for linear ones. Options and combos are
 * classified ({@link DeribitVenue#derive}) and none of their data is stored: never as a future.
 */
public final class DeribitNormalizer implements Normalizer {
    private final Instruments instruments;

    public DeribitNormalizer(Instruments instruments) {
        this.instruments = instruments;
    }

    @Override
    public String source() {
        return DeribitVenue.FEED;
    }

    @Override
    public void normalize(String frame, long receiveTs, EventSink out) throws MalformedFrameException {
        Map<String, Object> m = Json.obj(Json.parse(frame), "frame");
        if (!"subscription".equals(Json.optStr(m, "method"))) {
            return; // RPC results, heartbeats (test_request is answered by the connector)
        }
        Map<String, Object> params = Json.obj(m.get("params"), "params");
        String channel = Json.str(params, "channel");
        if (channel.startsWith("trades.")) {
            Elements.each(params.get("data"), "data", d -> trade(d, receiveTs, out));
        } else if (channel.startsWith("ticker.")) {
            ticker(Json.obj(params.get("data"), "data"), receiveTs, out);
        }
    }

    private void trade(Map<String, Object> d, long receiveTs, EventSink out) throws MalformedFrameException {
        String name = Json.str(d, "instrument_name");
        Instrument inst = instruments.resolve(Exchange.DERIBIT, name, DeribitVenue::derive);
        if (!inst.kind().isFuture()) {
            return; // options and combos: classified, never stored as futures
        }
        long price = Json.fixed(d, "price", Fixed.E8);
        long amount = Json.fixed(d, "amount", Fixed.E8);
        long qty = Sizes.baseQuantity(inst, amount, price);
        long usd = Sizes.notionalUsd(inst, amount, qty, price);
        String direction = Json.str(d, "direction");
        boolean takerSold = "sell".equals(direction);
        String tradeId = Json.str(d, "trade_id");
        long ts = Json.integer(d, "timestamp");
        String flag = Json.optStr(d, "liquidation");
        out.accept(new Trade(DeribitVenue.FEED, Exchange.DERIBIT, inst.market(), name, inst.symbol(),
                takerSold ? TakerSide.SELL : TakerSide.BUY, price, qty, usd, tradeId, flag != null, ts, receiveTs));
        if (flag == null) {
            return;
        }
        if (!flag.equals("T") && !flag.equals("M") && !flag.equals("MT")) {
            throw new MalformedFrameException("unknown Deribit liquidation flag: '" + flag + "'");
        }
        if (flag.indexOf('T') >= 0) {
            emit(inst, name, PositionSide.fromOrderSide(takerSold), price, qty, usd, amount, "T:" + direction, ts,
                    receiveTs, tradeId + "|T", out);
        }
        if (flag.indexOf('M') >= 0) {
            emit(inst, name, PositionSide.fromOrderSide(!takerSold), price, qty, usd, amount, "M:" + direction, ts,
                    receiveTs, tradeId + "|M", out);
        }
    }

    private static void emit(Instrument inst, String name, PositionSide side, long price, long qty, long usd, long amount,
                             String rawSide, long ts, long receiveTs, String key, EventSink out) {
        out.accept(new Liquidation(DeribitVenue.FEED, Exchange.DERIBIT, inst.market(), name, inst.symbol(), side, price, qty,
                usd, amount, inst.sizeUnit(), PriceKind.TRADE, rawSide, ts, receiveTs, Completeness.COMPLETE,
                DeribitVenue.FEED + "|" + key));
    }

    private void ticker(Map<String, Object> d, long receiveTs, EventSink out) throws MalformedFrameException {
        String name = Json.str(d, "instrument_name");
        Instrument inst = instruments.resolve(Exchange.DERIBIT, name, DeribitVenue::derive);
        if (!inst.kind().isFuture()) {
            return; // an option's mark is a premium and its open interest in contracts of its own: not a future's
        }
        long ts = Json.integer(d, "timestamp");
        long mark = Json.fixed(d, "mark_price", Fixed.E8);
        String index = Json.optStr(d, "index_price");
        out.accept(new MarkPrice(DeribitVenue.FEED, Exchange.DERIBIT, inst.market(), name, inst.symbol(), mark,
                index == null ? 0 : Fixed.parse(index, Fixed.E8), ts, receiveTs));
        String oi = Json.optStr(d, "open_interest");
        if (oi != null) {
            long oiNative = Fixed.parse(oi, Fixed.E8);
            long base = Sizes.baseQuantity(inst, oiNative, mark);
            out.accept(new OpenInterest(DeribitVenue.FEED, Exchange.DERIBIT, inst.market(), name, inst.symbol(), base,
                    Sizes.notionalUsd(inst, oiNative, base, mark), ts, receiveTs));
        }
        String funding = Json.optStr(d, "funding_8h");
        if (funding != null && inst.kind() == InstrumentKind.PERPETUAL) {
            out.accept(new FundingRate(DeribitVenue.FEED, Exchange.DERIBIT, inst.market(), name, inst.symbol(),
                    Fixed.parse(funding, Fixed.E12), 8, -1, mark, ts, receiveTs));
        }
    }
}
