package dev.cascade.core.normalize;

/**
 * A strict (but for control characters inside strings), allocation-free JSON cursor over a String for the hottest
 * frames. It scans a byte copy of the frame (each char's low byte); where that could mislead (closing quotes, field
 * names, digits) it checks the real char, so a non-Latin-1 char inside a string can never pass for JSON syntax. It
 * walks objects field by field, or matches a fixed layout with {@link #literal}, and
 * hands out values as character ranges of the frame, so numbers go straight into {@link dev.cascade.core.money.Fixed}
 * and nothing is copied. Anything it does not handle quickly (escaped names or values, unexpected shapes) or any
 * syntax error raises {@link #FALLBACK}: the caller then re-parses the frame on the general path, which accepts
 * every valid frame and gives malformed ones their precise error message.
 */
public final class JsonCursor {
    /** Thrown (preallocated, no stack trace) when the fast path gives up on a frame. */
    public static final RuntimeException FALLBACK = new RuntimeException("fast path fallback", null, false, false) {
    };

    private String s;
    private byte[] b = new byte[512];
    private boolean escapes;
    private int pos;
    private int end;
    private boolean firstField;
    private boolean firstElement;
    /**
     * Objects and arrays open around the cursor: those begun and not yet closed by {@link #nextField} or
     * {@link #nextElement} returning false. With the containers {@link #skipValue} passes through, at most
     * {@link Json#MAX_DEPTH}, as the general parser allows: a frame is never read here that the parser would reject.
     */
    private int depth;
    public int from;
    public int to;

    @SuppressWarnings("deprecation")
    public void reset(String text) {
        s = text;
        pos = 0;
        depth = 0;
        end = text.length();
        if (b.length < end) {
            b = new byte[Math.max(end, b.length * 2)];
        }
        // The low byte of each char, one per char, so indices match the String: a tight byte loop scans it without
        // String.charAt's per-call checks. Non-Latin-1 chars can only sit inside strings, which are sliced from the
        // String itself, never from these bytes.
        text.getBytes(0, end, b, 0);
        escapes = text.indexOf('\\') >= 0;
    }

    public String text() {
        return s;
    }

    /** Back to the start of the same frame, e.g. to try another layout. */
    public void rewind() {
        pos = 0;
        depth = 0;
    }

    /** Copies chars [from, to) of the frame, as bytes, into {@code dst} at {@code at}; for ASCII ranges only. */
    public int copy(int from, int to, byte[] dst, int at) {
        System.arraycopy(b, from, dst, at, to - from);
        return at + to - from;
    }

    private void ws() {
        int p = pos;
        if (p < end && (b[p] & 0xff) > ' ') {
            return; // machine-written frames rarely have whitespace between tokens
        }
        while (p < end) {
            char c = ch(p);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            p++;
        }
        pos = p;
    }

    public void beginObject() {
        ws();
        if (pos >= end || ch(pos) != '{') {
            throw FALLBACK;
        }
        open(depth);
        pos++;
        depth++;
        firstField = true;
    }

