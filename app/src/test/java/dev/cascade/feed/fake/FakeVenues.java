package dev.cascade.feed.fake;

import dev.cascade.core.model.MarketType;
import dev.cascade.core.venue.binance.BinanceCoinmConnector;
import dev.cascade.core.venue.binance.BinanceSpotConnector;
import dev.cascade.core.venue.binance.BinanceUsdmConnector;
import dev.cascade.core.venue.bitget.BitgetConnector;
import dev.cascade.core.venue.bitmex.BitmexConnector;
import dev.cascade.core.venue.bybit.BybitConnector;
import dev.cascade.core.venue.deribit.DeribitConnector;
import dev.cascade.core.venue.ExchangeConnector;
import dev.cascade.core.venue.gate.GateConnector;
import dev.cascade.core.venue.okx.OkxConnector;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/** The six fake venues (one per connector), each speaking its exchange's protocol from the documented samples. */
public final class FakeVenues {
    private FakeVenues() {
    }

    public static final List<String> NAMES = List.of("binance-usdm", "binance-coinm", "binance-spot", "bybit-linear",
            "bybit-inverse", "bybit-spot", "okx", "bitmex", "deribit", "gate-usdt", "bitget-usdt");

    public static FakeVenue create(String name) {
        return switch (name) {
            case "binance-usdm" -> new BinanceUsdm();
            case "binance-coinm" -> new BinanceCoinm();
            case "binance-spot" -> new BinanceSpot();
            case "bybit-linear" -> new Bybit(MarketType.LINEAR);
            case "bybit-inverse" -> new Bybit(MarketType.INVERSE);
            case "bybit-spot" -> new Bybit(MarketType.SPOT);
            case "okx" -> new Okx();
            case "bitmex" -> new Bitmex();
            case "deribit" -> new Deribit();
            case "gate-usdt" -> new Gate();
            case "bitget-usdt" -> new Bitget();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * What the Binance hosts share: the streams are in the URL (combined wrapper), so a link is subscribed when its path
     * names them; a SUBSCRIBE message gets Binance's ack; the server pings and drops a client that stops answering.
     */
    abstract static class BinanceHost extends FakeVenue {
        private final String subscribedPath;

        BinanceHost(String subscribedPath) {
            this.subscribedPath = subscribedPath;
        }

        @Override
        public void onOpen(FakeWsServer.Conn c) {
            c.subscribed = c.path != null && c.path.startsWith(subscribedPath);
        }

        @Override
        public void onText(FakeWsServer.Conn c, String text) {
            if (text.contains("\"SUBSCRIBE\"")) {
                c.send("{\"result\":null,\"id\":1}");
            }
        }

        @Override
        protected void keepalive(FakeWsServer.Conn c) {
            if (++c.unanswered > unansweredLimit) {
                c.drop(); // Binance drops a client that stops answering its pings
                return;
            }
            c.ping();
        }
    }

    /** Binance USD-M on the /market root. */
    static final class BinanceUsdm extends BinanceHost {
        BinanceUsdm() {
            super("/market/stream?streams=!forceOrder@arr");
        }

        @Override
        public ExchangeConnector connector(URI base) {
            return new BinanceUsdmConnector(base, List.of("BTC", "ETH"));
        }

        @Override
        public String frame(int i) {
            long t = T0 + i * 7L;
            String sym = i % 3 == 0 ? "ETHUSDT" : "BTCUSDT";
            if (i % 10 == 9) {
                return "{\"stream\":\"" + sym.toLowerCase(Locale.ROOT) + "@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":" + t
                        + ",\"s\":\"" + sym + "\",\"p\":\"11794.15000000\",\"i\":\"11784.62659091\",\"P\":\"11784.25641265\","
                        + "\"r\":\"0.00038167\",\"T\":1562306400000}}";
            }
            String q = "0." + (100 + i % 900);
            return "{\"stream\":\"!forceOrder@arr\",\"data\":{\"e\":\"forceOrder\",\"E\":" + (t + 2) + ",\"o\":{\"s\":\"" + sym
                    + "\",\"S\":\"" + side(i, "SELL", "BUY") + "\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"" + q
                    + "\",\"p\":\"38886.54\",\"ap\":\"" + (39000 + i % 500) + ".10\",\"X\":\"FILLED\",\"l\":\"" + q
                    + "\",\"z\":\"" + q + "\",\"T\":" + t + "}}}";
        }
    }

    /** Binance COIN-M: contracts, pair field, the legacy /stream root on dstream. */
    static final class BinanceCoinm extends BinanceHost {
        BinanceCoinm() {
            super("/stream?streams=!forceOrder@arr");
        }

        @Override
        public ExchangeConnector connector(URI base) {
            return new BinanceCoinmConnector(base, List.of("BTC", "ETH"));
        }

        @Override
        public String frame(int i) {
            long t = T0 + i * 5L;
            String pair = i % 2 == 0 ? "BTCUSD" : "ETHUSD";
            String q = Integer.toString(1 + i % 40);
            return "{\"stream\":\"!forceOrder@arr\",\"data\":{\"e\":\"forceOrder\",\"E\":" + (t + 1) + ",\"o\":{\"s\":\"" + pair
                    + "_PERP\",\"ps\":\"" + pair + "\",\"S\":\"" + side(i / 2, "SELL", "BUY") + "\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\""
                    + q + "\",\"p\":\"9425.5\",\"ap\":\"" + (9400 + i % 300) + ".5\",\"X\":\"FILLED\",\"l\":\"" + q + "\",\"z\":\""
                    + q + "\",\"T\":" + t + "}}}";
        }
    }

    /** Binance spot: aggTrade streams in the URL (combined wrapper) on stream.binance.com, protocol pings from the server. */
    static final class BinanceSpot extends BinanceHost {
        BinanceSpot() {
            super("/stream?streams=btcusdt@aggTrade");
        }

        @Override
        public ExchangeConnector connector(URI base) {
            return new BinanceSpotConnector(base, List.of("BTC", "ETH"));
        }

        @Override
        public String frame(int i) {
            long t = T0 + i * 3L;
            String sym = i % 3 == 0 ? "ETHUSDT" : "BTCUSDT";
            return "{\"stream\":\"" + sym.toLowerCase(Locale.ROOT) + "@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":" + (t + 1)
                    + ",\"s\":\"" + sym + "\",\"a\":" + (26129 + i) + ",\"p\":\"" + (60000 + i % 800) + ".01\",\"q\":\"0." + (1000 + i % 9000)
                    + "\",\"f\":" + (27781 + 2 * i) + ",\"l\":" + (27782 + 2 * i) + ",\"T\":" + t + ",\"m\":" + (i % 2 == 0) + ",\"M\":true}}";
        }
    }

    /** Bybit v5: op:subscribe with an ack, op:ping -> pong, allLiquidation batches of two. */
    static final class Bybit extends FakeVenue {
        private final MarketType market;

        Bybit(MarketType market) {
            this.market = market;
        }

        @Override
        public ExchangeConnector connector(URI base) {
            return new BybitConnector(base, market, List.of("BTC", "ETH"));
        }

        @Override
        public void onText(FakeWsServer.Conn c, String text) {
            if (text.contains("\"op\":\"ping\"")) {
                c.pings++;
                c.send("{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"fake-" + source() + "\",\"op\":\"ping\"}");
            } else if (text.contains("\"op\":\"subscribe\"") && refuseSubscriptions) {
                c.send("{\"success\":false,\"ret_msg\":\"error:handler not found,topic:allLiquidation.FOOUSDT\",\"conn_id\":\"fake-"
                        + source() + "\",\"req_id\":\"\",\"op\":\"subscribe\"}");
            } else if (text.contains("\"op\":\"subscribe\"")) {
                c.subscribed = text.contains(market == MarketType.SPOT ? "publicTrade." : "allLiquidation.");
                c.send("{\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"fake-" + source() + "\",\"req_id\":\"\",\"op\":\"subscribe\"}");
            }
        }

        @Override
        public String frame(int i) {
            long t = T0 + i * 10L;
            if (market == MarketType.SPOT) {
                // Spot publicTrade: the v5 trade item with spot's seq; two trades per frame, ids unique per trade.
                String sym = i % 2 == 0 ? "BTCUSDT" : "ETHUSDT";
                return "{\"topic\":\"publicTrade." + sym + "\",\"ts\":" + (t + 2) + ",\"type\":\"snapshot\",\"data\":["
                        + "{\"i\":\"22900000000" + (2 * i) + "\",\"T\":" + t + ",\"p\":\"" + (60000 + i % 700) + ".5\",\"v\":\"0.0" + (10 + i % 90)
                        + "\",\"S\":\"" + side(i, "Buy", "Sell") + "\",\"s\":\"" + sym + "\",\"BT\":false,\"RPI\":false,\"seq\":" + (9000 + i) + "},"
                        + "{\"i\":\"22900000000" + (2 * i + 1) + "\",\"T\":" + (t + 1) + ",\"p\":\"" + (60001 + i % 700) + "\",\"v\":\"0.00" + (10 + i % 90)
                        + "\",\"S\":\"Sell\",\"s\":\"" + sym + "\",\"BT\":false,\"RPI\":false,\"seq\":" + (9000 + i) + "}]}";
            }
            boolean inverse = market == MarketType.INVERSE;
            String sym = (i % 2 == 0 ? "BTC" : "ETH") + (inverse ? "USD" : "USDT");
            String v1 = inverse ? Integer.toString(100 + i % 5000) : "0.0" + (10 + i % 90);
            String v2 = inverse ? Integer.toString(7 + i % 300) : "0.00" + (10 + i % 90);
            return "{\"topic\":\"allLiquidation." + sym + "\",\"type\":\"snapshot\",\"ts\":" + (t + 300) + ",\"data\":["
                    + "{\"T\":" + t + ",\"s\":\"" + sym + "\",\"S\":\"" + side(i, "Buy", "Sell") + "\",\"v\":\"" + v1 + "\",\"p\":\"" + (60000 + i % 700) + ".5\"},"
                    + "{\"T\":" + (t + 1) + ",\"s\":\"" + sym + "\",\"S\":\"Buy\",\"v\":\"" + v2 + "\",\"p\":\"" + (59000 + i % 900) + ".25\"}]}";
        }
    }

    /** OKX v5: one ack per subscribed arg, text ping/pong, liquidation-orders by instType plus open-interest. */
    static final class Okx extends FakeVenue {
        @Override
        public ExchangeConnector connector(URI base) {
            return new OkxConnector(base, List.of("BTC", "ETH"));
        }

        @Override
        public void onText(FakeWsServer.Conn c, String text) {
            if (answeredTextPing(c, text)) {
                return;
            }
            if (text.contains("\"op\":\"subscribe\"") && refuseSubscriptions) {
                c.send("{\"event\":\"error\",\"code\":\"60018\",\"msg\":\"Wrong URL or channel:open-interest,instId:FOO-USDT-SWAP doesn't exist.\",\"connId\":\"a4d3ae55\"}");
            }
            if (text.contains("\"op\":\"subscribe\"")) {
                c.subscribed = text.contains("liquidation-orders");
                c.send("{\"event\":\"subscribe\",\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"},\"connId\":\"a4d3ae55\"}");
                c.send("{\"event\":\"subscribe\",\"arg\":{\"channel\":\"open-interest\",\"instId\":\"BTC-USDT-SWAP\"},\"connId\":\"a4d3ae55\"}");
            }
        }

        @Override
        public String frame(int i) {
            long t = T0 + i * 3L;
            String inst = i % 2 == 0 ? "BTC-USDT-SWAP" : "ETH-USDT-SWAP";
            String fam = inst.substring(0, inst.length() - 5);
            if (i % 10 == 7) {
                return "{\"arg\":{\"channel\":\"open-interest\",\"instId\":\"" + inst + "\"},\"data\":[{\"instId\":\"" + inst
                        + "\",\"instType\":\"SWAP\",\"oi\":\"2216113.01\",\"oiCcy\":\"22161.1301\",\"oiUsd\":\"" + (1939251795 + i)
                        + ".54\",\"ts\":\"" + t + "\"}]}";
            }
            String sell = side(i / 2, "sell", "buy");
            return "{\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"},\"data\":[{\"details\":[{\"bkLoss\":\"0\",\"bkPx\":\""
                    + (57102 + i % 400) + ".9\",\"ccy\":\"\",\"posSide\":\"" + ("sell".equals(sell) ? "long" : "short") + "\",\"side\":\""
                    + sell + "\",\"sz\":\"" + (1 + i % 1000) + "\",\"ts\":\"" + t + "\"}],\"instFamily\":\"" + fam + "\",\"instId\":\""
                    + inst + "\",\"instType\":\"SWAP\",\"uly\":\"" + fam + "\"}]}";
        }
    }

