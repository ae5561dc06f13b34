package dev.crumb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crumb.testing.Seeded;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link JsonScan} against Jackson configured as {@link Json#FACTORY}, the parser it stands in for. */
class JsonScanTest {

    // ---------------------------------------------------------------- oracle and helpers

    /**
     * Null if Jackson reads {@code value} as one value inside {@code depth} arrays, both with
     * {@code Json.MAPPER.readTree} and with a {@code nextToken}/{@code getText} walk; else why not.
     */
    private static String jackson(byte[] value, int depth) {
        ByteArrayOutputStream doc = new ByteArrayOutputStream(value.length + 2 * depth);
        for (int i = 0; i < depth; i++) {
            doc.write('[');
        }
        doc.writeBytes(value);
        for (int i = 0; i < depth; i++) {
            doc.write(']');
        }
        byte[] bytes = doc.toByteArray();
        try (JsonParser p = Json.FACTORY.createParser(bytes)) {
            JsonNode node = Json.MAPPER.readTree(p);
            for (int i = 0; i < depth; i++) {
                if (node == null || !node.isArray() || node.size() != 1) {
                    return "not exactly one value";
                }
                node = node.get(0);
            }
            if (node == null || node.isMissingNode()) {
                return "no value";
            }
        } catch (IOException | RuntimeException e) {
            return "readTree: " + e.getMessage();
        }
        try (JsonParser p = Json.FACTORY.createParser(bytes)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                p.getText();
            }
        } catch (IOException | RuntimeException e) {
            return "walk: " + e.getMessage();
        }
        return null;
    }

    private static String check(byte[] b, int depth) {
        return JsonScan.check(b, 0, b.length, depth);
    }

    /** UTF-8 of {@code s}, where {@code %HH} stands for the raw byte 0xHH. */
    private static byte[] bytes(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            if (s.charAt(i) == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return out.toByteArray();
    }

    private static void assertAccepted(String json, int depth) {
        byte[] b = bytes(json);
        assertNull(jackson(b, depth), () -> "Jackson rejects " + abbreviate(json));
        assertNull(check(b, depth), () -> abbreviate(json));
    }

    private static void assertAccepted(String json) {
        assertAccepted(json, 0);
    }

    /** Both reject; {@code check}'s message contains {@code expected}. */
    private static void assertRejected(String json, int depth, String expected) {
        byte[] b = bytes(json);
        assertNotNull(jackson(b, depth), () -> "Jackson accepts " + abbreviate(json));
        String message = check(b, depth);
        assertNotNull(message, () -> abbreviate(json));
        assertTrue(message.contains(expected), () -> "'" + message + "' for " + abbreviate(json));
    }

    private static void assertRejected(String json, String expected) {
        assertRejected(json, 0, expected);
    }

    /** Jackson accepts, {@code check} rejects by design (a documented stricter rule). */
    private static void assertStricterThanJackson(String json, String expected) {
        byte[] b = bytes(json);
        assertNull(jackson(b, 0), () -> "Jackson rejects " + abbreviate(json));
        String message = check(b, 0);
        assertNotNull(message, () -> abbreviate(json));
        assertTrue(message.contains(expected), () -> "'" + message + "' for " + abbreviate(json));
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...(" + s.length() + " chars)";
    }

    private static String show(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            if (x >= 0x20 && x < 0x7F) {
                sb.append((char) x);
            } else {
                sb.append(String.format("%%%02x", x & 0xFF));
            }
            if (sb.length() > 400) {
                return sb + "...(" + b.length + " bytes)";
            }
        }
        return sb.toString();
    }

    /**
     * Whether {@code b} holds something Jackson accepts that {@code check} rejects by design: UTF-8
     * that is overlong or above U+10FFFF; a byte 0xFF, which Jackson lets through in a member name
     * it mistakes for one it has seen (see {@link #check_nameWithByteFF_isRejectedThoughJacksonMayReadItAsAnotherName});
     * or, at the start of a document, a byte order mark or a zero byte in the first four, from
     * which Jackson detects UTF-16 or UTF-32 ({@code 1\0} is the number 1 in UTF-16LE).
     */
    private static boolean exotic(byte[] b, int depth) {
        if (depth == 0) {
            if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
                return true;
            }
            if (b.length >= 2 && ((b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF
                    || (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE)) {
                return true;
            }
            for (int i = 0; i < Math.min(4, b.length); i++) {
                if (b[i] == 0) {
                    return true;
                }
            }
        }
        for (int i = 0; i < b.length; i++) {
            int x = b[i] & 0xFF;
            int next = i + 1 < b.length ? b[i + 1] & 0xFF : 0;
            if (x == 0xC0 || x == 0xC1 || (x >= 0xF5 && x <= 0xF7) || x == 0xFF
                    || (x == 0xE0 && next >= 0x80 && next < 0xA0)
                    || (x == 0xF0 && next >= 0x80 && next < 0x90)
                    || (x == 0xF4 && next >= 0x90 && next < 0xC0)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isContainer(byte[] b) {
        return b.length > 0 && (b[0] == '{' || b[0] == '[');
    }

    // ---------------------------------------------------------------- generators

    private static final String[] TEXT_PIECES = {"\"", "\\", "/", "\u0000", "\u001f", "\n", "\t", "\u007f", "\u0080",
        "\u07ff", "\u0800", "\u2028", "\ufeff", "\uffff", "\ud800", "\udbff", "\udc00", "\udfff",
        "\ud83d\ude00", "\udbff\udfff", "\ud800\ud800", "\udc00\ud800", "é", "a"};

    /** Text with every kind of char: controls, quotes, backslashes, lone surrogates, pairs. */
    static String text(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(25); i > 0; i--) {
            int kind = r.nextInt(11);
            if (kind < 4) {
                sb.append(Seeded.oneOf(r, TEXT_PIECES));
            } else if (kind < 8) {
                sb.append((char) Seeded.between(r, ' ', '~'));
            } else if (kind < 10) {
                sb.append((char) r.nextInt(0x10000));
            } else {
                sb.appendCodePoint(Seeded.between(r, 0x10000, 0x10FFFF));
            }
        }
        return sb.toString();
    }

    static String name(Random r) {
        int kind = r.nextInt(10);
        if (kind < 6) {
            return Seeded.oneOf(r, "a", "b", "sku", "", "é", "\ud83d\ude00", "a\u0000", "\u0000", "x/y",
                    "quote\"d", "back\\slash", "new\nline");
        }
        return kind < 9 ? Seeded.stringOf(r, "abcdefghijklmnopqrstuvwxyz", 0, 12) : text(r);
    }

    private static final BigInteger BIG = BigInteger.TEN.pow(70);
    private static final double[] DOUBLES = {1.0E-10, Double.MIN_VALUE, Double.MAX_VALUE, -0.0, 1e300,
        Double.NaN, Double.NEGATIVE_INFINITY, 1.4E-45f, 3.4028235E38f};
    private static final int[] SCALES = {Integer.MIN_VALUE, Integer.MIN_VALUE + 1, Integer.MIN_VALUE + 70,
        Integer.MAX_VALUE, Integer.MAX_VALUE - 1, Integer.MAX_VALUE - 70, -999_999_999, 999_999_999};

    /** A uniform integer in {@code [-10^70, 10^70]}. */
    private static BigInteger bigInteger(Random r) {
        BigInteger span = BIG.shiftLeft(1).add(BigInteger.ONE);
        BigInteger u;
        do {
            u = new BigInteger(span.bitLength(), r);
        } while (u.compareTo(span) >= 0);
        return u.subtract(BIG);
    }

    private static Object leaf(Random r) {
        int kind = r.nextInt(18);
        if (kind < 5) {
            return text(r);
        } else if (kind < 7) {
            return r.nextInt();
        } else if (kind < 9) {
            return r.nextLong();
        } else if (kind < 11) {
            return bigInteger(r);
        } else if (kind < 13) {
            int scaleKind = r.nextInt(10);
            int scale = scaleKind < 6 ? Seeded.between(r, -30, 30)
                    : scaleKind < 8 ? r.nextInt() : SCALES[r.nextInt(SCALES.length)];
            return new BigDecimal(bigInteger(r), scale);
        } else if (kind < 15) {
            return Double.longBitsToDouble(r.nextLong());
        } else if (kind < 16) {
            return DOUBLES[r.nextInt(DOUBLES.length)];
        }
        return r.nextInt(10) < 4 ? null : r.nextBoolean();
    }

    private static Object tree(Random r, int levels) {
        int kind = levels == 0 ? 0 : r.nextInt(8);
        if (kind < 3) {
            return leaf(r);
        }
        if (kind < 5) {
            List<Object> list = new ArrayList<>();
            for (int i = r.nextInt(6); i > 0; i--) {
                list.add(tree(r, levels - 1));
            }
            return list;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = r.nextInt(6); i > 0; i--) {
            m.put(name(r), tree(r, levels - 1));
        }
        return m;
    }

    /** Plain Java values as an application would store them: maps, lists and leaves. */
    static Object tree(Random r) {
        return tree(r, 4);
    }

    /** Depths near the top and near the limit. */
    static int depth(Random r) {
        return r.nextInt(4) < 3 ? Seeded.between(r, 0, 3)
                : Seeded.between(r, Json.MAX_NESTING_DEPTH - 6, Json.MAX_NESTING_DEPTH);
    }

    private static final byte[] INTERESTING = bytes("\"\\{}[],:0-.eE+ /u%00%1f%7f%80%bf%c0%c3%e0%ed%f0%f4%f5%ff");

    private static byte[] mutate(byte[] in, Random r) {
        byte[] b = in;
        int edits = 1 + r.nextInt(3);
        for (int k = 0; k < edits; k++) {
            int n = b.length;
            int at = n == 0 ? 0 : r.nextInt(n);
            byte x = r.nextInt(3) == 0 ? (byte) r.nextInt(256) : INTERESTING[r.nextInt(INTERESTING.length)];
            switch (n == 0 ? 1 : r.nextInt(6)) {
                case 0 -> {
                    b = b.clone();
                    b[at] = x;
                }
                case 1 -> b = splice(b, r.nextInt(n + 1), 0, new byte[] {x});
                case 2 -> b = splice(b, at, 1, new byte[0]);
                case 3 -> b = Arrays.copyOf(b, at); // truncate
                case 4 -> { // copy a slice elsewhere: repeats names, nests, splits strings
                    int to = Math.min(n, at + 1 + r.nextInt(12));
                    b = splice(b, r.nextInt(n + 1), 0, Arrays.copyOfRange(b, at, to));
                }
                default -> {
                    b = b.clone();
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
        }
        return b;
    }

    /** {@code b} with {@code remove} bytes at {@code at} replaced by {@code insert}. */
    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    private static final byte[] JSONISH = bytes("{}[]\"\\,:. 0123456789-+eEtrufalsn\\u%c3%a9%ed%a0%80%f0%9f%98%c0");

    /** Short byte strings over JSON's alphabet and a few UTF-8 lead and continuation bytes. */
    static byte[] jsonishBytes(Random r) {
        byte[] b = new byte[r.nextInt(41)];
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextInt(6) < 5 ? JSONISH[r.nextInt(JSONISH.length)] : (byte) r.nextInt(256);
        }
        return b;
    }

    // ---------------------------------------------------------------- differential properties

    @Test
    void check_agreesWithJacksonOnEverythingItsGeneratorWrites() {
        Seeded.forAll(600, r -> check_agreesWithJacksonOnEverythingItsGeneratorWrites(tree(r), depth(r), r.nextInt(10)));
    }

    private static void check_agreesWithJacksonOnEverythingItsGeneratorWrites(Object tree, int depth, int pad)
            throws Exception {
        byte[] json = Json.MAPPER.writeValueAsBytes(tree);
        String jackson = jackson(json, depth);
        String scan = check(json, depth);
        assertEquals(jackson == null, scan == null, () -> "Jackson: " + jackson + "; check: " + scan + "; " + show(json));
        if (isContainer(json)) {
            assertEquals(json.length, JsonScan.skipStructure(json, 0, json.length, Integer.MAX_VALUE));
        }
        // The same bytes inside a larger array, between bytes that are not JSON.
        byte[] framed = new byte[pad + json.length + pad];
        Arrays.fill(framed, (byte) '"');
        System.arraycopy(json, 0, framed, pad, json.length);
        assertEquals(scan, JsonScan.check(framed, pad, json.length, depth));
        if (isContainer(json)) {
            assertEquals(pad + json.length, JsonScan.skipStructure(framed, pad, framed.length, Integer.MAX_VALUE));
        }
    }

    @Test
    void check_acceptsMutatedJsonOnlyWhenJacksonDoes() {
        Seeded.forAll(400, r -> {
            byte[] written = Json.MAPPER.writeValueAsBytes(tree(r));
            int depth = depth(r);
            for (int i = 0; i < 10; i++) {
                checkMutant(mutate(written, r), depth);
            }
        });
    }

    private static void checkMutant(byte[] json, int depth) {
        String scan = check(json, depth);
        String jackson = jackson(json, depth);
        if (scan == null) {
            assertNull(jackson, () -> "check accepts what Jackson rejects: " + show(json));
        } else if (!exotic(json, depth)) {
            assertNotNull(jackson, () -> "check rejects (" + scan + ") what Jackson accepts: " + show(json));
        }
        int end = JsonScan.skipStructure(json, 0, json.length, Json.MAX_NESTING_DEPTH);
        assertTrue(end == -1 || (end > 0 && end <= json.length));
        if (scan == null && isContainer(json)) {
            assertEquals(skipWhitespaceBack(json), end, () -> show(json));
        }
    }

    /**
     * Objects written by hand with names spelled in random ways (escaped, unescaped, mixed case
     * hex), random whitespace, 0 to 40 members (past the filter into the table) and repeats.
     */
    @Test
    void check_findsDuplicateNamesHoweverTheyAreSpelled() {
        Seeded.forAll(800, r -> check_findsDuplicateNamesHoweverTheyAreSpelled(r, r.nextInt(4)));
    }

    private static void check_findsDuplicateNamesHoweverTheyAreSpelled(Random r, int depth) {
        StringBuilder sb = new StringBuilder();
        writeObject(sb, r, 3);
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        String jackson = jackson(json, depth);
        String scan = check(json, depth);
        assertEquals(jackson == null, scan == null, () -> "Jackson: " + jackson + "; check: " + scan + "; " + show(json));
        assertEquals(skipWhitespaceBack(json), JsonScan.skipStructure(json, skipWhitespace(json), json.length, 64));
    }

    private static final String[] POOL = {"a", "b", "é", "\ud83d\ude00", "a\u0000", "\u0000", "", "/", "\"",
        "\n", "\\", "sku", "abcdefgh", "abcdefghi", "abcdefgh\u00e9", "\u00e9bcdefgh", "name with spaces"};

    private static void writeObject(StringBuilder sb, Random r, int levels) {
        int members = r.nextInt(4) == 0 ? r.nextInt(41) : r.nextInt(6);
        boolean distinct = r.nextBoolean();
        List<String> used = new ArrayList<>();
        space(sb, r);
        sb.append('{');
        for (int i = 0; i < members; i++) {
            String name;
            if (distinct || r.nextInt(3) > 0) {
                int pick = r.nextInt(POOL.length + 60);
                name = pick < POOL.length ? POOL[pick] : "k" + (pick - POOL.length);
            } else {
                name = used.isEmpty() ? "a" : used.get(r.nextInt(used.size()));
            }
            if (distinct && used.contains(name)) {
                continue;
            }
            if (!used.isEmpty()) {
                sb.append(',');
            }
            used.add(name);
            space(sb, r);
            writeName(sb, r, name);
            space(sb, r);
            sb.append(':');
            space(sb, r);
            if (levels > 0 && r.nextInt(4) == 0) {
                writeObject(sb, r, levels - 1);
            } else if (levels > 0 && r.nextInt(6) == 0) {
                sb.append('[');
                writeObject(sb, r, levels - 1);
                sb.append(']');
            } else {
                sb.append(r.nextInt(1000));
            }
            space(sb, r);
        }
        sb.append('}');
        space(sb, r);
    }

    private static void writeName(StringBuilder sb, Random r, String name) {
        sb.append('"');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean mustEscape = c < 0x20 || c == '"' || c == '\\';
            int how = r.nextInt(4);
            if (Character.isHighSurrogate(c) && i + 1 < name.length()) {
                if (how == 0) { // the pair escaped, or unescaped
                    sb.append(String.format("\\u%04x\\u%04X", (int) c, (int) name.charAt(i + 1)));
                } else {
                    sb.append(name, i, i + 2);
                }
                i++;
            } else if (how == 0 || mustEscape) {
                if (how == 1 && c == '\n') {
                    sb.append("\\n");
                } else if (how == 1 && (c == '"' || c == '\\' || c == '/')) {
                    sb.append('\\').append(c);
                } else {
                    String hex = String.format("\\u%04x", (int) c);
                    sb.append(r.nextBoolean() ? hex : hex.toUpperCase().replace("\\U", "\\u"));
                }
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    private static void space(StringBuilder sb, Random r) {
        if (r.nextInt(5) == 0) {
            sb.append(" \t\n\r".charAt(r.nextInt(4)));
        }
    }

    private static int skipWhitespace(byte[] b) {
        int i = 0;
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static int skipWhitespaceBack(byte[] b) {
        int i = b.length;
        while (i > 0 && (b[i - 1] == ' ' || b[i - 1] == '\t' || b[i - 1] == '\n' || b[i - 1] == '\r')) {
            i--;
        }
        return i;
    }

    @Test
    void check_andSkipStructure_neverThrowOnArbitraryBytes() {
        Seeded.forAll(2000, r -> check_andSkipStructure_neverThrowOnArbitraryBytes(jsonishBytes(r), anyInt(r),
                anyInt(r), anyInt(r), Seeded.between(r, -1, 70)));
    }

    /** Any int, with the edges and small values as likely as the rest. */
    private static int anyInt(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> Seeded.oneOf(r, 0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case 1 -> Seeded.between(r, -50, 50);
            default -> r.nextInt();
        };
    }

    private static void check_andSkipStructure_neverThrowOnArbitraryBytes(byte[] b, int off, int len, int depth,
                                                                          int maxDepth) {
        // Anything at all, mostly out of range.
        JsonScan.check(b, off, len, depth);
        int end = JsonScan.skipStructure(b, off, len, maxDepth);
        assertTrue(end == -1 || (end > off && end <= len));
        // In range: sound against Jackson.
        int d = Math.floorMod(depth, 5);
        String scan = check(b, d);
        if (scan == null) {
            assertNull(jackson(b, d), () -> "check accepts what Jackson rejects: " + show(b));
        } else if (!exotic(b, d)) {
            assertNotNull(jackson(b, d), () -> "check rejects (" + scan + ") what Jackson accepts: " + show(b));
        }
        if (b.length > 0) {
            int start = Math.floorMod(off, b.length);
            int stop = start + Math.floorMod(len, b.length - start + 1);
            JsonScan.check(b, start, stop - start, d);
            end = JsonScan.skipStructure(b, start, stop, maxDepth);
            assertTrue(end == -1 || (end > start && end <= stop));
        }
    }

    @Test
    void skipStructure_findsTheEndOfEveryContainerWritten() {
        Seeded.forAll(300, r -> skipStructure_findsTheEndOfEveryContainerWritten(tree(r)));
    }

    private static void skipStructure_findsTheEndOfEveryContainerWritten(Object tree) throws Exception {
        byte[] json = Json.MAPPER.writeValueAsBytes(Arrays.asList(tree, Map.of("}", "]\\\"[{")));
        assertEquals(json.length, JsonScan.skipStructure(json, 0, json.length, Integer.MAX_VALUE));
        for (int cut = 1; cut < json.length; cut++) {
            assertEquals(-1, JsonScan.skipStructure(json, 0, cut, Integer.MAX_VALUE));
        }
    }

    // ---------------------------------------------------------------- nesting depth

    @Test
    void check_nestingAtTheLimit_isAccepted() {
        assertAccepted("[".repeat(64) + "]".repeat(64), 0);
        assertAccepted("[".repeat(62) + "]".repeat(62), 2);
        assertAccepted("{\"a\":".repeat(61) + "{}" + "}".repeat(61), 2);
        assertAccepted("[]", 63);
        assertAccepted("\"scalar at the limit\"", 64);
    }

    @Test
    void check_nestingOneOverTheLimit_isRejected() {
        assertRejected("[".repeat(65) + "]".repeat(65), 0, "nesting deeper than 64 levels at byte 64");
        assertRejected("[".repeat(63) + "]".repeat(63), 2, "nesting deeper than 64 levels at byte 62");
        assertRejected("{\"a\":".repeat(62) + "{}" + "}".repeat(62), 2, "nesting deeper than 64 levels");
        assertRejected("{}", 64, "nesting deeper than 64 levels at byte 0");
        assertNotNull(check(bytes("[]"), Integer.MAX_VALUE));
    }

    // ---------------------------------------------------------------- member names

    @Test
    void check_nameOf1024Chars_isAccepted() {
        assertAccepted("{\"" + "a".repeat(1024) + "\":1}");
        assertAccepted("{\"" + "\\u0061".repeat(1024) + "\":1}");
        assertAccepted("{\"" + "\\u0000".repeat(1024) + "\":1}");
    }

    @Test
    void check_nameOf1025Chars_isRejected() {
        assertRejected("{\"" + "a".repeat(1025) + "\":1}",
                "a member name is 1025 bytes in UTF-8, over the limit of 1024 at byte 1");
        assertRejected("{\"" + "\\u0061".repeat(1025) + "\":1}", "a member name is 1025 bytes");
    }

    /** Jackson limits a name's UTF-8 bytes, not its chars: 512 two-byte chars fit, 513 do not. */
    @Test
    void check_nameWithMultiByteChars_isLimitedInUtf8BytesAsJacksonDoes() {
        assertAccepted("{\"" + "é".repeat(512) + "\":1}");
        assertRejected("{\"" + "é".repeat(513) + "\":1}", "a member name is 1026 bytes");
        assertRejected("{\"" + "é".repeat(1024) + "\":1}", "a member name is 2048 bytes");
        assertRejected("{\"" + "\\u00e9".repeat(513) + "\":1}", "a member name is 1026 bytes");
        assertRejected("{\"" + "a".repeat(1023) + "é\":1}", "a member name is 1025 bytes");
        // A pair, raw or escaped, is one code point of four bytes.
        assertAccepted("{\"" + "\ud83d\ude00".repeat(256) + "\":1}");
        assertAccepted("{\"" + "\\ud83d\\ude00".repeat(256) + "\":1}");
        assertRejected("{\"" + "\ud83d\ude00".repeat(257) + "\":1}", "a member name is 1028 bytes");
        assertRejected("{\"" + "\\ud83d\\ude00".repeat(257) + "\":1}", "a member name is 1028 bytes");
    }

    @Test
    void check_unpairedSurrogateEscapeInName_isRejected() {
        assertRejected("{\"\\ud800\":1}", "a member name has an unpaired surrogate escape at byte 2");
        assertRejected("{\"\\udc00\":1}", "unpaired surrogate escape");
        assertRejected("{\"\\ud800x\":1}", "unpaired surrogate escape");
        assertRejected("{\"\\ud800\\u0041\":1}", "unpaired surrogate escape");
        assertRejected("{\"\\ud800\\ud800\":1}", "unpaired surrogate escape");
        assertRejected("{\"\\udc00\\ud800\":1}", "unpaired surrogate escape");
        assertRejected("{\"\\ud800\\n\":1}", "unpaired surrogate escape");
        assertAccepted("{\"\\ud83d\\ude00\":1,\"\\uD83D\\uDE01\":2}");
    }

    @Test
    void check_unpairedSurrogateEscapeInValue_isAcceptedAsJacksonDoes() throws Exception {
        assertAccepted("[\"\\ud800\"]");
        assertAccepted("\"\\udc00\\ud800x\\udfff\"");
        byte[] written = Json.MAPPER.writeValueAsBytes(List.of("\ud800", "x\udc00"));
        assertNull(check(written, 0));
        assertNull(jackson(written, 0));
    }

    // ---------------------------------------------------------------- duplicate names

    @Test
    void check_duplicateNameAtTopLevel_isRejected() {
        assertRejected("{\"a\":1,\"a\":2}", "duplicate member name at byte 7");
        assertRejected("{\"a\":1,\"b\":2,\"c\":3,\"a\":4}", "duplicate member name at byte 19");
        assertRejected("{\"\":1,\"\":2}", "duplicate member name at byte 6");
        assertRejected("{\"a\":1,\"a\":2}", 3, "duplicate member name");
    }

    @Test
    void check_duplicateNameInNestedObject_isRejected() {
        assertRejected("{\"x\":[{\"y\":{\"a\":1,\"b\":{\"c\":[1,{\"a\":1,\"a\":2}]}}}]}", "duplicate member name at byte 37");
        assertRejected("[[[[{\"q\":{}},{\"q\":{\"z\":null,\"z\":null}}]]]]", "duplicate member name");
        // A name repeated in another object, or after the inner object closed, is no duplicate.
        assertAccepted("{\"a\":{\"a\":{\"a\":1}},\"b\":[{\"a\":1},{\"a\":2}],\"c\":{\"b\":1}}");
    }

    @Test
    void check_duplicateNamesSpelledWithDifferentEscapes_areRejected() {
        assertRejected("{\"a\":1,\"\\u0061\":2}", "duplicate member name at byte 7");
        assertRejected("{\"\\u0061\":1,\"a\":2}", "duplicate member name at byte 12");
        assertRejected("{\"é\":1,\"\\u00e9\":2}", "duplicate member name");
        assertRejected("{\"\\u00E9\":1,\"\\u00e9\":2}", "duplicate member name");
        assertRejected("{\"\ud83d\ude00\":1,\"\\ud83d\\ude00\":2}", "duplicate member name");
        assertRejected("{\"\\n\":1,\"\\u000a\":2}", "duplicate member name");
        assertRejected("{\"/\":1,\"\\/\":2}", "duplicate member name");
        assertRejected("{\"long name, escaped\":1,\"long\\u0020name, escaped\":2}", "duplicate member name");
    }

    @Test
    void check_namesThatDifferOnlyOnceUnescaped_areNotDuplicates() {
        assertAccepted("{\"a\":1,\"a\\u0000\":2,\"\":3,\"\\u0000\":4,\"\\u0000\\u0000\":5}");
        assertAccepted("{\"abcdefgh\":1,\"abcdefghi\":2,\"abcdefgh\\u00e9\":3,\"\\u00e9bcdefgh\":4,\"abcdefgH\":5}");
        assertAccepted("{\"\\n\":1,\"\\r\":2,\"\\t\":3,\"\\b\":4,\"\\f\":5,\"\\\\\":6,\"\\\"\":7,\"/\":8}");
    }

    @Test
    void check_duplicateInAnObjectWithManyMembers_isRejected() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < 300; i++) {
            sb.append(i == 0 ? "" : ",").append("\"member").append(i).append("\":[").append(i).append(",{\"member1\":0}]");
        }
        assertAccepted(sb + "}");
        for (int dup : new int[] {0, 15, 16, 17, 299}) {
            assertRejected(sb + ",\"member" + dup + "\":0}", "duplicate member name");
            assertRejected(sb + ",\"\\u006dember" + dup + "\":0}", "duplicate member name");
        }
    }

    // ---------------------------------------------------------------- string values

    @Test
    void check_stringAtTheLengthLimit_isAccepted() {
        assertAccepted("[\"" + "a".repeat(Json.MAX_STRING_LENGTH) + "\"]");
        assertAccepted("[\"" + "\ud83d\ude00".repeat(Json.MAX_STRING_LENGTH / 2) + "\"]");
        assertAccepted("[\"" + "\\n".repeat(Json.MAX_STRING_LENGTH) + "\"]");
        assertAccepted("[\"" + "é".repeat(Json.MAX_STRING_LENGTH) + "\"]");
        assertAccepted("[\"" + "a".repeat(40_000) + "\",\"" + "a".repeat(40_000) + "\"]", 1);
    }

    @Test
    void check_stringOverTheLengthLimit_isRejected() {
        assertRejected("[\"" + "a".repeat(Json.MAX_STRING_LENGTH + 1) + "\"]",
                "a string is 65537 characters, over the limit of 65536 at byte 1");
        assertRejected("[\"" + "\ud83d\ude00".repeat(Json.MAX_STRING_LENGTH / 2) + "a\"]", "a string is 65537 characters");
        assertRejected("[\"" + "\\n".repeat(Json.MAX_STRING_LENGTH + 1) + "\"]", "a string is 65537 characters");
        assertRejected("\"" + "é".repeat(Json.MAX_STRING_LENGTH + 1) + "\"", "a string is 65537 characters");
    }

    @Test
    void check_controlCharacterInString_isRejected() {
        for (int c = 0; c < 0x20; c++) {
            assertRejected(String.format("[\"ab%%%02xcd\"]", c),
                    String.format("an unescaped control character 0x%02X in a string at byte 4", c));
            assertRejected(String.format("{\"ab%%%02x\":1}", c), "an unescaped control character");
        }
        assertAccepted("[\"ab%7fcd\",\"\\u0000\\u001f\"]");
    }

    @Test
    void check_everyJsonEscape_isAccepted() {
        assertAccepted("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\uABCD\\uabcd\\uFfFf\"]");
    }

    @Test
    void check_invalidEscape_isRejected() {
        for (String s : new String[] {"\\x", "\\'", "\\U0041", "\\u00g0", "\\u12", "\\a", "\\0", "\\ ", "\\%c3%a9"}) {
            assertRejected("[\"" + s + "\"]", "an invalid escape sequence at byte 2");
        }
        assertRejected("[\"\\", "a string is not closed at byte 1");
        assertRejected("[\"\\u12", "an invalid escape sequence at byte 2");
    }

    @Test
    void check_unterminatedString_isRejected() {
        assertRejected("[\"abc", "a string is not closed at byte 1");
        assertRejected("[\"" + "a".repeat(100), "a string is not closed at byte 1");
        assertRejected("{\"abc", "a string is not closed at byte 1");
        assertRejected("[\"abc\\\"]", "a string is not closed at byte 1");
    }

    // ---------------------------------------------------------------- UTF-8

    private static final String[] WELL_FORMED_UTF8 = {
        "%c2%80", "%df%bf", "%e0%a0%80", "%ed%9f%bf", "%ee%80%80", "%ef%bf%bf", "%f0%90%80%80", "%f4%8f%bf%bf"};

    @Test
    void check_wellFormedUtf8AtTheEdgesOfEachRange_isAccepted() {
        for (String u : WELL_FORMED_UTF8) {
            assertAccepted("[\"" + u + "\",\"x" + u + "y\"]");
            assertAccepted("{\"" + u + "\":1}");
        }
    }

    @Test
    void check_utf8ContinuationOrInvalidStartByte_isRejected() {
        for (String u : new String[] {"%80", "%bf", "%f8%88%80%80%80", "%fc%84%80%80%80%80", "%fe", "%ff"}) {
            assertRejected("[\"a" + u + "\"]", "invalid UTF-8 start byte");
            assertRejected("{\"a" + u + "\":1}", "invalid UTF-8 start byte");
        }
    }

    @Test
    void check_truncatedUtf8_isRejected() {
        for (String u : new String[] {"%c3", "%e2%82", "%e2", "%f0%9f%98", "%f0%9f", "%f0"}) {
            assertRejected("[\"a" + u + "\"]", "a truncated UTF-8 sequence at byte 3");
            assertRejected("[\"a" + u + "x\"]", "a truncated UTF-8 sequence at byte 3");
            assertRejected("{\"a" + u + "\":1}", "a truncated UTF-8 sequence");
            assertRejected("[\"a" + u, "a truncated UTF-8 sequence");
        }
    }

    @Test
    void check_surrogateEncodedInUtf8_isRejected() {
        for (String u : new String[] {"%ed%a0%80", "%ed%af%bf", "%ed%b0%80", "%ed%bf%bf"}) {
            assertRejected("[\"" + u + "\"]", "a surrogate encoded in UTF-8 at byte 2");
            assertRejected("{\"" + u + "\":1}", "a surrogate encoded in UTF-8");
        }
        assertRejected("[\"%ed%a0%bd%ed%b8%80\"]", "a surrogate encoded in UTF-8"); // CESU-8 for U+1F600
    }

    /** Jackson decodes these to some chars; RFC 3629 forbids them, and so does check. */
    @Test
    void check_overlongUtf8_isRejectedThoughJacksonAcceptsIt() {
        for (String u : new String[] {"%c0%80", "%c1%bf", "%e0%80%80", "%e0%9f%bf", "%f0%80%80%80", "%f0%8f%bf%bf"}) {
            assertStricterThanJackson("[\"" + u + "\"]", "an overlong UTF-8 sequence at byte 2");
            assertStricterThanJackson("{\"" + u + "\":1}", "an overlong UTF-8 sequence");
        }
    }

    @Test
    void check_utf8AboveU10FFFF_isRejectedThoughJacksonAcceptsIt() {
        for (String u : new String[] {"%f4%90%80%80", "%f4%bf%bf%bf", "%f5%80%80%80", "%f7%bf%bf%bf"}) {
            assertStricterThanJackson("[\"" + u + "\"]", "a UTF-8 sequence above U+10FFFF at byte 2");
            assertStricterThanJackson("{\"" + u + "\":1}", "above U+10FFFF");
        }
    }

    /**
     * Jackson checks a name's UTF-8 only when it adds the name to its symbol table, shared by all
     * parsers of a factory; it pads a name's last four bytes with 0xFF to look it up, so once it
     * has seen "a", it reads "\xFFa" as "a" without complaint.
     */
    @Test
    void check_nameWithByteFF_isRejectedThoughJacksonMayReadItAsAnotherName() throws Exception {
        assertNull(jackson(bytes("{\"a\":1,\"abcde\":2}"), 0));
        byte[] b = bytes("{\"%ffa\":1,\"abcd%ff%ffe\":2}");
        try (JsonParser p = Json.FACTORY.createParser(b)) {
            assertEquals("{\"a\":1,\"abcde\":2}", Json.MAPPER.readTree(p).toString());
        }
        assertEquals("invalid UTF-8 start byte 0xFF at byte 2", check(b, 0));
    }

    @Test
    void check_nonAsciiOutsideStrings_isRejected() {
        assertRejected("[%c3%a9]", "expected a value at byte 1");
        assertRejected("[1,%ef%bb%bf2]", "expected a value at byte 3");
    }

    @Test
    void check_byteOrderMark_isRejectedThoughJacksonSkipsItAtTheStart() {
        assertStricterThanJackson("%ef%bb%bf[1]", "expected a value at byte 0");
    }

    /** Jackson reads a document as UTF-16 or UTF-32 when one of its first four bytes is zero. */
    @Test
    void check_utf16Document_isRejectedThoughJacksonDetectsIt() {
        assertStricterThanJackson("1%00", "unexpected data after the value at byte 1: byte 0x00");
        assertStricterThanJackson("%00[%00]", "expected a value at byte 0");
        assertStricterThanJackson("%fe%ff%00[%00]", "expected a value at byte 0");
        assertRejected("[1]%00", "unexpected data after the value at byte 3");
    }

    // ---------------------------------------------------------------- numbers

    @Test
    void check_numberOf64Digits_isAccepted() {
        String d64 = "1".repeat(64);
        assertAccepted("[" + d64 + "]");
        assertAccepted("[-" + d64 + "]");
        assertAccepted(d64);
        assertAccepted("[1." + "1".repeat(63) + "]");
        assertAccepted("[-" + "1".repeat(62) + ".1e-1]"); // signs, point and e are not digits
        assertAccepted("[1e" + "0".repeat(62) + "1]");
        assertAccepted("[0." + "0".repeat(62) + "E+0]");
    }

    @Test
    void check_numberOf65Digits_isRejected() {
        String d65 = "1".repeat(65);
        assertRejected("[" + d65 + "]", "a number has 65 digits, over the limit of 64 at byte 1");
        assertRejected("[-" + d65 + "]", "a number has 65 digits");
        assertRejected(d65, "a number has 65 digits");
        assertRejected("[1." + "1".repeat(64) + "]", "a number has 65 digits");
        assertRejected("[" + "1".repeat(62) + ".1e11]", "a number has 65 digits");
        assertRejected("[1e" + "0".repeat(63) + "1]", "a number has 65 digits");
    }

    @Test
    void check_numberWhoseBigDecimalScaleOverflows_isRejected() {
        // The token walk accepts these; readTree, which makes BigDecimals, does not.
        assertAccepted("[1e2147483647,1E-2147483647,0.5e-2147483646,1e+0002147483647,-1.0e-2147483646]");
        assertRejected("[1e2147483648]", "a number's exponent is out of range at byte 1");
        assertRejected("[0.5e-2147483647]", "a number's exponent is out of range");
        assertRejected("[1e-2147483648]", "a number's exponent is out of range");
        assertRejected("[1e-2147483649]", "a number's exponent is out of range");
        assertRejected("{\"a\":1e99999999999}", "a number's exponent is out of range at byte 5");
        assertRejected("[1e000000000000000000000000002147483648]", "a number's exponent is out of range");
    }

    @Test
    void check_malformedNumber_isRejected() {
        assertRejected("[01]", "a number with a leading zero at byte 1");
        assertRejected("[-01]", "a number with a leading zero at byte 1");
        assertRejected("[00]", "a number with a leading zero");
        assertRejected("[-]", "an invalid number at byte 1");
        assertRejected("[-a]", "an invalid number at byte 1");
        assertRejected("[1.]", "an invalid number at byte 1");
        assertRejected("[1.e5]", "an invalid number at byte 1");
        assertRejected("[1e]", "an invalid number at byte 1");
        assertRejected("[1e+]", "an invalid number at byte 1");
        assertRejected("-", "an invalid number at byte 0");
        assertRejected("[.5]", "expected a value at byte 1");
        assertRejected("[+1]", "expected a value at byte 1");
        assertRejected("[1.5.5]", "expected ',' or ']' at byte 4");
        assertRejected("[0x10]", "expected ',' or ']' at byte 2");
        assertRejected("1x", "unexpected data after the value at byte 1");
        assertAccepted("[-0,0,0e5,0.0e-0,1E+5,-0.0,123.456e-789]");
    }

    @Test
    void check_nonNumericNumbers_areRejected() {
        assertRejected("[NaN]", "expected a value at byte 1");
        assertRejected("[Infinity]", "expected a value at byte 1");
        assertRejected("[-Infinity]", "an invalid number at byte 1");
    }

    // ---------------------------------------------------------------- grammar

    @Test
    void check_grammarErrors_areRejected() {
        assertRejected("[1,]", "expected a value at byte 3, found ']'");
        assertRejected("[,1]", "expected a value at byte 1");
        assertRejected("{\"a\":1,}", "expected a member name in double quotes at byte 7");
        assertRejected("{,}", "expected a member name in double quotes at byte 1");
        assertRejected("{\"a\" 1}", "expected ':' after a member name at byte 5");
        assertRejected("{\"a\":}", "expected a value at byte 5");
        assertRejected("{1:1}", "expected a member name in double quotes at byte 1");
        assertRejected("{'a':1}", "expected a member name in double quotes at byte 1");
        assertRejected("['a']", "expected a value at byte 1");
        assertRejected("{a:1}", "expected a member name");
        assertRejected("[1 2]", "expected ',' or ']' at byte 3");
        assertRejected("{\"a\":1 \"b\":2}", "expected ',' or '}' at byte 7");
        assertRejected("[1}", "expected ',' or ']' at byte 2");
        assertRejected("{\"a\":1]", "expected ',' or '}' at byte 6");
        assertRejected("[/*c*/1]", "expected a value at byte 1");
        assertRejected("[1]//", "unexpected data after the value at byte 3");
        assertRejected("#x\n[1]", "expected a value at byte 0");
        assertRejected("[tru]", "expected a value at byte 1");
        assertRejected("[truex]", "expected ',' or ']' at byte 5");
        assertRejected("[True]", "expected a value at byte 1");
        assertRejected("[nul]", "expected a value at byte 1");
        assertRejected("[fals]", "expected a value at byte 1");
        assertRejected("[", "the value is cut short at byte 1");
        assertRejected("[1", "the value is cut short at byte 2");
        assertRejected("{\"a\"", "the value is cut short at byte 4");
        assertRejected("{\"a\":", "the value is cut short at byte 5");
        assertRejected("]", "expected a value at byte 0");
        assertRejected("[1]]", "unexpected data after the value at byte 3");
        assertRejected("1 2", "unexpected data after the value at byte 2");
        assertRejected("{} {}", "unexpected data after the value at byte 3");
    }

    @Test
    void check_whitespace_isOnlySpaceTabNewlineAndReturn() {
        assertAccepted(" \t\n\r[ 1 , { \"a\" : true } , [ ] , { } ] \r\n\t ");
        assertAccepted("\n\"x\"\n");
        assertRejected("[1]%0c", "unexpected data after the value at byte 3: byte 0x0C");
        assertRejected("%0c[1]", "expected a value at byte 0");
        assertRejected("[1,%00 2]", "expected a value at byte 3");
        assertRejected("[%a0 1]", "expected a value at byte 1");
    }

    @Test
    void check_emptyOrWhitespaceOnly_isRejected() {
        assertNotNull(check(new byte[0], 0));
        assertNotNull(check(bytes(" \n\t\r"), 0));
        assertNotNull(jackson(bytes(" "), 1));
    }

    @Test
    void check_literalsAndEmptyContainers_areAccepted() {
        for (String s : new String[] {"true", "false", "null", "{}", "[]", "\"\"", "0", "[[],{},[{}]]", "{\"\":{}}"}) {
            assertAccepted(s);
            assertAccepted(s, 5);
        }
    }

    @Test
    void check_documentLength_isLimited() {
        // Five strings within the string limit, in a document one byte over the limit.
        String s = "\"" + "a".repeat(Json.MAX_DOCUMENT_LENGTH / 5 - 10) + "\"";
        String doc = "[" + String.join(",", s, s, s, s, s) + "]";
        int pad = Json.MAX_DOCUMENT_LENGTH - doc.length();
        String atLimit = doc + " ".repeat(pad);
        assertEquals(Json.MAX_DOCUMENT_LENGTH, atLimit.length());
        assertAccepted(atLimit);
        assertRejected(atLimit + " ", "the value is 262145 bytes, over the limit of 262144");
    }

    // ---------------------------------------------------------------- arguments

    @Test
    void check_rangeOutsideTheArray_returnsAMessage() {
        byte[] b = bytes("[1]");
        assertNotNull(JsonScan.check(null, 0, 0, 0));
        assertNotNull(JsonScan.check(b, -1, 3, 0));
        assertNotNull(JsonScan.check(b, 0, 4, 0));
        assertNotNull(JsonScan.check(b, 1, 3, 0));
        assertNotNull(JsonScan.check(b, 0, -1, 0));
        assertNotNull(JsonScan.check(b, Integer.MAX_VALUE, 10, 0));
        assertNotNull(JsonScan.check(b, 2, Integer.MAX_VALUE, 0));
        assertNotNull(JsonScan.check(b, 0, 3, -1));
        assertNotNull(JsonScan.check(b, 3, 0, 0));
        assertNull(JsonScan.check(b, 1, 1, 0));
    }

    @Test
    void check_valueInsideALargerArray_countsOffsetsFromOff() {
        byte[] b = bytes("xx{\"a\":1,\"a\":2}yy");
        assertEquals("duplicate member name at byte 7", JsonScan.check(b, 2, 13, 0));
        assertNotNull(JsonScan.check(b, 2, 14, 0));
        assertNotNull(JsonScan.check(b, 2, 12, 0));
    }

    // ---------------------------------------------------------------- skipStructure

    @Test
    void skipStructure_followsStringsAndEscapes() {
        byte[] b = bytes("{\"a\":\"}]\\\"[{\\\\\",\"b\":[{},[\"]\"]]}tail");
        assertEquals(b.length - 4, JsonScan.skipStructure(b, 0, b.length, 64));
        byte[] c = bytes("x[\"\\\\\"]x");
        assertEquals(7, JsonScan.skipStructure(c, 1, c.length, 64));
        byte[] longStrings = bytes("[\"" + "é\\\"0123456789".repeat(20) + "\",\"" + "\\\\".repeat(30) + "\"]");
        assertEquals(longStrings.length, JsonScan.skipStructure(longStrings, 0, longStrings.length, 1));
    }

    @Test
    void skipStructure_limitsNesting() {
        byte[] b = bytes("[[{\"a\":[]}]]");
        assertEquals(b.length, JsonScan.skipStructure(b, 0, b.length, 4));
        assertEquals(-1, JsonScan.skipStructure(b, 0, b.length, 3));
        assertEquals(-1, JsonScan.skipStructure(b, 0, b.length, 0));
    }

    @Test
    void skipStructure_unclosedOrNotAContainer_isMinusOne() {
        for (String s : new String[] {"[", "[\"]", "[\"\\\"]", "[\"\\", "{\"a\":[1,2}", "\"x\"", "1", "", " []"}) {
            byte[] b = bytes(s);
            assertEquals(-1, JsonScan.skipStructure(b, 0, b.length, 64), s);
        }
        byte[] b = bytes("[[]]");
        assertEquals(-1, JsonScan.skipStructure(b, 0, 3, 64));
        assertEquals(3, JsonScan.skipStructure(b, 1, 3, 64));
        assertEquals(-1, JsonScan.skipStructure(null, 0, 0, 64));
        assertEquals(-1, JsonScan.skipStructure(b, -1, 4, 64));
        assertEquals(-1, JsonScan.skipStructure(b, 0, 5, 64));
        assertEquals(-1, JsonScan.skipStructure(b, 4, 4, 64));
    }
}
