package dev.cascade.replay;

import dev.cascade.core.record.RecordedFrame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the bundled offline dataset (data/*.jsonl.gz) from the real CSV files in ../shared/data, as recorded frames
 * of the "coinglass" feed and of Binance's REST funding-rate history. Values are copied as text, digit for digit.
 * Run: {@code java -cp ... dev.cascade.replay.BundleBuilder ../shared/data data}. A test rebuilds it and compares.
 */
public final class BundleBuilder {
    public static final long FOUR_HOURS = 4 * 3_600_000L;
    public static final String LIQ = "coinglass-btc-liquidations-4h.jsonl.gz";
    public static final String OI = "coinglass-btc-open-interest-4h.jsonl.gz";
    public static final String FUNDING_CG = "coinglass-btc-funding-4h.jsonl.gz";
    public static final String FUNDING_BINANCE = "binance-btcusdt-funding-8h.jsonl.gz";

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
                frame("coinglass", Long.parseLong(r[0]) + FOUR_HOURS,
                        "{\"endpoint\":\"liquidation\",\"symbol\":\"BTC\",\"interval_ms\":\"" + FOUR_HOURS + "\",\"time\":" + r[0]
                                + ",\"time_utc\":\"" + r[1] + "\",\"long_usd\":\"" + r[2] + "\",\"short_usd\":\"" + r[3] + "\"}"))));
        written.add(write(out.resolve(OI), csv(shared.resolve("coinglass_BTC_aggOI_usd_4h_20250518_20251114.csv"), r ->
                frame("coinglass", Long.parseLong(r[0]) + FOUR_HOURS, ohlc("open-interest", r)))));
        written.add(write(out.resolve(FUNDING_CG), csv(shared.resolve("coinglass_BTC_OIweighted_funding_pct_4h_20250518_20251114.csv"), r ->
                frame("coinglass", Long.parseLong(r[0]) + FOUR_HOURS, ohlc("funding-oi-weighted", r)))));
        written.add(write(out.resolve(FUNDING_BINANCE), csv(shared.resolve("binance_BTCUSDT_funding_2020_2026.csv"), r ->
                frame("binance-usdm", Long.parseLong(r[0]),
                        "{\"symbol\":\"BTCUSDT\",\"fundingTime\":" + r[0] + ",\"fundingRate\":\"" + r[2]
                                + "\",\"fundingIntervalHours\":\"" + r[1] + "\",\"markPrice\":\"\"}"))));
        return written;
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
        RecordedFrame map(String[] row);
    }

    private static List<RecordedFrame> csv(Path file, RowMapper mapper) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<RecordedFrame> frames = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                frames.add(mapper.map(line.split(",", -1)));
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
