package dev.crumb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one set of rules that decides whether attribute bytes read, applied by the one Jackson pass
 * of {@link JsonAttributes} both when a value is stored ({@code problem}) and when a cookie's
 * attributes are first read. Cases carried over from the former JsonScan's tests, where they
 * still describe a rule.
 */
class JsonAttributesLimitsTest {

    /** The attributes {@code json} as a payload holds them, at an offset in a larger array. */
    private static JsonAttributes embedded(String json) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[text.length + 10];
        System.arraycopy(text, 0, buf, 7, text.length);
        return JsonAttributes.ofUnchecked(buf, 7, text.length);
    }

    /** Whether a value of an attribute is accepted when stored (depth 2) and readable after open. */
    private static void assertValueAccepted(String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        assertNull(JsonAttributes.problem(b, 0, b.length, 2), value);
        JsonAttributes attrs = embedded("{\"v\":" + value + "}");
        assertTrue(attrs.isReadable(), value);
        embedded("{\"v\":" + value + "}").value("v");
    }

    private static String assertValueRefused(String value, String expected) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        String problem = JsonAttributes.problem(b, 0, b.length, 2);
        assertNotNull(problem, value);
        assertTrue(problem.contains(expected), problem);
        // The same rule when read: the cookie's attributes are unreadable, whichever read comes first.
        assertFalse(embedded("{\"v\":" + value + "}").isReadable(), value);
        try {
            embedded("{\"v\":" + value + "}").value("v");
            fail("read " + value);
        } catch (JsonAttributes.UnreadableException e) {
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        }
        return problem;
    }

    // ---------------------------------------------------------------- numbers (issue 18)

    @ParameterizedTest
    @ValueSource(strings = {"1e2147483648", "0E+2147483648", "-1.02682E+2147483652", "1e-2147483649",
        "1E+99999999999", "1e-2147483648", "1.5e-2147483647", "0.000e-2147483645"})
    void decimal_whoseExponentOrScaleIsOutsideTheIntRange_isRefusedOnEveryJdk(String number) {
        // Java 17's BigDecimal refuses these, Java 25's accepts some: the rule is Crumb's own.
        assertValueRefused(number, "outside the int range");
        assertValueRefused("[" + number + "]", "outside the int range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e2147483647", "0E+2147483647", "-1.5E+2147483647", "1e-2147483647", "1E-0000000002147483647",
        "1.5e2147483647", "0.5e-2147483646", "1.0", "-0.0", "1e0", "123456789.123456789e-5"})
    void decimal_atTheLimits_isAcceptedAndReadsAsBigDecimal(String number) {
        assertValueAccepted(number);
        Object read = embedded("{\"v\":" + number + "}").value("v");
        assertEquals(new BigDecimal(number), read);
    }

    @Test
    void decimalProblem_countsFractionDigitsAgainstTheExponent() {
        assertNull(Json.decimalProblem("1.5e-2147483646"));
        assertNotNull(Json.decimalProblem("1.25e-2147483646"));
        assertNull(Json.decimalProblem("12e-2147483647"));
        assertNull(Json.decimalProblem("1.25e2147483647"));
    }

    @Test
    void numbers_areLimitedTo64Digits() {
        assertValueAccepted("1".repeat(64));
        assertValueAccepted("0." + "1".repeat(63));
        assertValueRefused("1".repeat(65), "Number value length");
    }

    @Test
    void bigDecimalOfAHugeScale_isRefusedWhenStored() {
        byte[] written = "1E+2147483648".getBytes(StandardCharsets.US_ASCII);
        assertNotNull(JsonAttributes.problem(written, 0, written.length, 2));
        assertTrue(new JsonAttributes.Writer().toAttributes().isEmpty());
        try {
            new JsonAttributes.Writer().put("n", BigDecimal.valueOf(1, Integer.MIN_VALUE));
            fail("stored a number no cookie could read back");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("'n'") && e.getMessage().contains("int range"), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- structure and lengths

    @Test
    void nesting_isLimitedSoThatThePayloadStaysWithin64Levels() {
        assertValueAccepted("[".repeat(62) + "]".repeat(62));
        assertValueRefused("[".repeat(63) + "]".repeat(63), "nesting depth");
        assertTrue(embedded("{\"v\":" + "[".repeat(62) + "]".repeat(62) + "}").isReadable());
        assertFalse(embedded("{\"v\":" + "[".repeat(63) + "]".repeat(63) + "}").isReadable());
    }

    @Test
    void names_areLimitedIn1024BytesOfUtf8AsJacksonCountsThem() {
        assertTrue(embedded("{\"" + "a".repeat(1024) + "\":1}").isReadable());
        assertTrue(embedded("{\"" + "é".repeat(512) + "\":1}").isReadable());
        assertFalse(embedded("{\"" + "a".repeat(1025) + "\":1}").isReadable());
        assertFalse(embedded("{\"" + "é".repeat(513) + "\":1}").isReadable());
        assertFalse(embedded("{\"" + "\\u0061".repeat(1025) + "\":1}").isReadable());
    }

    @Test
    void strings_areLimitedTo64KChars() {
        assertValueAccepted("\"" + "x".repeat(Json.MAX_STRING_LENGTH) + "\"");
        assertValueRefused("\"" + "x".repeat(Json.MAX_STRING_LENGTH + 1) + "\"", "String value length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,\"a\":2}", "{\"a\":1,\"\\u0061\":2}", "{\"x\":[{\"a\":1,\"a\":2}]}", "{\"é\":1,\"\\u00e9\":2}"})
    void duplicateNames_howeverSpelled_makeTheAttributesUnreadable(String json) {
        JsonAttributes attrs = embedded(json);
        assertFalse(attrs.isReadable());
        try {
            attrs.names();
            fail(json);
        } catch (JsonAttributes.UnreadableException e) {
            assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
        }
    }

    /** An object of {@code n} members a0..a(n-1), then {@code last} as one more name. */
    private static String members(int n, String last) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            b.append("\"a").append(i).append("\":").append(i).append(',');
        }
        return b.append('"').append(last).append("\":0}").toString();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 15, 16, 17, 40})
    void duplicateNames_inObjectsOfAnySize_atAnyDepth_areRefusedWhenWrittenAndWhenRead(int size) {
        // Crumb checks names itself (Jackson's check allocates a hash set per object): a short
        // array for small objects, a set past 16 members; both must see the last name repeat the first.
        String dup = members(size, "a0");
        assertValueRefused(dup, "appears twice");
        assertValueRefused("[1,{\"x\":" + dup + "}]", "appears twice");
        // A name repeated in a sibling, or in a nested object, is no duplicate.
        String ok = members(size, "b");
        assertValueAccepted("[" + ok + "," + ok + "]");
        assertValueAccepted("{\"a0\":" + ok + ",\"b\":{\"a0\":{\"a0\":1}},\"c\":" + ok + "}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\u0001\"", "\"\\x\"", "[1,]", "tru", "01", "NaN", "\"abc", "{\"a\" 1}", "[1 2]", "1 2"})
    void malformedValues_areRefusedAndUnreadable(String value) {
        assertValueRefused(value, "");
    }

    @Test
    void malformedUtf8InAString_isUnreadable() {
        byte[] text = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
        assertFalse(JsonAttributes.ofUnchecked(text, 0, text.length).isReadable());
    }

    // ---------------------------------------------------------------- skipStructure, which open uses

    @Test
    void skipStructure_followsStringsAndEscapes() {
        String text = "{\"}\":\"\\\"]\",\"a\":[{}]} tail";
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(text.indexOf(" tail"), JsonAttributes.skipStructure(b, 0, b.length, 64));
    }

    @Test
    void skipStructure_limitsNesting_andUnclosedIsMinusOne() {
        byte[] deep = ("[".repeat(5) + "]".repeat(5)).getBytes(StandardCharsets.US_ASCII);
        assertEquals(10, JsonAttributes.skipStructure(deep, 0, deep.length, 5));
        assertEquals(-1, JsonAttributes.skipStructure(deep, 0, deep.length, 4));
        assertEquals(-1, JsonAttributes.skipStructure(deep, 0, 9, 64));
        assertEquals(-1, JsonAttributes.skipStructure("\"a\"".getBytes(StandardCharsets.US_ASCII), 0, 3, 64));
        assertEquals(-1, JsonAttributes.skipStructure(deep, 0, deep.length + 1, 64));
    }

    // ---------------------------------------------------------------- seeded random inputs

    private static Object tree(Random r, int depth) {
        switch (depth > 4 ? r.nextInt(5) : r.nextInt(7)) {
            case 0: return "s" + r.nextInt(1000) + (r.nextBoolean() ? "\"\\é\ud83c\udf6a" : "");
            case 1: return r.nextInt();
            case 2: return r.nextLong();
            case 3: return new BigDecimal(r.nextInt(100000) + "." + r.nextInt(1000) + "e" + (r.nextInt(40) - 20));
            case 4: return r.nextBoolean() ? null : r.nextBoolean();
            case 5: {
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    l.add(tree(r, depth + 1));
                }
                return l;
            }
            default: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    m.put("k" + r.nextInt(10) + (r.nextBoolean() ? "\u00e9" : ""), tree(r, depth + 1));
                }
                return m;
            }
        }
    }

    @Test
    void everythingJacksonWrites_isAcceptedAndReadsBackEqual() throws Exception {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        for (int i = 0; i < 500; i++) {
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("v", tree(r, 0));
            byte[] json = Json.MAPPER.writeValueAsBytes(attrs);
            try {
                JsonAttributes read = JsonAttributes.ofUnchecked(json, 0, json.length);
                assertEquals(Json.MAPPER.readValue(json, Map.class).get("v"), read.value("v"));
                JsonAttributes.Writer w = new JsonAttributes.Writer();
                w.put("v", attrs.get("v"));
                assertEquals(new String(json, StandardCharsets.UTF_8), w.toAttributes().toJson());
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + ", case " + i + ": " + new String(json, StandardCharsets.UTF_8), e);
            }
        }
    }

    @Test
    void arbitraryBytes_neverThrowAnythingButUnreadable() {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        byte[] alphabet = "{}[]\":,\\ u0aeE.-+1tfnl\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 3000; i++) {
            byte[] b = new byte[2 + r.nextInt(40)];
            for (int j = 0; j < b.length; j++) {
                b[j] = r.nextInt(8) == 0 ? (byte) r.nextInt(256) : alphabet[r.nextInt(alphabet.length)];
            }
            b[0] = '{';
            try {
                JsonAttributes attrs = JsonAttributes.ofUnchecked(b, 0, b.length);
                if (attrs.isReadable()) {
                    for (String name : attrs.names()) {
                        attrs.value(name);
                        attrs.value(name, Object.class);
                    }
                } else {
                    try {
                        attrs.value("a");
                        fail("unreadable, yet read");
                    } catch (JsonAttributes.UnreadableException expected) {
                        // as it must
                    }
                }
                JsonAttributes.problem(b, 0, b.length, 2);
                JsonAttributes.skipStructure(b, r.nextInt(b.length), b.length, 1 + r.nextInt(64));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + ", case " + i + ": "
                        + new String(b, StandardCharsets.ISO_8859_1), e);
            }
        }
    }
}
