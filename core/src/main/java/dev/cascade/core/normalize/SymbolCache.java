package dev.cascade.core.normalize;

import dev.cascade.core.model.Instrument;

import java.util.HashMap;
import java.util.Map;

/**
 * What a normalizer's hot path remembers about the symbols its frames name: the symbol's String (symbols repeat, so a
 * frame's character range maps to the String made the first time) and the instrument it resolved to. Both are bounded:
 * frames are untrusted, and a stream of made-up symbols must not grow memory.
 */
public final class SymbolCache {
    /** Instruments remembered at most; past that the memory starts over. */
    public static final int MAX_SYMBOLS = 4096;

    /** How a symbol not remembered yet is resolved: the venue's catalog lookup or symbol rule. */
    @FunctionalInterface
    public interface Resolver {
        Instrument resolve(String nativeSymbol) throws MalformedFrameException;
    }

    private final String[] symbols = new String[256];
    private final Map<String, Instrument> instruments = new HashMap<>();
    private final Resolver resolver;

    public SymbolCache(Resolver resolver) {
        this.resolver = resolver;
    }

    /** The String for chars [from, to) of {@code frame}: the remembered one if it is equal, else a new one. */
    public String symbol(String frame, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + frame.charAt(i);
        }
        int slot = (h ^ (h >>> 16)) & (symbols.length - 1);
        String cached = symbols[slot];
        if (cached != null && cached.length() == to - from && frame.regionMatches(from, cached, 0, cached.length())) {
            return cached;
        }
        String fresh = frame.substring(from, to);
        symbols[slot] = fresh;
        return fresh;
    }

    /** The instrument {@code nativeSymbol} names; a symbol the resolver refuses is not remembered. */
    public Instrument instrument(String nativeSymbol) throws MalformedFrameException {
        Instrument inst = instruments.get(nativeSymbol);
        if (inst == null) {
            inst = resolver.resolve(nativeSymbol);
            if (instruments.size() >= MAX_SYMBOLS) {
                instruments.clear();
            }
            instruments.put(nativeSymbol, inst);
        }
        return inst;
    }
}
