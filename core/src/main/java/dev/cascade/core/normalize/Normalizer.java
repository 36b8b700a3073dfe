package dev.cascade.core.normalize;

import dev.cascade.core.port.EventSink;

/**
 * Turns one raw frame of one feed into zero or more normalized events. Pure: no I/O, no clock (the receive time is
 * passed in). Some normalizers keep per-symbol state to merge deltas (Bybit tickers), so one instance serves one feed.
 */
public interface Normalizer {
    /** Feed id, e.g. "binance-usdm". */
    String source();

    /** Frames that carry no market data (subscription acks, pongs) emit nothing and are not errors. */
    void normalize(String frame, long receiveTs, EventSink out) throws MalformedFrameException;
}
