package dev.cascade.core.normalize;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cursor on its own: what it reads, what it skips, and that everything it does not handle (or that is not JSON)
 * gives up with {@link JsonCursor#FALLBACK} rather than a wrong value.
 */
class JsonCursorTest {
    private final JsonCursor c = new JsonCursor();

    /** Every field of a flat or nested object as name=value (objects and arrays skipped as "~"). */
    private List<String> fields(String json) {
        c.reset(json);
        List<String> out = new ArrayList<>();
        c.beginObject();
        while (c.nextField()) {
            String name = json.substring(c.from, c.to);
            if (c.peekObject()) {
                c.skipValue();
                out.add(name + "=~");
            } else if (json.charAt(posOfValue(json, c)) == '"') {
                c.plainString();
                out.add(name + "=" + json.substring(c.from, c.to));
            } else if (Character.isDigit(json.charAt(posOfValue(json, c))) || json.charAt(posOfValue(json, c)) == '-') {
                out.add(name + "=" + c.longValue());
            } else {
                c.skipValue();
                out.add(name + "=~");
            }
        }
        c.endOfInput();
        return out;
    }

    /** Where the value after the name just read starts (the cursor stands there). */
    private static int posOfValue(String json, JsonCursor c) {
        int i = c.to + 1;
        while (i < json.length() - 1 && (json.charAt(i) == ' ' || json.charAt(i) == ':' || json.charAt(i) == '\n' || json.charAt(i) == '\t' || json.charAt(i) == '\r')) {
            i++;
        }
        return Math.min(i, json.length() - 1);
    }

    private void fallsBack(String json) {
        assertThatThrownBy(() -> fields(json)).as(json).isSameAs(JsonCursor.FALLBACK);
    }

    @Test
    void readsFieldsWithAndWithoutWhitespace() {
        assertThat(fields("{\"a\":\"x\",\"b\":12,\"c\":-3}")).containsExactly("a=x", "b=12", "c=-3");
        assertThat(fields(" {\n\t\"a\" :\r \"x\" ,  \"b\"\t:\n12 } \n")).containsExactly("a=x", "b=12");
        assertThat(fields("{}")).isEmpty();
        assertThat(fields("{ }")).isEmpty();
    }

    @Test
    void skipsEveryKindOfValue() {
        assertThat(fields("{\"o\":{\"p\":[1,2.5,-3,{\"q\":[]},[],{}],\"r\":{}},\"t\":true,\"f\":false,\"n\":null,\"s\":[\"x\"],\"z\":0}"))
                .containsExactly("o=~", "t=~", "f=~", "n=~", "s=~", "z=0");
        assertThat(fields("{\"o\": { \"p\" : [ 1 , { } , [ ] ] , \"q\" : \"v\" } , \"z\" : 1 }")).containsExactly("o=~", "z=1");
    }

    @Test
    void skipsStringsWithEscapesButNeverReadsThemAsPlain() {
        // The name "o" has no escape, but the frame does: names are plain strings, so they fall back too.
        c.reset("{\"o\":{\"a\":\"x\\\"y\\\\\",\"b\":\"\\u0041\"},\"z\":1}");
        assertThatThrownBy(() -> {
            c.beginObject();
            c.nextField();
        }).isSameAs(JsonCursor.FALLBACK);
        c.reset("[\"x\\\"y\",\"\\\\\",{\"k\\\"\":[\"a\"]}]");
        c.skipValue();
        c.endOfInput();
    }

    @Test
    void givesUpOnWhatItDoesNotHandleOrWhatIsNotJson() {
        fallsBack("");
        fallsBack("[1]");
        fallsBack("{\"a\":1");
        fallsBack("{\"a\" 1}");
        fallsBack("{\"a\":1 \"b\":2}");
        fallsBack("{\"a\":1,}");
        fallsBack("{a:1}");
        fallsBack("{\"a\":1} x");
        fallsBack("{\"a\":1}}");
        fallsBack("{\"a\":1e5}");
        fallsBack("{\"a\":01}");
        fallsBack("{\"a\":-}");
        fallsBack("{\"a\":1.}");
        fallsBack("{\"a\":1.5}");
        fallsBack("{\"a\":1234567890123456789}");
        fallsBack("{\"a\":tru}");
        fallsBack("{\"a\":nul}");
        fallsBack("{\"a\":{\"b\" 1}}");
        fallsBack("{\"a\":{\"b\":1,}}");
        fallsBack("{\"a\":{\"b\":1 \"c\":2}}");
        fallsBack("{\"a\":[1 2]}");
        fallsBack("{\"a\":[1,2}");
        fallsBack("{\"a\":[1,2");
        fallsBack("{\"a\":{\"b\":1");
        fallsBack("{\"a\":\"x}");
        fallsBack("{\"a\":[\"x]}");
        fallsBack("{\"a\":[2.5e3]}");
        fallsBack("{\"a\":{");
        fallsBack("{\"a\":[");
        fallsBack("{\"a\":");
        fallsBack("{\"a\"");
    }

    @Test
    void nestingIsBoundedAsTheGeneralParserBoundsIt() {
        // The root object and MAX_DEPTH - 1 arrays: MAX_DEPTH containers open at once, as many as the parser allows.
        String ok = "{\"a\":" + "[".repeat(Json.MAX_DEPTH - 1) + "]".repeat(Json.MAX_DEPTH - 1) + "}";
        assertThat(fields(ok)).containsExactly("a=~");
        fallsBack("{\"a\":" + "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH) + "}");
        fallsBack("{\"a\":" + "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2) + "}");
        fallsBack("{\"a\":" + "{\"b\":".repeat(Json.MAX_DEPTH + 2) + "1" + "}".repeat(Json.MAX_DEPTH + 2) + "}");
    }

    /**
     * Whatever the walk entered itself (objects begun field by field) and whatever it skipped, the cursor reads a frame
     * only if the general parser would: one nesting level more would store on the fast path what the parser rejects.
     */
    @Test
    void theCursorReadsNoFrameNestedDeeperThanTheParserTakes() {
        for (int entered = 1; entered <= 4; entered++) {
            for (int skipped = 0; skipped <= Json.MAX_DEPTH + 2; skipped++) {
                List<String> values = List.of(
                        "[".repeat(skipped) + "]".repeat(skipped),
                        "[".repeat(skipped) + "1" + "]".repeat(skipped),
                        "{\"k\":".repeat(skipped) + "1" + "}".repeat(skipped),
                        "{\"k\":".repeat(skipped) + "{}" + "}".repeat(skipped));
                for (String value : values) {
                    String frame = "{\"o\":".repeat(entered - 1) + "{\"a\":" + value + "}" + "}".repeat(entered - 1);
                    assertThat(cursorReads(frame)).as(frame).isEqualTo(parserReads(frame));
                }
            }
        }
    }

    /** Walks every object named "o" with beginObject/nextField, as the venues' walks do, and skips the rest. */
    private boolean cursorReads(String frame) {
        c.reset(frame);
        try {
            c.beginObject();
            walk();
            c.endOfInput();
            return true;
        } catch (RuntimeException e) {
            assertThat(e).isSameAs(JsonCursor.FALLBACK);
            return false;
        }
    }

    private void walk() {
        while (c.nextField()) {
            if (c.nameIs('o') && c.peekObject()) {
                c.beginObject();
                walk();
                c.afterValue();
            } else {
                c.skipValue();
            }
        }
    }

    private static boolean parserReads(String frame) {
        try {
            Json.parse(frame);
            return true;
        } catch (MalformedFrameException e) {
            return false;
        }
    }

    /**
     * The cursor is reused frame after frame and its byte buffer keeps the tail of a longer frame read before: at the
     * end of a cut frame, every step must give up (or stop) as on a fresh buffer, never read the older frame's bytes.
     */
    @Test
    void theEndOfAFrameIsItsEndThoughTheBufferHoldsALongerOne() {
        reread("{}", "");
        assertThatThrownBy(c::beginObject).isSameAs(JsonCursor.FALLBACK);
        reread("[]", "");
        assertThatThrownBy(c::beginArray).isSameAs(JsonCursor.FALLBACK);

        reread("{\"a\":1}", "{\"a\":1");
        c.beginObject();
        assertThat(c.nextField()).isTrue();
        assertThat(c.longValue()).isEqualTo(1);
        assertThatThrownBy(c::nextField).isSameAs(JsonCursor.FALLBACK);

        reread("{\"a\":1}", "{\"a\"");
        c.beginObject();
        assertThatThrownBy(c::nextField).isSameAs(JsonCursor.FALLBACK);

        reread("{\"a\":{}}", "{\"a\":");
        c.beginObject();
        assertThat(c.nextField()).isTrue();
        assertThat(c.peekObject()).isFalse();

        reread("1.5", "1");
        assertThat(c.longValue()).isEqualTo(1);
        reread("1e5", "1");
        assertThat(c.longValue()).isEqualTo(1);
        reread("-1", "");
        assertThatThrownBy(c::number).isSameAs(JsonCursor.FALLBACK);

        for (String[] cut : new String[][] {{"{}", "{"}, {"[]", "["}, {"{\"a\":1}", "{\"a\":1"}, {"[1]", "[1"},
                {"{\"a\":1}", "{\"a\""}, {"\"\\n\"", "\"\\n"}, {"\"ab\"", "\"ab"}}) {
            reread(cut[0], cut[1]);
            assertThatThrownBy(c::skipValue).as(cut[1]).isSameAs(JsonCursor.FALLBACK);
        }

        reread(",,", ",");
        assertThat(c.consume(',')).isTrue();
        assertThat(c.consume(',')).isFalse();
    }

    /** Reads {@code older} into the cursor's buffer, then starts on {@code frame}. */
    private void reread(String older, String frame) {
        c.reset(older);
        c.reset(frame);
    }

    @Test
    void whitespaceAroundArrayElementsAndInsideEscapedStrings() {
        c.reset(" [ 1 ,\t2 ,\n-3 ] ");
        c.beginArray();
        List<Long> seen = new ArrayList<>();
        while (c.nextElement()) {
            seen.add(c.longValue());
        }
        c.endOfInput();
        assertThat(seen).containsExactly(1L, 2L, -3L);

        // Spaces are ordinary chars of a string; raw control chars are not (on the escape-aware path).
        c.reset("[\"a b\\n\",\" \"]");
        c.skipValue();
        c.endOfInput();
        c.reset("[\"\\n\u0001\"]");
        assertThatThrownBy(c::skipValue).isSameAs(JsonCursor.FALLBACK);
    }

    @Test
    void numbersEndingTheFrame() {
        c.reset("2.5");
        c.number();
        assertThat(c.from).isZero();
        assertThat(c.to).isEqualTo(3);
        c.reset("2.5");
        c.skipValue();
        c.endOfInput();
        c.reset("-0.25");
        c.skipValue();
        c.endOfInput();
        c.reset("1e5");
        assertThatThrownBy(c::number).isSameAs(JsonCursor.FALLBACK);
        c.reset("[1E5]");
        assertThatThrownBy(c::skipValue).isSameAs(JsonCursor.FALLBACK);
    }

    @Test
    void templateSteps() {
        c.reset(",]");
        assertThat(c.consume(']')).isFalse();
        assertThat(c.consume(',')).isTrue();
        assertThat(c.consume(']')).isTrue();
        assertThat(c.consume(']')).isFalse();

        c.reset("{\"s\":\"BTC\",\"S\":\"Buy\"} ");
        c.stringAfter("{\"s\":\"");
        assertThat(c.text().substring(c.from, c.to)).isEqualTo("BTC");
        c.stringAfter("\",\"S\":\"");
        assertThat(c.text().substring(c.from, c.to)).isEqualTo("Buy");
        assertThat(c.endsWith("\"}")).isTrue();
        c.reset("{\"s\":\"BTC\"}x");
        c.stringAfter("{\"s\":\"");
        assertThatThrownBy(() -> c.endsWith("\"}")).isSameAs(JsonCursor.FALLBACK);
        c.reset("{\"s\":\"BTC\"}");
        assertThatThrownBy(() -> c.stringAfter("{\"t\":\"")).isSameAs(JsonCursor.FALLBACK);
    }

    @Test
    void longValuesUpTo18Digits() {
        assertThat(fields("{\"a\":999999999999999999,\"b\":-99999999999999999,\"c\":0,\"d\":-0}"))
                .containsExactly("a=999999999999999999", "b=-99999999999999999", "c=0", "d=0");
    }

    @Test
    void walksArraysElementByElement() {
        c.reset("[ {\"a\":1} , {\"a\":2},{\"a\":[]} ]");
        c.beginArray();
        List<Long> seen = new ArrayList<>();
        while (c.nextElement()) {
            c.beginObject();
            while (c.nextField()) {
                if (c.peekObject() || !Character.isDigit(c.text().charAt(c.to + 2))) {
                    c.skipValue();
                } else {
                    seen.add(c.longValue());
                }
            }
        }
        c.endOfInput();
        assertThat(seen).containsExactly(1L, 2L);

        c.reset("[]");
        c.beginArray();
        assertThat(c.nextElement()).isFalse();
        c.endOfInput();
    }

    @Test
    void anInnerArrayClosingNeverExcusesTheOuterComma() {
        // [[] {}]: after the empty inner array, the outer array's next element still needs a comma.
        c.reset("[[] {}]");
        c.beginArray();
        assertThat(c.nextElement()).isTrue();
        c.beginArray();
        assertThat(c.nextElement()).isFalse();
        assertThatThrownBy(c::nextElement).isSameAs(JsonCursor.FALLBACK);

        c.reset("[{}{}]");
        c.beginArray();
        assertThat(c.nextElement()).isTrue();
        c.beginObject();
        assertThat(c.nextField()).isFalse();
        assertThatThrownBy(c::nextElement).isSameAs(JsonCursor.FALLBACK);

        c.reset("{");
        assertThatThrownBy(c::beginArray).isSameAs(JsonCursor.FALLBACK);
        c.reset("[");
        c.beginArray();
        assertThatThrownBy(c::nextElement).isSameAs(JsonCursor.FALLBACK);
    }

    @Test
    void digitsOfAStringRange() {
        c.reset("\"1700000000000\"");
        assertThat(c.digits(1, 14)).isEqualTo(1_700_000_000_000L);
        assertThat(c.digits(1, 2)).isEqualTo(1);
        assertThatThrownBy(() -> c.digits(1, 1)).isSameAs(JsonCursor.FALLBACK);
        assertThatThrownBy(() -> c.digits(0, 14)).isSameAs(JsonCursor.FALLBACK);
        c.reset("1234567890123456789");
        assertThat(c.digits(0, 18)).isEqualTo(123456789012345678L);
        assertThatThrownBy(() -> c.digits(0, 19)).isSameAs(JsonCursor.FALLBACK);
    }

    @Test
    void onlyARealQuoteEndsAString() {
        // U+0122's low byte is a quote: it must not close the string.
        String s = "{\"a\":\"x\u0122y\",\"b\":1}";
        assertThat(fields(s)).containsExactly("a=x\u0122y", "b=1");
        fallsBack("{\"a\":\"x\u0122}");
    }

    @Test
    void literalsMatchExactlyAndTheBufferGrowsForLongFrames() {
        String big = "{\"a\":\"" + "x".repeat(5000) + "\",\"b\":7}";
        assertThat(fields(big)).containsExactly("a=" + "x".repeat(5000), "b=7");
        c.reset("{\"e\":\"forceOrder\"}");
        c.literal("{\"e\":\"");
        c.stringBody();
        assertThat(c.text().substring(c.from, c.to)).isEqualTo("forceOrder");
        c.literal("\"}");
        c.endOfInput();
        c.rewind();
        assertThatThrownBy(() -> c.literal("{\"f\"")).isSameAs(JsonCursor.FALLBACK);
        byte[] dst = new byte[8];
        assertThat(c.copy(2, 3, dst, 1)).isEqualTo(2);
        assertThat(dst[1]).isEqualTo((byte) 'e');
    }
}
