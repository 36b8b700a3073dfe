package dev.cascade.core.venue.hyperliquid;

import dev.cascade.core.normalize.Elements;
import dev.cascade.core.normalize.Json;
import dev.cascade.core.normalize.Sizes;
import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.normalize.Normalizer;
import dev.cascade.core.model.Exchange;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketType;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.TakerSide;
import dev.cascade.core.model.Trade;
import dev.cascade.core.money.Fixed;
import dev.cascade.core.port.EventSink;

import java.util.Map;

/**
 * Hyperliquid perpetuals ("hyperliquid"). There is no public liquidation channel (liquidations are visible per
 * wallet only, exchange-feeds.md §1.9), so this gives what is public: {@code activeAssetCtx} (open interest in coin,
 * the HOURLY funding rate, mark and oracle price) and {@code trades} (side {@code B} = the taker bought). Perpetuals
 * settle in USDC, so the unified id is {@code COIN-USDC-PERP}; the venue sends no timestamp with a ctx, so receive
 * time stands in.
 */
public final class HyperliquidNormalizer implements Normalizer {
    @Override
    public String source() {
        return HyperliquidVenue.FEED;
    }

    @Override
    public void normalize(String frame, long receiveTs, EventSink out) throws MalformedFrameException {
        Map<String, Object> m = Json.obj(Json.parse(frame), "frame");
        String channel = Json.optStr(m, "channel");
        if ("activeAssetCtx".equals(channel)) {
            Map<String, Object> data = Json.obj(m.get("data"), "data");
            assetContext(Json.str(data, "coin"), Json.obj(data.get("ctx"), "ctx"), receiveTs, out);
        } else if ("trades".equals(channel)) {
            Elements.each(m.get("data"), "data", d -> trade(d, receiveTs, out));
        } else if ("error".equals(channel)) {
            throw new MalformedFrameException("Hyperliquid error: " + m.get("data"));
        }
        // subscriptionResponse, pong: nothing to store
    }

    private static String unified(String coin) {
        return coin + "-USDC-PERP";
    }

    private void assetContext(String coin, Map<String, Object> ctx, long receiveTs, EventSink out) throws MalformedFrameException {
        long mark = Json.fixed(ctx, "markPx", Fixed.E8);
        out.accept(new MarkPrice(source(), Exchange.HYPERLIQUID, MarketType.LINEAR, coin, unified(coin), mark,
                Json.optStr(ctx, "oraclePx") == null ? 0 : Json.fixed(ctx, "oraclePx", Fixed.E8), -1, receiveTs));
        long oiCoin = Json.fixed(ctx, "openInterest", Fixed.E8);
        out.accept(new OpenInterest(source(), Exchange.HYPERLIQUID, MarketType.LINEAR, coin, unified(coin), oiCoin,
                Sizes.baseNotionalUsd(mark, oiCoin), -1, receiveTs));
        out.accept(new FundingRate(source(), Exchange.HYPERLIQUID, MarketType.LINEAR, coin, unified(coin),
                Json.fixed(ctx, "funding", Fixed.E12), 1, -1, mark, -1, receiveTs));
    }

    private void trade(Map<String, Object> d, long receiveTs, EventSink out) throws MalformedFrameException {
        String coin = Json.str(d, "coin");
        String side = Json.str(d, "side");
        if (!"B".equals(side) && !"A".equals(side)) {
            throw new MalformedFrameException("unknown Hyperliquid trade side: '" + side + "'");
        }
        long price = Json.fixed(d, "px", Fixed.E8);
        long size = Json.fixed(d, "sz", Fixed.E8);
        out.accept(new Trade(source(), Exchange.HYPERLIQUID, MarketType.LINEAR, coin, unified(coin),
                "B".equals(side) ? TakerSide.BUY : TakerSide.SELL, price, size, Sizes.baseNotionalUsd(price, size),
                Json.str(d, "tid"), false, Json.integer(d, "time"), receiveTs));
    }
}
