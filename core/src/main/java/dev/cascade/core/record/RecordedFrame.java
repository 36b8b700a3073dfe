package dev.cascade.core.record;

/**
 * One raw frame as a connector received it: the recorded-feed format is one of these per line, as JSON:
 * <pre>{"t":1760130900123,"src":"binance-usdm","frame":"{\"e\":\"forceOrder\",...}"}</pre>
 * {@code t} is the receive time (epoch ms), {@code src} the feed id, {@code frame} the frame text exactly as sent.
 * Files may be gzip-compressed (.jsonl.gz). Replaying a file through the normalizers rebuilds the same events.
 */
public record RecordedFrame(long receiveTs, String source, String frame) {
}
