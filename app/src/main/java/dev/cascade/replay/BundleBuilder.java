package dev.cascade.replay;

import dev.cascade.core.venue.coinglass.CoinglassVenue;
import dev.cascade.core.venue.binance.BinanceVenue;
import dev.cascade.core.record.RecordedFrame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * Builds the bundled offline dataset (data/*.jsonl.gz) from the real CSV files in ../shared/data, as recorded frames:
 * CoinGlass rows ("coinglass" feed, Cascade's own one-row-per-frame layout), Binance's REST funding-rate history,
 * BitMEX {@code tradeBin1m} bars in BitMEX's WebSocket table layout and Binance {@code forceOrder} events in Binance's
 * wire format. Values are copied as text, digit for digit; only the windows the demo needs are kept.
 * Run: {@code java -cp ... dev.cascade.replay.BundleBuilder ../shared/data data}. A test rebuilds it and compares.
 */
public final class BundleBuilder {
    public static final long FOUR_HOURS = 4 * 3_600_000L;
    public static final String LIQ = "coinglass-btc-liquidations-4h.jsonl.gz";
    public static final String OI = "coinglass-btc-open-interest-4h.jsonl.gz";
    public static final String FUNDING_CG = "coinglass-btc-funding-4h.jsonl.gz";
    public static final String FUNDING_BINANCE = "binance-btcusdt-funding-8h.jsonl.gz";
    public static final String LIQ_7COINS_2021 = "coinglass-7coins-liquidations-1d-2021q2.jsonl.gz";
    public static final String OI_7COINS_2021 = "coinglass-7coins-open-interest-1d-2021q2.jsonl.gz";
    public static final String BITMEX_BARS_2021 = "bitmex-xbtusd-1m-20210518-20.jsonl.gz";
    public static final String BINANCE_FORCE_ORDERS_2025 = "binance-usdm-forceorder-20250126-27.jsonl.gz";
    public static final long DAY = 86_400_000L;
    /** The daily CoinGlass rows kept: Q2 2021, so the April OI peak, the 19 May flush and June's re-leveraging are all in. */
    static final String DAILY_FROM = "2021-04-01";
    static final String DAILY_TO = "2021-07-01";

    private BundleBuilder() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: BundleBuilder SHARED_DATA_DIR OUT_DIR");
            System.exit(2);
        }
        build(Path.of(args[0]), Path.of(args[1]));
    }

    public static List<Path> build(Path shared, Path out) throws IOException {
        List<Path> written = new ArrayList<>();
        written.add(write(out.resolve(LIQ), csv(shared.resolve("coinglass_BTC_liq_4h_20250518_20251114.csv"), r ->
                frame(CoinglassVenue.FEED, Long.parseLong(r[0]) + FOUR_HOURS,
                        "{\"endpoint\":\"liquidation\",\"symbol\":\"BTC\",\"interval_ms\":\"" + FOUR_HOURS + "\",\"time\":" + r[0]
                                + ",\"time_utc\":\"" + r[1] + "\",\"long_usd\":\"" + r[2] + "\",\"short_usd\":\"" + r[3] + "\"}"))));
        written.add(write(out.resolve(OI), csv(shared.resolve("coinglass_BTC_aggOI_usd_4h_20250518_20251114.csv"), r ->
                frame(CoinglassVenue.FEED, Long.parseLong(r[0]) + FOUR_HOURS, ohlc("open-interest", r)))));
        written.add(write(out.resolve(FUNDING_CG), csv(shared.resolve("coinglass_BTC_OIweighted_funding_pct_4h_20250518_20251114.csv"), r ->
                frame(CoinglassVenue.FEED, Long.parseLong(r[0]) + FOUR_HOURS, ohlc("funding-oi-weighted", r)))));
        written.add(write(out.resolve(FUNDING_BINANCE), csv(shared.resolve("binance_BTCUSDT_funding_2020_2026.csv"), r ->
                frame(BinanceVenue.USDM_FEED, Long.parseLong(r[0]),
                        "{\"symbol\":\"BTCUSDT\",\"fundingTime\":" + r[0] + ",\"fundingRate\":\"" + r[2]
                                + "\",\"fundingIntervalHours\":\"" + r[1] + "\",\"markPrice\":\"\"}"))));
        written.add(write(out.resolve(LIQ_7COINS_2021), dailyRows(shared.resolve("coinglass_7coins_liq_1d_2015_20250908.csv"), r ->
                frame("coinglass", dayStart(r[1]) + DAY,
                        "{\"endpoint\":\"liquidation\",\"symbol\":\"" + r[0] + "\",\"interval_ms\":\"" + DAY + "\",\"time\":" + dayStart(r[1])
                                + ",\"time_utc\":\"" + r[1] + "\",\"long_usd\":\"" + r[2] + "\",\"short_usd\":\"" + r[3] + "\"}"))));
        written.add(write(out.resolve(OI_7COINS_2021), dailyRows(shared.resolve("coinglass_7coins_futures_oi_1d_2015_20250908.csv"), r ->
                r[2].isEmpty() ? null : frame("coinglass", dayStart(r[1]) + DAY,
                        "{\"endpoint\":\"open-interest-close\",\"symbol\":\"" + r[0] + "\",\"interval_ms\":\"" + DAY + "\",\"time\":" + dayStart(r[1])
                                + ",\"time_utc\":\"" + r[1] + "\",\"close\":\"" + r[2] + "\",\"stable_close\":\"" + r[3]
                                + "\",\"coinm_close\":\"" + r[4] + "\",\"unit\":\"" + r[5] + "\"}"))));
        written.add(write(out.resolve(BITMEX_BARS_2021), csv(shared.resolve("bitmex_XBTUSD_1m_20210518_20.csv"), r ->
                frame("bitmex", Instant.parse(r[0]).toEpochMilli(),
                        "{\"table\":\"tradeBin1m\",\"action\":\"insert\",\"data\":[{\"timestamp\":\"" + r[0]
                                + "\",\"symbol\":\"XBTUSD\",\"open\":" + r[1] + ",\"high\":" + r[2] + ",\"low\":" + r[3] + ",\"close\":" + r[4]
                                + ",\"trades\":" + r[5] + ",\"volume\":" + r[6] + ",\"vwap\":" + r[7] + ",\"turnover\":" + r[8]
                                + ",\"homeNotional\":" + r[9] + ",\"foreignNotional\":" + r[10] + "}]}"))));
        written.add(write(out.resolve(BINANCE_FORCE_ORDERS_2025), forceOrders(shared.resolve("binance_usdm_forceOrder_recording_20250126_27.csv"))));
        return written;
    }

    /**
     * The Binance recording as {@code !forceOrder@arr} frames. The recorder stored each event's fields without its
     * event time ({@code E}) and with the USDT suffix cut from the symbol; two writers appended the same events, so
     * duplicates are dropped (first occurrence kept) and the events are ordered by trade time. Duplicates are judged
     * on Binance's eleven fields, not on the recorder's own last column (its USD size): five events were written
     * twice with that column 1000 times smaller, so the 1,842 distinct lines are 1,837 distinct events. {@code E}
     * and the receive time are the trade time {@code T}: the true send time was not recorded.
     */
    static List<RecordedFrame> forceOrders(Path file) throws IOException {
        Map<String, String[]> events = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                String[] r = line.split(",", -1);
                events.putIfAbsent(String.join(",", Arrays.asList(r).subList(0, 11)), r);
            }
        }
        List<String[]> rows = new ArrayList<>(events.values());
        rows.sort(Comparator.comparingLong(r -> Long.parseLong(r[10])));
        List<RecordedFrame> frames = new ArrayList<>(rows.size());
        for (String[] r : rows) {
            // The recorder stripped only "USDT": USDC-margined symbols (BTCUSDC) kept their suffix.
            String symbol = r[0].endsWith("USDC") ? r[0] : r[0] + "USDT";
            frames.add(frame(BinanceVenue.USDM_FEED, Long.parseLong(r[10]), "{\"e\":\"forceOrder\",\"E\":" + r[10] + ",\"o\":{\"s\":\"" + symbol
                    + "\",\"S\":\"" + r[1] + "\",\"o\":\"" + r[2] + "\",\"f\":\"" + r[3] + "\",\"q\":\"" + r[4] + "\",\"p\":\"" + r[5]
                    + "\",\"ap\":\"" + r[6] + "\",\"X\":\"" + r[7] + "\",\"l\":\"" + r[8] + "\",\"z\":\"" + r[9] + "\",\"T\":" + r[10] + "}}"));
        }
        return frames;
    }

    /** "2021-05-19 00:00:00+00" as epoch ms. */
    static long dayStart(String tsUtc) {
        return LocalDate.parse(tsUtc.substring(0, 10)).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static List<RecordedFrame> dailyRows(Path file, RowMapper mapper) throws IOException {
        return csv(file, r -> r[1].compareTo(DAILY_FROM) >= 0 && r[1].compareTo(DAILY_TO) < 0 ? mapper.map(r) : null);
    }

    private static String ohlc(String endpoint, String[] r) {
        return "{\"endpoint\":\"" + endpoint + "\",\"symbol\":\"BTC\",\"interval_ms\":\"" + FOUR_HOURS + "\",\"time\":" + r[0]
                + ",\"time_utc\":\"" + r[1] + "\",\"open\":\"" + r[2] + "\",\"high\":\"" + r[3] + "\",\"low\":\"" + r[4]
                + "\",\"close\":\"" + r[5] + "\"}";
    }

    private static RecordedFrame frame(String src, long t, String json) {
        return new RecordedFrame(t, src, json);
    }

    private interface RowMapper {
        /** The frame for a CSV row, or null to leave the row out. */
        RecordedFrame map(String[] row);
    }

    private static List<RecordedFrame> csv(Path file, RowMapper mapper) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<RecordedFrame> frames = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                RecordedFrame f = mapper.map(line.split(",", -1));
                if (f != null) {
                    frames.add(f);
                }
            }
        }
        return frames;
    }

    private static Path write(Path file, List<RecordedFrame> frames) throws IOException {
        try (RecordedFeedWriter w = new RecordedFeedWriter(file)) {
            frames.forEach(w::write);
        }
        return file;
    }
}
