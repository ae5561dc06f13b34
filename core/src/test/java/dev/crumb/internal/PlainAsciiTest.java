package dev.crumb.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.crumb.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link Payload#plainAscii} and {@link Payload#putPlainAscii} look characters up in a table; they
 * must say what the rule says, character by character (printable ASCII, 0x20 to 0x7E, but the
 * quote and the backslash), for every character at every place, and write exactly the string.
 */
class PlainAsciiTest {

    private static boolean rule(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    @Test
    void agreesWithTheRule_forEveryCharacterAtEveryPlace() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            for (String around : new String[] {"", "a", "ab", "abcdefgh"}) {
                for (int at = 0; at <= around.length(); at++) {
                    assertAgree(around.substring(0, at) + (char) c + around.substring(at));
                }
            }
        }
    }

    @Test
    void agreesWithTheRule_onSeededStrings() {
        Seeded.forAll(20_000, r -> {
            StringBuilder b = new StringBuilder();
            for (int i = r.nextInt(60); i > 0; i--) {
                int kind = r.nextInt(40);
                b.append(kind < 36 ? (char) (0x20 + r.nextInt(0x5F))
                        : kind == 36 ? '"' : kind == 37 ? '\\' : kind == 38 ? (char) r.nextInt(0x100)
                        : (char) r.nextInt(Character.MAX_VALUE + 1));
            }
            assertAgree(b.toString());
        });
    }

    @Test
    void putPlainAscii_tooShortAnArray_throws() {
        byte[] out = new byte[4];
        assertThrows(IndexOutOfBoundsException.class, () -> Payload.putPlainAscii(out, 1, "abcd"));
        assertThrows(IndexOutOfBoundsException.class, () -> Payload.putPlainAscii(out, -1, "a"));
        assertEquals(4, Payload.putPlainAscii(out, 1, "abc"));
    }

    private static void assertAgree(String s) {
        boolean plain = rule(s);
        Supplier<String> shown = () -> s.chars().mapToObj(c -> String.format("U+%04X", c)).toList().toString();
        assertEquals(plain, Payload.plainAscii(s), shown);
        byte[] out = new byte[s.length() + 5];
        int end = Payload.putPlainAscii(out, 3, s);
        assertEquals(plain ? 3 + s.length() : -1, end, shown);
        if (plain) {
            byte[] expected = new byte[out.length];
            System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, expected, 3, s.length());
            assertArrayEquals(expected, out, shown);
        }
    }
}
