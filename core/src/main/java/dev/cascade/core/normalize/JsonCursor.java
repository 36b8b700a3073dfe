package dev.cascade.core.normalize;

/**
 * A strict, allocation-free JSON cursor over a String for the hottest frames. It walks objects field by field and
 * hands out values as character ranges of the frame, so numbers go straight into {@link dev.cascade.core.money.Fixed}
 * and nothing is copied. Anything it does not handle quickly (escaped names or values, unexpected shapes) or any
 * syntax error raises {@link #FALLBACK}: the caller then re-parses the frame on the general path, which accepts
 * every valid frame and gives malformed ones their precise error message.
 */
final class JsonCursor {
    /** Thrown (preallocated, no stack trace) when the fast path gives up on a frame. */
    static final RuntimeException FALLBACK = new RuntimeException("fast path fallback", null, false, false) {
    };

    private String s;
    private int pos;
    private int end;
    private boolean firstField;
    int from;
    int to;

    void reset(String text) {
        s = text;
        pos = 0;
        end = text.length();
    }

    String text() {
        return s;
    }

    private void ws() {
        while (pos < end) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    void beginObject() {
        ws();
        if (pos >= end || s.charAt(pos) != '{') {
            throw FALLBACK;
        }
        pos++;
        firstField = true;
    }

    /** Moves to the next field; returns false at the closing brace. Sets [from, to) to the field name. */
    boolean nextField() {
        ws();
        if (pos >= end) {
            throw FALLBACK;
        }
        char c = s.charAt(pos);
        if (c == '}') {
            pos++;
            firstField = false;
            return false;
        }
        if (!firstField) {
            if (c != ',') {
                throw FALLBACK;
            }
            pos++;
            ws();
        }
        firstField = false;
        plainString();
        ws();
        if (pos >= end || s.charAt(pos) != ':') {
            throw FALLBACK;
        }
        pos++;
        ws();
        return true;
    }

    /** Called after a nested object was read with beginObject/nextField: the outer object continues. */
    void afterValue() {
        firstField = false;
    }

    boolean nameIs(String name) {
        return to - from == name.length() && s.regionMatches(from, name, 0, name.length());
    }

    boolean nameIs(char name) {
        return to - from == 1 && s.charAt(from) == name;
    }

    boolean peekObject() {
        return pos < end && s.charAt(pos) == '{';
    }

    /** A string without escapes; sets [from, to) to its content. */
    void plainString() {
        if (pos >= end || s.charAt(pos) != '"') {
            throw FALLBACK;
        }
        int start = ++pos;
        while (pos < end) {
            char c = s.charAt(pos);
            if (c == '"') {
                from = start;
                to = pos++;
                return;
            }
            if (c == '\\' || c < 0x20) {
                throw FALLBACK;
            }
            pos++;
        }
        throw FALLBACK;
    }

    /** A JSON number token; sets [from, to). */
    void number() {
        int start = pos;
        if (pos < end && s.charAt(pos) == '-') {
            pos++;
        }
        int digits = pos;
        while (pos < end && isDigit(s.charAt(pos))) {
            pos++;
        }
        if (pos == digits) {
            throw FALLBACK;
        }
        if (pos < end && s.charAt(pos) == '.') {
            int f = ++pos;
            while (pos < end && isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos == f) {
                throw FALLBACK;
            }
        }
        if (pos < end && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            throw FALLBACK;
        }
        from = start;
        to = pos;
    }

    long longValue() {
        number();
        if (to - from > 18) {
            throw FALLBACK;
        }
        long v = 0;
        int i = from;
        boolean neg = s.charAt(i) == '-';
        if (neg) {
            i++;
        }
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                throw FALLBACK;
            }
            v = v * 10 + (c - '0');
        }
        return neg ? -v : v;
    }

    /** Skips any value (strings with escapes included), validating its syntax. */
    void skipValue() {
        ws();
        if (pos >= end) {
            throw FALLBACK;
        }
        char c = s.charAt(pos);
        switch (c) {
            case '"' -> skipString();
            case '{' -> {
                pos++;
                ws();
                if (pos < end && s.charAt(pos) == '}') {
                    pos++;
                    return;
                }
                while (true) {
                    ws();
                    skipString();
                    ws();
                    expect(':');
                    skipValue();
                    ws();
                    if (pos >= end) {
                        throw FALLBACK;
                    }
                    char n = s.charAt(pos++);
                    if (n == '}') {
                        return;
                    }
                    if (n != ',') {
                        throw FALLBACK;
                    }
                }
            }
            case '[' -> {
                pos++;
                ws();
                if (pos < end && s.charAt(pos) == ']') {
                    pos++;
                    return;
                }
                while (true) {
                    skipValue();
                    ws();
                    if (pos >= end) {
                        throw FALLBACK;
                    }
                    char n = s.charAt(pos++);
                    if (n == ']') {
                        return;
                    }
                    if (n != ',') {
                        throw FALLBACK;
                    }
                }
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                number();
                if (pos < end && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                    throw FALLBACK;
                }
            }
        }
    }

    /** After the root value only whitespace may follow. */
    void endOfInput() {
        ws();
        if (pos != end) {
            throw FALLBACK;
        }
    }

    private void skipString() {
        if (pos >= end || s.charAt(pos) != '"') {
            throw FALLBACK;
        }
        pos++;
        while (pos < end) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return;
            }
            if (c == '\\') {
                pos++;
            } else if (c < 0x20) {
                throw FALLBACK;
            }
        }
        throw FALLBACK;
    }

    private void expect(char c) {
        if (pos >= end || s.charAt(pos) != c) {
            throw FALLBACK;
        }
        pos++;
    }

    private void literal(String lit) {
        if (!s.startsWith(lit, pos)) {
            throw FALLBACK;
        }
        pos += lit.length();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
