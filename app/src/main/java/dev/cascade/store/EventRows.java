package dev.cascade.store;

import dev.cascade.core.model.EventKeys;
import dev.cascade.core.model.FeedGap;
import dev.cascade.core.model.FundingRate;
import dev.cascade.core.model.Liquidation;
import dev.cascade.core.model.LongShortRatio;
import dev.cascade.core.model.MarkPrice;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.model.OpenInterest;
import dev.cascade.core.model.Trade;

import java.sql.SQLException;

/**
 * An event as one table row, column by column in {@link Schema} order: the one place that says which field goes in
 * which column, shared by the embedded store's Appender and the ClickHouse store's RowBinary writer.
 */
public final class EventRows {
    private EventRows() {
    }

    /** Receives a row's values in column order. */
    public interface Row {
        void add(long v) throws SQLException;

        void add(int v) throws SQLException;

        void add(String v) throws SQLException;

        void add(boolean v) throws SQLException;
    }

    public static Schema.Table tableOf(MarketEvent e) {
        if (e instanceof Liquidation) {
            return Schema.LIQUIDATION;
        } else if (e instanceof OpenInterest) {
            return Schema.OPEN_INTEREST;
        } else if (e instanceof FundingRate) {
            return Schema.FUNDING;
        } else if (e instanceof Trade) {
            return Schema.TRADE;
        } else if (e instanceof MarkPrice) {
            return Schema.MARK_PRICE;
        } else if (e instanceof LongShortRatio) {
            return Schema.LONG_SHORT_RATIO;
        }
        return Schema.FEED_GAP;
    }

    /** Writes every column of the event's row; returns its table. */
    public static Schema.Table write(MarketEvent e, Row a) throws SQLException {
        a.add(EventKeys.of(e));
        a.add(e.ts());
        if (e instanceof FeedGap g) {
            a.add(g.toTs());
            a.add(g.source());
            a.add(g.reason());
        } else {
            writeRest(a, e);
        }
        return tableOf(e);
    }

    private static void common(Row a, long receiveTs, String source, Enum<?> exchange, Enum<?> market,
                               String nativeSymbol, String symbol) throws SQLException {
        a.add(receiveTs);
        a.add(source);
        a.add(exchange.name());
        a.add(market.name());
        a.add(nativeSymbol);
        a.add(symbol);
    }

    private static void writeRest(Row a, MarketEvent e) throws SQLException {
        if (e instanceof Liquidation l) {
            common(a, l.receiveTs(), l.source(), l.exchange(), l.market(), l.nativeSymbol(), l.symbol());
            a.add(l.side().name());
            a.add(l.price());
            a.add(l.quantity());
            a.add(l.notionalUsd());
            a.add(l.nativeQuantity());
            a.add(l.quantityUnit().name());
            a.add(l.priceKind().name());
            a.add(l.rawSide());
            a.add(l.exchangeTs());
            a.add(l.completeness().name());
        } else if (e instanceof OpenInterest o) {
            common(a, o.receiveTs(), o.source(), o.exchange(), o.market(), o.nativeSymbol(), o.symbol());
            a.add(o.oiBase());
            a.add(o.oiUsd());
        } else if (e instanceof FundingRate f) {
            common(a, f.receiveTs(), f.source(), f.exchange(), f.market(), f.nativeSymbol(), f.symbol());
            a.add(f.rate());
            a.add(f.intervalHours());
            a.add(f.fundingTime());
            a.add(f.markPrice());
        } else if (e instanceof Trade t) {
            common(a, t.receiveTs(), t.source(), t.exchange(), t.market(), t.nativeSymbol(), t.symbol());
            a.add(t.takerSide().name());
            a.add(t.price());
            a.add(t.quantity());
            a.add(t.notionalUsd());
            a.add(t.tradeId());
            a.add(t.liquidation());
        } else if (e instanceof MarkPrice m) {
            common(a, m.receiveTs(), m.source(), m.exchange(), m.market(), m.nativeSymbol(), m.symbol());
            a.add(m.markPrice());
            a.add(m.indexPrice());
        } else if (e instanceof LongShortRatio r) {
            common(a, r.receiveTs(), r.source(), r.exchange(), r.market(), r.nativeSymbol(), r.symbol());
            a.add(r.periodMs());
            a.add(r.longShare());
            a.add(r.shortShare());
            a.add(r.ratio());
        }
    }
}