    /** BitMEX realtime: welcome on open, subscribe ack + empty partial, text ping/pong, insert/update lifecycle. */
    static final class Bitmex extends FakeVenue {
        @Override
        public ExchangeConnector connector(URI base) {
            return new BitmexConnector(base);
        }

        @Override
        public void onOpen(FakeWsServer.Conn c) {
            c.send("{\"info\":\"Welcome to the BitMEX Realtime API.\",\"version\":\"2.0.0\",\"timestamp\":\"2025-10-10T21:15:00.000Z\","
                    + "\"docs\":\"https://www.bitmex.com/app/wsAPI\",\"limit\":{\"remaining\":39}}");
        }

        @Override
        public void onText(FakeWsServer.Conn c, String text) {
            if (answeredTextPing(c, text)) {
                return;
            }
            if (text.contains("\"op\":\"subscribe\"") && refuseSubscriptions) {
                c.send("{\"status\":400,\"error\":\"Unknown or expired symbol: instrument:FOOUSD\",\"meta\":{},\"request\":{\"op\":\"subscribe\","
                        + "\"args\":[\"instrument:FOOUSD\"]}}");
            }
            if (text.contains("\"op\":\"subscribe\"")) {
                c.subscribed = true;
                c.send("{\"success\":true,\"subscribe\":\"liquidation\",\"request\":{\"op\":\"subscribe\",\"args\":[\"liquidation\"]}}");
                c.send("{\"table\":\"liquidation\",\"action\":\"partial\",\"keys\":[\"orderID\"],\"types\":{},\"filter\":{},\"data\":[]}");
            }
        }

