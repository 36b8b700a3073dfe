package dev.cascade.core.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal tree reader on Jackson's streaming parser for the cooler feeds: objects become maps, arrays lists,
 * scalars their exact text (numbers stay text so money is parsed by {@link dev.cascade.core.money.Fixed}).
 * The hottest feed (Binance forceOrder) is parsed token by token instead.
 */
public final class Json {
    /**
     * Deepest nesting accepted. Real frames nest at most 5 levels; the tree reader recurses once per level, so an
     * untrusted frame nested thousands deep is rejected by the parser (a counted error), never a StackOverflowError.
     */
    public static final int MAX_DEPTH = 32;
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build();

    private Json() {
    }

    public static Object parse(String text) throws MalformedFrameException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new MalformedFrameException("empty frame");
            }
            Object v = read(p, t);
            if (p.nextToken() != null) {
                throw new MalformedFrameException("trailing content after JSON value");
            }
            return v;
        } catch (IOException e) {
            throw new MalformedFrameException("invalid JSON", e);
        }
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    m.put(k, read(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (n == null) {
                        throw new IOException("unterminated array");
                    }
                    l.add(read(p, n));
                }
                return l;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> {
                if (t.isScalarValue()) {
                    return p.getText();
                }
                throw new IOException("unexpected token " + t);
            }
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> obj(Object o, String what) throws MalformedFrameException {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new MalformedFrameException("expected object for '" + what + "'");
    }

    @SuppressWarnings("unchecked")
    public static List<Object> arr(Object o, String what) throws MalformedFrameException {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new MalformedFrameException("expected array for '" + what + "'");
    }

    public static String str(Map<String, Object> m, String key) throws MalformedFrameException {
        Object v = m.get(key);
        if (v instanceof String s) {
            return s;
        }
        throw new MalformedFrameException("missing field '" + key + "'");
    }

    public static String optStr(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s ? s : null;
    }

    public static long fixed(Map<String, Object> m, String key, int scale) throws MalformedFrameException {
        String s = str(m, key);
        try {
            return dev.cascade.core.money.Fixed.parse(s, scale);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new MalformedFrameException("bad number in '" + key + "': " + s);
        }
    }

    public static long integer(Map<String, Object> m, String key) throws MalformedFrameException {
        String s = str(m, key);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new MalformedFrameException("bad integer in '" + key + "': " + s);
        }
    }
}
