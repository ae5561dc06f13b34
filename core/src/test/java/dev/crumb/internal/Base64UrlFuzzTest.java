package dev.crumb.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.Base64;

/**
 * Strict base64url (RFC 4648 section 5, unpadded, canonical) against the JDK's decoder and
 * encoder. Seeds: the segments of real tokens, with padding, spare bits and wrong alphabets.
 *
 * <p>For every input: {@link Base64Url#decode} accepts exactly the strings that consist of the
 * url-safe alphabet, have no length of the form 4n+1, and that the JDK decodes to bytes it encodes
 * back to the same string (so spare bits are zero); it then returns the JDK's bytes, through every
 * entry point (a {@code String} long or short, any {@code CharSequence}, a range at an offset);
 * and encoding any bytes gives the JDK's unpadded text and its length.
 */
class Base64UrlFuzzTest {

    private static final Base64.Decoder JDK_DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder JDK_ENCODER = Base64.getUrlEncoder().withoutPadding();

    @FuzzTest
    void decode(FuzzedDataProvider data) {
        int pad = data.consumeInt(0, 3);
        byte[] raw = data.consumeBytes(data.consumeInt(0, 600));
        String s = data.consumeRemainingAsString();

        String text = Base64Url.encode(raw);
        assertEquals(JDK_ENCODER.encodeToString(raw), text);
        assertEquals(text.length(), Base64Url.encodedLength(raw.length));
        assertArrayEquals(raw, Base64Url.decode(text));

        byte[] expected = canonical(s);
        byte[] decoded = Base64Url.decode(s);
        assertArrayEquals(expected, decoded, s);
        assertArrayEquals(expected, Base64Url.decode(new StringBuilder(s)), s);

        // A range inside a longer text, written at an offset.
        String framed = "=".repeat(pad) + s + ".".repeat(pad);
        byte[] dst = new byte[pad + Math.max(0, Base64Url.decodedLength(s.length()))];
        int n = Base64Url.decode(framed, pad, pad + s.length(), dst, pad);
        if (expected == null) {
            assertEquals(-1, n, s);
        } else {
            assertEquals(expected.length, n, s);
            assertArrayEquals(expected, Arrays.copyOfRange(dst, pad, pad + n), s);
            assertEquals(s, Base64Url.encode(expected));
            assertEquals(s.length(), Base64Url.encodedLength(expected.length));
            assertEquals(expected.length, Base64Url.decodedLength(s.length()));
        }
        if (s.length() % 4 == 1) {
            assertNull(decoded);
        }
    }

    /** The JDK's bytes for a canonical unpadded base64url string, else null. */
    private static byte[] canonical(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alphabet = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!alphabet) {
                return null;
            }
        }
        byte[] bytes;
        try {
            bytes = JDK_DECODER.decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return JDK_ENCODER.encodeToString(bytes).equals(s) ? bytes : null;
    }
}