        @Override
        public String frame(int i) {
            String id = String.format(Locale.ROOT, "98ae1dad-6a3b-51c4-14bd-%012d", i);
            if (i % 10 == 7) {
                // An instrument update with the mark price and open interest together: its events do not depend on
                // what came before, so drops, duplicates and reordering cannot change them.
                return "{\"table\":\"instrument\",\"action\":\"update\",\"data\":[{\"symbol\":\"XBTUSD\",\"markPrice\":"
                        + (112000 + i) + ".5,\"openInterest\":" + (300_000_000 + i * 1000) + ",\"fundingRate\":0.0001,"
                        + "\"fundingTimestamp\":\"2025-10-11T04:00:00.000Z\",\"timestamp\":\""
                        + java.time.Instant.ofEpochMilli(T0 + i * 1001L) + "\"}]}"; // unique for every i, as the soak needs
            }
            if (i % 5 == 4) {
                // A partial fill of an earlier order: no new liquidation (the normalizer counts inserts only).
                return "{\"table\":\"liquidation\",\"action\":\"update\",\"data\":[{\"orderID\":\""
                        + String.format(Locale.ROOT, "98ae1dad-6a3b-51c4-14bd-%012d", i - 1) + "\",\"leavesQty\":1000,\"symbol\":\"XBTUSD\"}]}";
            }
            // XBTUSD only: a quanto (ETHUSD) liquidation is valued at the last XBT price, so it would depend on order.
            return "{\"table\":\"liquidation\",\"action\":\"insert\",\"data\":[{\"orderID\":\"" + id
                    + "\",\"symbol\":\"XBTUSD\",\"side\":\"" + side(i, "Buy", "Sell") + "\",\"price\":" + (13854 + i % 900)
                    + ".5,\"leavesQty\":" + (1000 + i * 13 % 300000) + "}]}";
        }
    }

