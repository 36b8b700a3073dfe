package dev.cascade.scaleout.bus;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cascade.core.normalize.Json;
import dev.cascade.core.record.RecordedFrame;
import dev.cascade.core.venue.Feed;
import dev.cascade.core.venue.Venues;

import java.io.IOException;
import java.util.Set;

/**
 * The Kafka record key of a raw frame: {@code feed|SYMBOL} when the frame is about one instrument, else {@code feed}.
 * Kafka sends equal keys to one partition in order, so every frame of one (exchange, symbol) reaches one consumer in
 * the order the collector saw it; that is what stateful normalizers (Bybit ticker deltas) need.
 *
 * <p>Cheap on purpose: one streaming pass over the frame's tokens, no tree, no normalization. Which fields hold a
 * symbol is each feed's knowledge ({@link Feed#symbolFields()}). A frame naming several instruments (a Binance
 * all-market array, a BitMEX table batch) is keyed by feed alone, and so is a frame of an unknown feed.
 */
public final class PartitionKeys {
    private PartitionKeys() {
    }

    public static String of(RecordedFrame f) {
        Feed feed = Venues.feed(f.source());
        String symbol = feed == null ? null : singleSymbol(f.frame(), feed.symbolFields());
        return symbol == null ? f.source() : f.source() + '|' + symbol;
    }

    /** The one instrument the frame names, or null if it names none or several (or is not JSON). */
    static String singleSymbol(String frame, Set<String> fields) {
        String found = null;
        try (JsonParser p = Json.FACTORY.createParser(frame)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME && fields.contains(p.currentName())) {
                    if (p.nextToken() != JsonToken.VALUE_STRING) {
                        continue;
                    }
                    String v = p.getText();
                    if (found == null) {
                        found = v;
                    } else if (!found.equals(v)) {
                        return null;
                    }
                }
            }
        } catch (IOException e) {
            return null; // a malformed frame still travels (keyed by feed) so the consumer counts it with its source
        }
        return found;
    }
}
