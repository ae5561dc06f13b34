package dev.crumb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.crumb.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Attributes in the compact form Crumb writes are indexed by a scan without a parser
 * ({@link JsonAttributes#indexCompact}); for every input the scan reads, Jackson's parser must read
 * the same members at the same offsets with equal values of the same classes. Checked over seeded
 * random attributes (plain, escaped, decimal, big, deep and spaced values among them, which the
 * scan must leave to the parser) and over byte-level mutations of them.
 */
class CompactScanAgreesTest {

    @Test
    void scan_agreesWithTheParser_onWrittenAndMutatedAttributes() {
        Seeded.forAll(2000, r -> {
            Map<String, Object> attrs = new LinkedHashMap<>();
            for (int i = r.nextInt(6); i > 0; i--) {
                attrs.put(Seeded.oneOf(r, "a", "userId", "roles", "q\"", "\u00e9", "n" + i, "x".repeat(1025)),
                        value(r, 0));
            }
            byte[] json = Json.MAPPER.writeValueAsBytes(attrs);
            boolean compact = compactAscii(attrs, 0);
            for (boolean build : new boolean[] {true, false}) {
                String scanned = assertAgree(json, build);
                if (compact) {
                    assertNotNull(scanned, () -> "the scan reads what Crumb writes: " + new String(json, StandardCharsets.UTF_8));
                }
            }
            for (int i = 0; i < 20; i++) {
                assertAgree(mutate(r, json), r.nextBoolean());
            }
        });
    }

    /**
     * Reads after an index without values (a typed read came first) build each value from its
     * own bytes: what Jackson reads from them, of the same classes; a string read as a String is
     * Jackson's text.
     */
    @Test
    void readsOneByOne_giveWhatJacksonReads() {
        Seeded.forAll(1000, r -> {
            Map<String, Object> attrs = new LinkedHashMap<>();
            for (int i = r.nextInt(6); i > 0; i--) {
                attrs.put(Seeded.oneOf(r, "a", "userId", "roles", "q\"", "\u00e9", "n" + i), value(r, 0));
            }
            byte[] json = Json.MAPPER.writeValueAsBytes(attrs);
            JsonAttributes a = JsonAttributes.ofUnchecked(json, 0, json.length);
            if (!a.isReadable()) {
                return;
            }
            com.fasterxml.jackson.databind.JsonNode tree = Json.MAPPER.readTree(json);
            for (String name : attrs.keySet()) {
                byte[] member = Json.MAPPER.writeValueAsBytes(tree.get(name));
                if (tree.get(name).isTextual()) {
                    assertEquals(Json.MAPPER.readValue(member, String.class),
                            a.value(name, Json.MAPPER.constructType(String.class)), name);
                }
                Object jackson = JsonAttributes.ofUnchecked(json, 0, json.length).value(name, Object.class);
                assertEquals(classes(jackson), classes(a.value(name)), name);
                assertEquals(classes(jackson), classes(a.value(name)), "read again: " + name);
            }
        });
    }

    /**
     * The keys of a list of records are one string each, as Jackson's symbol table makes them,
     * also after a member that differs from record to record, and the scan never gives one name
     * for another: forty names of one length that differ only inside read back as what Jackson
     * reads.
     */
    @Test
    void namesRepeatedAcrossRecords_areOneString_andNeverAnother() throws Exception {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("sku", "SKU-" + i);
            item.put("k" + (char) ('a' + i % 26) + (i / 26) + "x", i);
            item.put("qty", 1 + i % 3);
            items.add(item);
        }
        byte[] json = Json.MAPPER.writeValueAsBytes(Map.of("cart", items));
        JsonAttributes a = JsonAttributes.ofUnchecked(json, 0, json.length);
        List<?> read = (List<?>) a.value("cart");
        assertEquals(classes(Json.MAPPER.readValue(json, Map.class).get("cart")), classes(read));
        List<?> first = new ArrayList<>(((Map<?, ?>) read.get(0)).keySet());
        List<?> last = new ArrayList<>(((Map<?, ?>) read.get(39)).keySet());
        assertSame(first.get(0), last.get(0), "sku");
        assertSame(first.get(2), last.get(2), "qty, after a name that differs");
    }

    /**
     * Records in a list mostly repeat the names of the one before, which the scan takes from
     * there without checking them again; a name twice must still be refused wherever it is:
     * after a shorter record, after a record that began the same way, in records at the same
     * depth under different parents. Seeded records with names from a pool of four, some
     * repeated on purpose, written as text (a map cannot hold a name twice).
     */
    @Test
    void recordsRepeatingNames_agreeWithTheParser_andADuplicateIsNeverRead() {
        for (String json : List.of("{\"l\":[{\"a\":1,\"b\":2},{\"b\":3},{\"b\":4,\"b\":5}]}",
                "{\"l\":[{\"a\":1,\"b\":2},{\"a\":1,\"b\":2,\"a\":3}]}",
                "{\"l\":[{\"a\":1,\"b\":2},{\"a\":1,\"a\":2}]}",
                "{\"l\":[{\"a\":1,\"b\":2},{}, {\"b\":1,\"b\":2}]}",
                "{\"x\":[{\"a\":1,\"b\":2}],\"y\":[{\"b\":1,\"b\":2}]}")) {
            byte[] b = json.getBytes(StandardCharsets.US_ASCII);
            assertEquals(null, JsonAttributes.ofUnchecked(b, 0, b.length).indexCompact(true), json);
            assertEquals(null, JsonAttributes.ofUnchecked(b, 0, b.length).indexCompact(false), json);
        }
        Seeded.forAll(3000, r -> {
            StringBuilder out = new StringBuilder("{");
            boolean[] duplicate = new boolean[1];
            for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                out.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":[");
                for (int j = 0, records = r.nextInt(6); j < records; j++) {
                    out.append(j == 0 ? "" : ",");
                    record(r, out, 0, duplicate);
                }
                out.append(']');
            }
            byte[] json = out.append('}').toString().getBytes(StandardCharsets.US_ASCII);
            for (boolean build : new boolean[] {true, false}) {
                String scanned = assertAgree(json, build);
                if (!duplicate[0]) {
                    assertNotNull(scanned, () -> "the scan reads records without a name twice: " + out);
                }
            }
        });
    }

    private static void record(Random r, StringBuilder out, int depth, boolean[] duplicate) {
        out.append('{');
        List<String> names = new ArrayList<>();
        for (int i = 0, n = r.nextInt(5); i < n; i++) {
            String name = Seeded.oneOf(r, "a", "b", "ab", "");
            duplicate[0] |= names.contains(name);
            names.add(name);
            out.append(i == 0 ? "" : ",").append('"').append(name).append("\":");
            if (depth < 2 && r.nextInt(4) == 0) {
                record(r, out, depth + 1, duplicate);
            } else {
                out.append(r.nextInt(100));
            }
        }
        out.append('}');
    }

    /** A value with the class of every part, so that equal values of other classes differ. */
    private static String classes(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder(v.getClass().getSimpleName()).append('{');
            m.forEach((k, e) -> b.append(k).append(':').append(classes(e)).append(','));
            return b.append('}').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder(v.getClass().getSimpleName()).append('[');
            l.forEach(e -> b.append(classes(e)).append(','));
            return b.append(']').toString();
        }
        return v == null ? "null" : v.getClass().getSimpleName() + ":" + v;
    }

    @Test
    void scan_leavesEverythingOutsideItsFormToTheParser() {
        for (String json : List.of("{ \"a\":1}", "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":01}", "{\"a\":\"\\u0041\"}",
                "{\"a\":\"\u00e9\"}", "{\"a\":1234567890123456789}", "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":2}}",
                "{\"a\":[1,]}", "{\"a\":tru}", "{\"a\":1}x", "{\"a\":" + "[".repeat(16) + "]".repeat(16) + "}")) {
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            JsonAttributes a = JsonAttributes.ofUnchecked(b, 0, b.length);
            assertEquals(null, a.indexCompact(true), json);
        }
        byte[] b = "{\"a\":-0,\"b\":[true,false,null],\"c\":{},\"d\":-2147483649,\"e\":2147483647}"
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals("a@1,5,7=Integer:0\nb@8,12,29=ArrayList[Boolean:true,Boolean:false,null,]\nc@30,34,36=LinkedHashMap{}\n"
                        + "d@37,41,52=Long:-2147483649\ne@53,57,67=Integer:2147483647\n",
                JsonAttributes.describe(JsonAttributes.ofUnchecked(b, 0, b.length).indexCompact(true)));
    }

    /** The scan's index as text, after checking the parser's is the same; null if the scan left it. */
    private static String assertAgree(byte[] json, boolean build) {
        JsonAttributes.Indexed scanned = JsonAttributes.ofUnchecked(json.clone(), 0, json.length).indexCompact(build);
        if (scanned == null) {
            return null;
        }
        String parsed = JsonAttributes.describe(JsonAttributes.ofUnchecked(json.clone(), 0, json.length).indexWithParser(build));
        String text = JsonAttributes.describe(scanned);
        assertEquals(parsed, text, () -> new String(json, StandardCharsets.UTF_8));
        return text;
    }

    /** Whether Jackson writes the value in the scan's form: ASCII text without escapes, integers, shallow. */
    private static boolean compactAscii(Object v, int depth) {
        if (v == null || v instanceof Boolean || v instanceof Integer) {
            return true;
        }
        if (v instanceof Long l) {
            // At most 18 digits: longer integers go to the parser.
            return l > -1_000_000_000_000_000_000L && l < 1_000_000_000_000_000_000L;
        }
        if (v instanceof String s) {
            return s.length() <= 1024 && s.chars().allMatch(c -> c >= 0x20 && c <= 0x7e && c != '"' && c != '\\');
        }
        if (depth >= 15) {
            return false;
        }
        if (v instanceof List<?> l) {
            return l.stream().allMatch(e -> compactAscii(e, depth + 1));
        }
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().allMatch(e -> compactAscii(e.getKey(), 16) && compactAscii(e.getValue(), depth + 1));
        }
        return false;
    }

    private static Object value(Random r, int depth) {
        switch (r.nextInt(depth > 17 ? 4 : 7)) {
            case 0:
                return Seeded.oneOf(r, true, false, null, 0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case 1:
                return Seeded.oneOf(r, 2147483648L, Long.MAX_VALUE, -999_999_999_999_999_999L, 1.5,
                        new java.math.BigInteger("9".repeat(30)), new java.math.BigDecimal("1e-7"));
            case 2:
                return Seeded.oneOf(r, "", "x", "customer", "a\"b", "back\\slash", "tab\t", "\u00e9", "\ud83c\udf6a", "~");
            case 3:
                return Seeded.stringOf(r, "aZ09 -_.~", 0, 30);
            case 4: {
                List<Object> list = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    list.add(value(r, depth + 1));
                }
                return list;
            }
            default: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    map.put(Seeded.oneOf(r, "k", "sku", "\u00e9", "q\"", "n" + i), value(r, depth + 1));
                }
                return map;
            }
        }
    }

    private static byte[] mutate(Random r, byte[] b) {
        byte[] interesting = "\"\\,:{}[]0129 -.etrufalsn".getBytes(StandardCharsets.US_ASCII);
        int at = r.nextInt(b.length);
        byte with = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : interesting[r.nextInt(interesting.length)];
        switch (r.nextInt(3)) {
            case 0: {
                byte[] m = b.clone();
                m[at] = with;
                return m;
            }
            case 1: {
                if (b.length <= 2) {
                    return b;
                }
                byte[] m = new byte[b.length - 1];
                System.arraycopy(b, 0, m, 0, at);
                System.arraycopy(b, at + 1, m, at, b.length - at - 1);
                return m;
            }
            default: {
                byte[] m = new byte[b.length + 1];
                System.arraycopy(b, 0, m, 0, at);
                m[at] = with;
                System.arraycopy(b, at, m, at + 1, b.length - at);
                return m;
            }
        }
    }
}