    /** Deribit JSON-RPC: set_heartbeat then test_request every 100 ms; 30 s without an answer closes the link. */
    static final class Deribit extends FakeVenue {
        @Override
        public ExchangeConnector connector(URI base) {
            return new DeribitConnector(base, List.of("BTC", "ETH"));
        }

        @Override
        public void onText(FakeWsServer.Conn c, String text) {
            if (text.contains("\"public/set_heartbeat\"")) {
                c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"ok\"}");
                c.pings = 1; // heartbeat armed
            } else if (text.contains("\"public/subscribe\"") && refuseSubscriptions) {
                // Deribit subscribes what it can and lists only that: the ETH channels are left out, with no error.
                c.subscribed = true;
                c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":[\"trades.future.BTC.100ms\",\"ticker.BTC-PERPETUAL.100ms\"]}");
            } else if (text.contains("\"public/subscribe\"")) {
                c.subscribed = true;
                c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":[\"trades.future.BTC.100ms\",\"ticker.BTC-PERPETUAL.100ms\","
                        + "\"trades.future.ETH.100ms\",\"ticker.ETH-PERPETUAL.100ms\"]}");
            } else if (text.contains("\"public/test\"")) {
                c.heartbeatReplies++;
                c.unanswered = 0;
                c.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"version\":\"1.2.26\"}}");
            }
        }

        @Override
        protected void keepalive(FakeWsServer.Conn c) {
            if (c.pings == 0) {
                return;
            }
            if (++c.unanswered > unansweredLimit) {
                c.drop(); // like Deribit with a 30 s heartbeat: 30 s of unanswered test_requests closes the link
                return;
            }
            c.send("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"test_request\"}}");
        }

        @Override
        public String frame(int i) {
            String flag = switch (i % 4) {
                case 0 -> ",\"liquidation\":\"T\"";
                case 1 -> ",\"liquidation\":\"M\"";
                case 2 -> ",\"liquidation\":\"MT\"";
                default -> "";
            };
            String inst = i % 3 == 0 ? "ETH-PERPETUAL" : "BTC-PERPETUAL";
            return "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"trades.future."
                    + inst.substring(0, 3) + ".100ms\",\"data\":[{\"trade_seq\":" + (30000 + i) + ",\"trade_id\":\"" + (120000000 + i)
                    + "\",\"timestamp\":" + (T0 + i) + ",\"tick_direction\":0,\"price\":" + (3948 + i % 100) + ".5,\"mark_price\":3948.12,"
                    + "\"instrument_name\":\"" + inst + "\",\"index_price\":3930.73,\"direction\":\"" + side(i / 4, "sell", "buy")
                    + "\",\"amount\":" + (10 * (1 + i % 50)) + flag + "}]}}";
        }
    }

    /**
     * Gate.io USDT futures v4: refuses a handshake without X-Gate-Size-Decimal (sizes would be rounded integers),
     * acks each subscribe, answers futures.ping with futures.pong; liquidations with signed sizes, and tickers.
     */
    static final class Gate extends FakeVenue {
        @Override
        public ExchangeConnector connector(URI base) {
            return new GateConnector(base, List.of("BTC", "ETH"));
        }

        @Override
        public void onOpen(FakeWsServer.Conn c) {
            if (!"1".equals(c.headers.get("x-gate-size-decimal"))) {
                c.drop();
            }
        }

        @Override
        public void onText(FakeWsServer.Conn c, String text) {
            if (text.contains("\"futures.ping\"")) {
                c.pings++;
                c.send("{\"time\":1760130900,\"time_ms\":1760130900000,\"channel\":\"futures.pong\",\"event\":\"\",\"result\":null}");
            } else if (text.contains("\"event\":\"subscribe\"")) {
                String channel = text.contains("futures.tickers") ? "futures.tickers" : "futures.public_liquidates";
                if (refuseSubscriptions) {
                    c.send("{\"time\":1760130900,\"time_ms\":1760130900000,\"channel\":\"" + channel + "\",\"event\":\"subscribe\","
                            + "\"error\":{\"code\":2,\"message\":\"unknown contract FOO_USDT\"},\"result\":{\"status\":\"fail\"}}");
                }
                c.send("{\"time\":1760130900,\"time_ms\":1760130900000,\"channel\":\"" + channel
                        + "\",\"event\":\"subscribe\",\"result\":{\"status\":\"success\"}}");
                c.subscribed |= channel.equals("futures.public_liquidates");
            }
        }

        @Override
        public String frame(int i) {
            long t = T0 + i * 3L;
            String contract = i % 2 == 0 ? "BTC_USDT" : "ETH_USDT";
            if (i % 10 == 7) {
                return "{\"time\":" + t / 1000 + ",\"time_ms\":" + t + ",\"channel\":\"futures.tickers\",\"event\":\"update\","
                        + "\"result\":[{\"contract\":\"" + contract + "\",\"last\":\"112000\",\"funding_rate\":\"0.0001\","
                        + "\"mark_price\":\"" + (112000 + i % 1000) + ".5\",\"index_price\":\"112010\",\"total_size\":\"" + (150_000_000 + i % 1000) + "\"}]}";
            }
            return "{\"channel\":\"futures.public_liquidates\",\"event\":\"update\",\"time\":" + t / 1000 + ",\"time_ms\":" + t
                    + ",\"result\":[{\"price\":" + (111000 + i % 700) + ".1,\"size\":\"" + side(i / 2, "-", "") + (1 + i % 500)
                    + "\",\"time_ms\":" + t + ",\"contract\":\"" + contract + "\"}]}";
        }
    }

    /** Bitget UTA v3: subscribe ack, text ping/pong, one liquidation record per frame as in the documented sample. */
    static final class Bitget extends FakeVenue {
        @Override
        public ExchangeConnector connector(URI base) {
            return new BitgetConnector(base);
        }

        @Override
        public void onText(FakeWsServer.Conn c, String text) {
            if (answeredTextPing(c, text)) {
                return;
            }
            if (text.contains("\"op\":\"subscribe\"") && refuseSubscriptions) {
                c.subscribed = true;
                c.send("{\"event\":\"error\",\"arg\":{\"instType\":\"usdt-futures\",\"topic\":\"liquidation\"},\"code\":30001,"
                        + "\"msg\":\"instType:usdt-futures,channel:liquidation doesn't exist\",\"op\":\"subscribe\"}");
                return;
            }
            if (text.contains("\"op\":\"subscribe\"")) {
                c.subscribed = true;
                c.send("{\"event\":\"subscribe\",\"arg\":{\"instType\":\"usdt-futures\",\"topic\":\"liquidation\"}}");
            }
        }

        @Override
        public String frame(int i) {
            long t = T0 + i * 3L;
            return "{\"data\":[{\"symbol\":\"" + (i % 2 == 0 ? "BTCUSDT" : "ETHUSDT") + "\",\"side\":\"" + side(i / 2, "buy", "sell")
                    + "\",\"price\":\"" + (111000 + i % 700) + "\",\"amount\":\"" + (37 + i % 9000) + ".722858\",\"ts\":\"" + t
                    + "\"}],\"arg\":{\"instType\":\"usdt-futures\",\"topic\":\"liquidation\"},\"action\":\"update\",\"ts\":" + t + "}";
        }
    }
}
