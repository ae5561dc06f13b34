package dev.crumb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crumb.testing.Seeded;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonAttributes#plainlyReadable}, which lets a stored value skip the parse that checks it,
 * may only say yes where that parse finds no problem: checked over seeded random plain values,
 * edge strings and names included, and for the values it must leave to the parse.
 */
class PlainlyReadablePropertiesTest {

    private static final com.fasterxml.jackson.databind.ObjectMapper JACKSON = Json.MAPPER;

    @Test
    void plainlyReadable_isNeverSaidOfAValueTheCheckingParseRefuses() {
        Seeded.forAll(2000, r -> {
            Object value = value(r, 0);
            byte[] json = JACKSON.writeValueAsBytes(value);
            if (JsonAttributes.plainlyReadable(value, json.length)) {
                assertNull(JsonAttributes.problem(json, 0, json.length, 2), new String(json, java.nio.charset.StandardCharsets.UTF_8));
            }
        });
    }

    /** A plain value is written without Jackson's databind, byte for byte as databind writes it. */
    @Test
    void writer_writesPlainValuesAsJacksonDoes() {
        Seeded.forAll(2000, r -> {
            Object value = value(r, 0);
            byte[] jackson;
            try {
                jackson = JACKSON.writeValueAsBytes(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return;
            }
            assertEquals(JsonAttributes.plainlyReadable(value, 0), JsonAttributes.Writer.appendsPlainly(value),
                    "the writer's plain way takes exactly the plain values");
            JsonAttributes.Writer w = new JsonAttributes.Writer();
            try {
                w.put("v", value);
            } catch (IllegalArgumentException refused) {
                // Beyond a limit of reading: refused whichever way it was written.
                assertNotNull(JsonAttributes.problem(jackson, 0, jackson.length, 2), refused.getMessage());
                return;
            }
            JsonAttributes a = w.toAttributes();
            byte[] all = new byte[a.length()];
            a.copyTo(all, 0);
            String expected = "{\"v\":" + new String(jackson, java.nio.charset.StandardCharsets.UTF_8) + "}";
            assertEquals(expected, new String(all, java.nio.charset.StandardCharsets.UTF_8));
        });
    }

    @Test
    void plainlyReadable_leavesEverythingElseToTheParse() {
        assertTrue(JsonAttributes.plainlyReadable(List.of("a", Map.of("b", 1L), Set.of(true)), 40));
        assertFalse(JsonAttributes.plainlyReadable("\ud800", 8), "an unpaired surrogate");
        assertFalse(JsonAttributes.plainlyReadable(Map.of("\udc00", 1), 12), "an unpaired surrogate in a name");
        assertFalse(JsonAttributes.plainlyReadable(Map.of("k".repeat(342), 1), 350), "a name that may be too long");
        assertFalse(JsonAttributes.plainlyReadable(Map.of(1, 1), 8), "a key that is no string");
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        assertFalse(JsonAttributes.plainlyReadable(nullKey, 8), "a null key");
        assertFalse(JsonAttributes.plainlyReadable(1.5, 3), "decimals are checked by their text");
        assertFalse(JsonAttributes.plainlyReadable(new java.math.BigInteger("1".repeat(80)), 80), "a long number");
        assertFalse(JsonAttributes.plainlyReadable(new ArrayList<Object>() {}, 2), "an application's list class");
        assertFalse(JsonAttributes.plainlyReadable("x".repeat(20_000), 20_002), "a long text");
        Object deep = "x";
        for (int i = 0; i < 9; i++) {
            deep = List.of(deep);
        }
        assertFalse(JsonAttributes.plainlyReadable(deep, 21), "deep nesting");
    }

    private static Object value(Random r, int depth) {
        switch (r.nextInt(depth > 9 ? 5 : 8)) {
            case 0:
                return Seeded.oneOf(r, true, false, null, (short) -3, (byte) 7);
            case 1:
                return Seeded.oneOf(r, 0, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 42L);
            case 2:
                return Seeded.oneOf(r, "", "a\"b\\c", "\u0000\u001f\n", "\u00e9\u20ac\ud83c\udf6a", "\ud800", "x".repeat(5000));
            case 3:
                return Seeded.stringOf(r, "ab\"\\\u0001\u00fc\ud83d\ude00\ud800", 0, 20);
            case 4:
                return Seeded.oneOf(r, 1.5, java.math.BigDecimal.ONE, new java.math.BigInteger("9".repeat(70)));
            case 5: {
                List<Object> list = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    list.add(value(r, depth + 1));
                }
                return r.nextBoolean() ? list : java.util.Collections.unmodifiableList(list);
            }
            default: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    map.put(Seeded.oneOf(r, "k", "\u00e9", "\ud800", "n".repeat(341), "n".repeat(1025), "")
                            + r.nextInt(3), value(r, depth + 1));
                }
                return map;
            }
        }
    }
}