    /** Moves to the next field; returns false at the closing brace. Sets [from, to) to the field name. */
    public boolean nextField() {
        ws();
        if (pos >= end) {
            throw FALLBACK;
        }
        char c = ch(pos);
        if (c == '}') {
            pos++;
            depth--;
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
        if (pos >= end || ch(pos) != ':') {
            throw FALLBACK;
        }
        pos++;
        ws();
        return true;
    }

    public void beginArray() {
        ws();
        if (pos >= end || ch(pos) != '[') {
            throw FALLBACK;
        }
        open(depth);
        pos++;
        depth++;
        firstElement = true;
    }

    /**
     * Moves to the next element of the array begun last; returns false at the closing bracket. The element itself is
     * then read with beginObject/nextField (or skipped with skipValue).
     */
    public boolean nextElement() {
        ws();
        if (pos >= end) {
            throw FALLBACK;
        }
        char c = ch(pos);
        if (c == ']') {
            pos++;
            depth--;
            // Closed: whatever holds this array has had an element before, so its next one needs a comma.
            firstElement = false;
            return false;
        }
        if (!firstElement) {
            if (c != ',') {
                throw FALLBACK;
            }
            pos++;
            ws();
        }
        firstElement = false;
        return true;
    }

    /** Called after a nested object was read with beginObject/nextField: the outer object continues. */
    public void afterValue() {
        firstField = false;
    }

    /** Whether the field name just read is {@code name}. */
    public boolean nameIs(String name) {
        return rangeIs(name);
    }

    /** Whether chars [from, to) (the last name or string read) are exactly {@code text}. */
    public boolean rangeIs(String text) {
        return to - from == text.length() && s.regionMatches(from, text, 0, text.length());
    }

    public boolean nameIs(char name) {
        return to - from == 1 && s.charAt(from) == name;
    }

    public boolean peekObject() {
        return pos < end && ch(pos) == '{';
    }

    /**
     * A string without escapes; sets [from, to) to its content. Control characters inside strings (invalid JSON) are
     * not looked for on this path: frames are machine-written, and a cut or garbled frame fails on its structure.
     */
    public void plainString() {
        if (pos >= end || ch(pos) != '"' || escapes) {
            throw FALLBACK;
        }
        int start = ++pos;
        int close = quote(start);
        from = start;
        to = close;
        pos = close + 1;
    }

    /**
     * The body of a string whose opening quote a template literal already matched; sets [from, to) and stops at the
     * closing quote, which the next literal matches. Frames with any backslash never take a template.
     */
    public void stringBody() {
        if (escapes) {
            throw FALLBACK;
        }
        from = pos;
        to = quote(pos);
        pos = to;
    }

    /** {@link #literal} then {@link #stringBody}: a template's next fixed text, then the string it opens. */
    public void stringAfter(String lit) {
        literal(lit);
        stringBody();
    }

    /** A JSON number token without an exponent (a number with one falls back); sets [from, to). */
    public void number() {
        int start = pos;
        if (pos < end && ch(pos) == '-') {
            pos++;
        }
        int digits = pos;
        while (pos < end && isDigit(s.charAt(pos))) {
            pos++;
        }
        if (pos == digits || pos - digits > 1 && ch(digits) == '0') {
            throw FALLBACK; // no digit, or a leading zero (invalid JSON: the general parser says so)
        }
        if (pos < end && ch(pos) == '.') {
            int f = ++pos;
            while (pos < end && isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos == f) {
                throw FALLBACK;
            }
        }
        if (pos < end && (ch(pos) == 'e' || ch(pos) == 'E')) {
            throw FALLBACK;
        }
        from = start;
        to = pos;
    }

    public long longValue() {
        number();
        if (to - from > 18) {
            throw FALLBACK;
        }
        long v = 0;
        int i = from;
        boolean neg = ch(i) == '-';
        if (neg) {
            i++;
        }
        for (; i < to; i++) {
            char c = ch(i);
            if (c == '.') {
                throw FALLBACK;
            }
            v = v * 10 + (c - '0');
        }
        return neg ? -v : v;
    }

    /** The decimal digits [from, to) of the frame (a time sent as a string) as a long; anything else falls back. */
    public long digits(int from, int to) {
        if (to <= from || to - from > 18) {
            throw FALLBACK;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                throw FALLBACK;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Skips any value (strings with escapes included), validating its syntax; nesting deeper than Json's limit falls back. */
    public void skipValue() {
        skipValue(depth);
    }

    /** A container opens inside {@code open} others: past the general parser's limit, it decides (and rejects). */
    private static void open(int open) {
        if (open >= Json.MAX_DEPTH) {
            throw FALLBACK;
        }
    }

    /** Skips the value at the cursor, inside {@code open} containers. */
    private void skipValue(int open) {
        ws();
        if (pos >= end) {
            throw FALLBACK;
        }
        char c = ch(pos);
        switch (c) {
            case '"' -> skipString();
            case '{' -> {
                open(open);
                pos++;
                ws();
                if (pos < end && ch(pos) == '}') {
                    pos++;
                    return;
                }
                while (true) {
                    ws();
                    skipString();
                    ws();
                    expect(':');
                    skipValue(open + 1);
                    ws();
                    if (pos >= end) {
                        throw FALLBACK;
                    }
                    char n = ch(pos++);
                    if (n == '}') {
                        return;
                    }
                    if (n != ',') {
                        throw FALLBACK;
                    }
                }
            }
            case '[' -> {
                open(open);
                pos++;
                ws();
                if (pos < end && ch(pos) == ']') {
                    pos++;
                    return;
                }
                while (true) {
                    skipValue(open + 1);
                    ws();
                    if (pos >= end) {
                        throw FALLBACK;
                    }
                    char n = ch(pos++);
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
            default -> number(); // exponents included: number() gives up on them
        }
    }

    /** The frame ends with exactly {@code lit} (then only whitespace); returns true, so a template can end on it. */
    public boolean endsWith(String lit) {
        literal(lit);
        endOfInput();
        return true;
    }

    /** After the root value only whitespace may follow. */
    public void endOfInput() {
        ws();
        if (pos != end) {
            throw FALLBACK;
        }
    }

    private void skipString() {
        if (pos >= end || ch(pos) != '"') {
            throw FALLBACK;
        }
        if (!escapes) {
            pos = quote(pos + 1) + 1;
            return;
        }
        pos++;
        while (pos < end) {
            char c = ch(pos++);
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
        if (pos >= end || ch(pos) != c) {
            throw FALLBACK;
        }
        pos++;
    }

    /** Consumes {@code ch} if the frame continues with it (a template's separator between repeated parts). */
    public boolean consume(char ch) {
        if (pos < end && s.charAt(pos) == ch) {
            pos++;
            return true;
        }
        return false;
    }

    /** The frame continues with exactly {@code lit} (a template's fixed text: names, quotes and punctuation). */
    public void literal(String lit) {
        if (!s.startsWith(lit, pos)) {
            throw FALLBACK;
        }
        pos += lit.length();
    }

    /**
     * Index of the next quote at or after {@code i}. Searched in the String itself (a vectorized scan), so only a real
     * quote char counts, never a non-Latin-1 char whose low byte happens to be one.
     */
    private int quote(int i) {
        int q = s.indexOf('"', i);
        if (q < 0) { // end is the String's length: indexOf finds nothing past it
            throw FALLBACK;
        }
        return q;
    }

    private char ch(int i) {
        return (char) (b[i] & 0xff);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
